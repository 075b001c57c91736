import Foundation
import Testing
import BackpropCore
import TestSupport

/// `paths`: the sum over every path equals the backprop gradient, the paths
/// listed are exactly the product of the later widths, each one's product is
/// that of its factors, and past the limit nothing is listed.
@Suite struct PathTests {
    static let combos: [Combo] = [
        .init(widths: [2, 3, 2], hidden: .sigmoid, output: .sigmoid, loss: .mse),
        .init(widths: [3, 2, 3, 2], hidden: .tanh, output: .linear, loss: .mse),
        .init(widths: [2, 3, 3], hidden: .sigmoid, output: .sigmoid, loss: .bce),
        .init(widths: [3, 4, 3], hidden: .tanh, output: .softmax, loss: .ce),
        .init(widths: [2, 2, 3, 3], hidden: .leakyRelu, output: .softmax, loss: .ce),
        .init(widths: [3, 3, 3], hidden: .sigmoid, output: .softmax, loss: .mse),
    ]

    @Test(arguments: combos)
    func pathSumsEqualTheGradient(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 5)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 6)
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: x, targets: e)
        pass.backward(network)
        for reference in Support.references(network) {
            let expansion = try PathExpansion(network: network, reference: reference, inputs: x, targets: e, limit: 100)
            let backprop: Double
            let later: ArraySlice<Int>
            switch reference {
            case .input(let i):
                backprop = pass.inputGradient(sample: 0, input: i)
                later = c.widths.dropFirst()
            case .weight(let l, _, _), .bias(let l, _):
                backprop = pass.gradients[reference.parameterIndices(in: network)[0]]
                later = c.widths.dropFirst(l + 1)
            default:
                Issue.record("unexpected \(reference)")
                continue
            }
            #expect(abs(expansion.sum - backprop) <= 1e-12 * max(abs(backprop), 1e-6), "\(c) \(reference): \(expansion.sum) vs \(backprop)")
            #expect(expansion.backprop == backprop)
            let exact = Support.forwardMode(network, x, e, ExplanationTests.direction(reference, network))
            #expect(Support.relativeError(expansion.sum, exact) < 1e-9 || abs(exact) < 1e-14, "\(c) \(reference)")
            let paths = later.reduce(1, *)
            #expect(expansion.count.exactValue == paths)
            #expect(expansion.paths.count == paths, "\(c) \(reference)")
            // Every path is a different route through one neuron per layer, from the parameter's own layer.
            #expect(Set(expansion.paths.map(\.neurons)).count == paths)
            #expect(expansion.paths.allSatisfy { $0.neurons.count == network.depth - expansion.firstLayer + 1 })
            // Each path's product is the product of the factors it lists, and the sum is theirs.
            for path in expansion.paths {
                #expect(path.product == path.factors!.reduce(1.0) { $0 * $1.value }, "\(c) \(reference) \(path.neurons)")
            }
            #expect(expansion.sum == expansion.paths.sorted { $0.index < $1.index }.reduce(0.0) { $0 + $1.product })
        }
    }

    /// Without sample=, paths are of the batch mean, as grad's value is: each
    /// path's product is the mean of the samples' own, the paths add up to the
    /// mean gradient (forward mode), and each sample's own sum over the paths
    /// is that sample's gradient.
    @Test(arguments: combos)
    func pathsOfTheMeanAddUpToTheMeanGradient(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 15)
        let (x, e) = Support.batch(rows: 4, for: network, seed: 16)
        for reference in Support.references(network) {
            let mean = try PathExpansion(network: network, reference: reference, inputs: x, targets: e, limit: 100)
            let direction = ExplanationTests.direction(reference, network)
            let exact = Support.forwardMode(network, x, e, direction)
            #expect(Support.relativeError(mean.sum, exact) < 1e-9 || abs(exact) < 1e-14, "\(c) \(reference)")
            #expect(abs(mean.sum - mean.backprop) <= 1e-12 * max(abs(mean.backprop), 1e-6), "\(c) \(reference)")
            #expect(mean.sampleCount == 4 && mean.sample == nil && mean.paths.allSatisfy { $0.factors == nil })
            let own = try (0..<4).map { try PathExpansion(network: network, reference: reference, inputs: x, targets: e, sample: $0, limit: 100) }
            for path in mean.paths {
                let products = own.map { expansion in expansion.paths.first { $0.index == path.index }!.product }
                #expect(abs(path.product - products.reduce(0, +) / 4) <= 1e-15 * max(1, abs(path.product)), "\(c) \(reference)")
            }
            #expect(mean.sampleSums == own.map(\.sum), "\(c) \(reference)")
            let forward = (0..<4).map { Support.forwardMode(network, x.rows([$0]), e.rows([$0]), direction) }
            #expect(zip(mean.sampleSums, forward).allSatisfy { Support.relativeError($0, $1) < 1e-9 || abs($1) < 1e-14 }, "\(c) \(reference)")
        }
    }

    /// A softmax output couples its outputs: the path's last factor is the
    /// output delta dE/dz_L[k] (itself a sum over the outputs), so the sum
    /// over the paths through z_L[k] is still exact.
    @Test func softmaxPathsEndInTheOutputDelta() throws {
        let network = try Support.network([2, 2, 3], hidden: .tanh, output: .softmax, loss: .ce, seed: 8)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 8)
        let expansion = try PathExpansion(network: network, reference: .weight(layer: 1, from: 1, to: 0), inputs: x, targets: e)
        let paths = expansion.paths.sorted { $0.index < $1.index }
        #expect(paths.map { $0.symbols.last! } == (0..<3).map { Symbol.delta(layer: 2, neuron: $0) })
        for (k, path) in paths.enumerated() {
            let delta = Support.forwardMode(network, x, e, .parameter(network.layers[1].biasIndex(k)))
            #expect(Support.relativeError(path.factors!.last!.value, delta) < 1e-9)
        }
    }

    /// limit=N lists the N paths of largest |product|, largest first, and
    /// sums up the rest: listed and unlisted together are every path, and
    /// their sum is still the gradient.
    @Test func limitListsTheLargestAndSumsTheRest() throws {
        let small = try Support.network([2, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 1)
        let x = try Matrix([[0.1, 0.2]]), e = try Matrix([[0, 1]])
        // x[1] reaches the loss through 3 · 3 · 2 = 18 paths.
        #expect(CostModel.pathCount(.input(0), in: small).exactValue == 18)
        let all = try PathExpansion(network: small, reference: .input(0), inputs: x, targets: e, limit: 18)
        let top = try PathExpansion(network: small, reference: .input(0), inputs: x, targets: e, limit: 2)
        #expect(all.paths.count == 18 && all.rest.count == 0 && all.rest.sum == 0)
        #expect(top.paths.count == 2 && top.rest.count == 16)
        let sizes = all.paths.map { abs($0.product) }
        #expect(sizes == sizes.sorted(by: >))
        #expect(top.paths.map(\.index) == all.paths.prefix(2).map(\.index))
        let listed = top.paths.reduce(0.0) { $0 + $1.product }
        #expect(abs(listed + top.rest.sum - top.sum) <= 1e-15 && top.sum == all.sum)
        #expect(abs(top.sum - top.backprop) <= 1e-15)
    }

    /// Past what bplab walks nothing is listed; the refusal's figures (LabTests
    /// checks its words) are the path count and one backward pass's cost.
    @Test func refusalStatesTheCountAndTheBackpropCost() throws {
        let small = try Support.network([2, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 1)
        // Backprop on 2-3-3-2: forward 6 + 9 + 6 = 21, weight gradients 21, deltas 9 + 6 = 15: 57.
        #expect(CostModel(small).backprop.exactValue == 57)
        let (deep, x, e) = try Support.deepNetwork()
        #expect(throws: CoreError.self) {
            try PathExpansion(network: deep, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        }
        // 16^98 = 10^118.0 paths; backprop: 2 · 25,360 + 25,104 = 75,824.
        let count = CostModel.pathCount(.weight(layer: 1, from: 0, to: 0), in: deep)
        #expect(abs(count.log10Value - 98 * Foundation.log10(16.0)) < 1e-9)
        #expect(CostModel(deep).backprop.exactValue == 75_824)
    }

    /// paths and grad take one value; a whole layer, or all the inputs, is
    /// refused (LabTests checks that the refusal names one value of that kind).
    @Test(arguments: [ParameterReference.inputs, .weightLayer(2), .biasLayer(1)])
    func wholeLayersAreRefused(_ reference: ParameterReference) throws {
        let (network, x, e) = try ExplanationTests.workedExample()
        #expect(throws: CoreError.self) {
            try PathExpansion(network: network, reference: reference, inputs: x, targets: e, limit: 100)
        }
        #expect(throws: CoreError.self) {
            try GradientExplanation(network: network, reference: reference, inputs: x, targets: e)
        }
    }
}
