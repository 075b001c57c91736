import Testing
import BackpropCore
import TestSupport

/// `paths`: the sum over every path equals the backprop gradient, the paths
/// listed are exactly the product of the later widths, and past the limit the
/// refusal names the count and what backprop needs instead.
@Suite struct PathTests {
    static let combos: [ExplanationTests.Combo] = [
        .init(widths: [2, 3, 2], hidden: .sigmoid, output: .sigmoid, loss: .mse),
        .init(widths: [3, 2, 3, 2], hidden: .tanh, output: .linear, loss: .mse),
        .init(widths: [2, 3, 3], hidden: .sigmoid, output: .sigmoid, loss: .bce),
        .init(widths: [3, 4, 3], hidden: .tanh, output: .softmax, loss: .ce),
        .init(widths: [2, 2, 3, 3], hidden: .leakyRelu, output: .softmax, loss: .ce),
        .init(widths: [3, 3, 3], hidden: .sigmoid, output: .softmax, loss: .mse),
    ]

    @Test(arguments: combos)
    func pathSumsEqualTheGradient(_ c: ExplanationTests.Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 5)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 6)
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: x, targets: e)
        pass.backward(network)
        for reference in ExplanationTests.references(network) {
            let expansion = try PathExpansion(network: network, reference: reference, input: x.row(0), target: e.row(0),
                                              format: Support.format)
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
            let exact = Support.forwardMode(network, x, e, ExplanationTests.direction(reference, network))
            #expect(Support.relativeError(expansion.sum, exact) < 1e-9 || abs(exact) < 1e-14, "\(c) \(reference)")
            let paths = later.reduce(1, *)
            #expect(expansion.count.exactValue == paths)
            #expect(expansion.lines.filter { $0.hasSuffix("→ E:") }.count == paths, "\(c) \(reference)")
            #expect(expansion.lines.first == "\(reference): \(paths) path\(paths == 1 ? "" : "s") to the loss (the product of the later layers' widths)")
            // Each path's product is the product of the factors it lists.
            for line in expansion.lines where line.hasPrefix("    = ") {
                let parts = line.dropFirst(6).components(separatedBy: " = ")
                let factors = parts[0].components(separatedBy: " · ").map { Double($0.trimmingCharacters(in: ["(", ")"]))! }
                let product = Double(parts[1])!
                let multiplied = factors.reduce(1, *)
                // Each factor is shown to 6 digits (±5e-6 relative each).
                #expect(abs(multiplied - product) <= 5e-6 * Double(factors.count + 1) * abs(product) + 1e-300, "\(line)")
            }
        }
    }

    /// A softmax output couples its outputs: the path's last factor is the
    /// output delta dE/dz_L[k] (itself a sum over the outputs), so the sum
    /// over the paths through z_L[k] is still exact.
    @Test func softmaxPathsEndInTheOutputDelta() throws {
        let network = try Support.network([2, 2, 3], hidden: .tanh, output: .softmax, loss: .ce, seed: 8)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 8)
        let expansion = try PathExpansion(network: network, reference: .weight(layer: 1, from: 1, to: 0),
                                          input: x.row(0), target: e.row(0), format: Support.format)
        #expect(expansion.lines.filter { $0.hasSuffix("·dE/dz2[1]") || $0.hasSuffix("·dE/dz2[2]") || $0.hasSuffix("·dE/dz2[3]") }.count == 3)
    }

    @Test func refusalStatesTheCountAndTheBackpropCost() throws {
        let small = try Support.network([2, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 1)
        // x[1] reaches the loss through 3 · 3 · 2 = 18 paths.
        let error = #expect(throws: CoreError.self) {
            try PathExpansion(network: small, reference: .input(0), input: [0.1, 0.2], target: [0, 1], limit: 10, format: Support.format)
        }
        // Backprop on 2-3-3-2: forward 6 + 9 + 6 = 21, weight gradients 21, deltas 9 + 6 = 15: 57.
        #expect(error?.description == "x[1] has 18 paths to the loss (more than limit=10); one backward pass computes every gradient with 57 multiply-adds instead (see `cost`)")
        _ = try PathExpansion(network: small, reference: .input(0), input: [0.1, 0.2], target: [0, 1], limit: 18, format: Support.format)

        let (deep, x, e) = try Support.deepNetwork()
        let deepError = #expect(throws: CoreError.self) {
            try PathExpansion(network: deep, reference: .weight(layer: 1, from: 0, to: 0), input: x.row(0), target: e.row(0), format: Support.format)
        }
        // 16^98 = 10^118.0 paths; backprop: 2 · 25,360 + 25,104 = 75,824.
        #expect(deepError?.description == "w1[1,1] has 1e+118 paths to the loss (more than limit=1000); one backward pass computes every gradient with 75,824 multiply-adds instead (see `cost`)")
    }

    /// paths and grad take one value; a whole layer, or all the inputs, is
    /// refused with a name of one value of that kind.
    @Test(arguments: [
        (ParameterReference.inputs, "x names all the inputs: ask for one, like x[1]"),
        (.weightLayer(2), "w2 names a whole layer of weights: ask for one, like w2[1,1]"),
        (.biasLayer(1), "b1 names a whole layer of biases: ask for one, like b1[1]"),
    ])
    func wholeLayersAreRefusedByName(_ reference: ParameterReference, _ message: String) throws {
        let (network, x, e) = try ExplanationTests.workedExample()
        let paths = #expect(throws: CoreError.self) {
            try PathExpansion(network: network, reference: reference, input: x.row(0), target: e.row(0), format: Support.format)
        }
        #expect(paths?.description == message)
        let grad = #expect(throws: CoreError.self) {
            try GradientExplanation(network: network, reference: reference, inputs: x, targets: e, format: Support.format)
        }
        #expect(grad?.description == message)
    }
}
