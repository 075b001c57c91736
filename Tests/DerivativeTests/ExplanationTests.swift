import Foundation
import Testing
import BackpropCore
import TestSupport

/// `grad`: the explained value and every term of its chain, against
/// forward-mode derivatives and finite differences; the worked 2-2-2 example
/// against the published tutorial numbers; the folded 100-layer chain.
/// The words the terms are written out in are LabTests' concern.
@Suite struct ExplanationTests {

    static let combos: [Combo] = [
        Combo(widths: [2, 3, 2], hidden: .sigmoid, output: .sigmoid, loss: .mse),
        Combo(widths: [3, 4, 3, 2], hidden: .tanh, output: .linear, loss: .mse),
        Combo(widths: [2, 5, 3], hidden: .leakyRelu, output: .tanh, loss: .mse),
        Combo(widths: [3, 3, 4, 2], hidden: .tanh, output: .sigmoid, loss: .bce),
        Combo(widths: [2, 4, 3], hidden: .sigmoid, output: .softmax, loss: .ce),
        Combo(widths: [3, 3, 3], hidden: .tanh, output: .softmax, loss: .mse),
        Combo(widths: [2, 3, 3, 3, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse),
    ]


    static func direction(_ reference: ParameterReference, _ network: Network) -> Support.Direction {
        if case .input(let i) = reference { return .input(i) }
        return .parameter(reference.parameterIndices(in: network)[0])
    }

    @Test(arguments: combos)
    func valuesMatchForwardModeAndFiniteDifferences(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss,
                                          seed: UInt64(c.description.utf8.count * 7919))
        let (x, e) = Support.batch(rows: 4, for: network, seed: 42)
        for reference in Support.references(network) {
            let explanation = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e)
            let direction = Self.direction(reference, network)
            let exact = Support.forwardMode(network, x, e, direction)
            #expect(Support.relativeError(explanation.value, exact) < 1e-9, "\(c) \(reference): \(explanation.value) vs \(exact)")
            let fd = Support.fivePoint { h in
                var shifted = network, xs = x
                switch direction {
                case .parameter(let k): shifted.parameters[k] += h
                case .input(let i): for r in 0..<xs.rows { xs[r, i] += h }
                }
                return Support.loss(shifted, xs, e)
            }
            if abs(exact) > 1e-6 {
                #expect(Support.relativeError(explanation.value, fd) < 1e-6, "\(c) \(reference): \(explanation.value) vs fd \(fd)")
            }
            // The batch value is the mean of the per-sample values listed.
            #expect(explanation.sampleCount == 4 && explanation.sample == nil)
            #expect(explanation.sampleValues.count == 4)
            #expect(abs(explanation.sampleValues.reduce(0, +) / 4 - explanation.value) <= 1e-12 * max(1, abs(explanation.value)))
            #expect(explanation.finiteDifference.relativeError(to: explanation.value) < 1e-5 || !explanation.finiteDifference.canResolve(explanation.value),
                    "\(c) \(reference): central difference \(explanation.finiteDifference.estimate)")
            ChainChecks.expectConsistent(explanation, "\(c) \(reference)")
        }
    }

    /// sample=K: the value is that sample's own gradient, its terms multiply
    /// out to it, and every delta the chain derives equals dE_K/db (a bias
    /// moves z by exactly its own change).
    @Test(arguments: combos)
    func oneSampleChainShowsTheRightDeltas(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 99)
        let (x, e) = Support.batch(rows: 3, for: network, seed: 7)
        let k = 2
        let xk = x.rows([k]), ek = e.rows([k])
        for reference in Support.references(network) {
            let explanation = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e, sample: k)
            let exact = Support.forwardMode(network, xk, ek, Self.direction(reference, network))
            #expect(Support.relativeError(explanation.value, exact) < 1e-9, "\(c) \(reference)")
            #expect(explanation.sampleValues.isEmpty)
            #expect(explanation.sample == k && explanation.explainedSample == k && explanation.sampleCount == 1)
            ChainChecks.expectConsistent(explanation, "\(c) \(reference)")
            let derived = ChainChecks.derivedDeltas(explanation)
            for (l, j, value) in derived {
                let delta = Support.forwardMode(network, xk, ek, .parameter(network.layers[l - 1].biasIndex(j)))
                #expect(Support.relativeError(value, delta) < 1e-9 || abs(value - delta) < 1e-15, "\(c) \(reference): d\(l)[\(j + 1)] is \(value), forward mode \(delta)")
            }
            // Unfolded, the chain derives the parameter's own delta (every delta
            // of layer 1 for an input) and every delta of each later layer.
            let first: Int, own: Int
            switch reference {
            case .weight(let l, _, _), .bias(let l, _): (first, own) = (l, 1)
            default: (first, own) = (1, network.width(ofLayer: 1))
            }
            if network.depth - first + 1 <= GradientExplanation.unfoldedLayers {
                let later = (first..<network.depth).reduce(0) { $0 + network.width(ofLayer: $1 + 1) }
                #expect(derived.count == own + later, "\(c) \(reference): \(derived.count) deltas derived")
            } else {
                #expect(derived.count >= own + network.outputSize, "\(c) \(reference): \(derived.count) deltas derived")
            }
        }
    }

    /// The classic worked example (inputs 0.05, 0.10; targets 0.01, 0.99; the
    /// tutorial's weights): its published figures are E = 0.298371109,
    /// dE/dw5 = 0.082167041 (our w2[1,1]) and dE/dw1 = 0.000438568 (w1[1,1]),
    /// with hidden delta 0.036350306 · 0.241300709 and output deltas
    /// 0.741365070 · 0.186815602 and −0.217071535 · 0.175510052.
    static func workedExample() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 2, layers: [(2, .sigmoid), (2, .sigmoid)], loss: .mse)
        network.parameters = [0.15, 0.25, 0.20, 0.30, 0.35, 0.35, 0.40, 0.50, 0.45, 0.55, 0.60, 0.60]
        return (network, try Matrix([[0.05, 0.10]]), try Matrix([[0.01, 0.99]]))
    }

    @Test func workedExampleMatchesTheTutorial() throws {
        let (network, x, e) = try Self.workedExample()
        #expect(abs(Support.loss(network, x, e) - 0.298371109) < 1e-9)
        let w5 = try GradientExplanation(network: network, reference: ParameterReference(parsing: "w2[1,1]", in: network),
                                         inputs: x, targets: e)
        #expect(abs(w5.value - 0.082167041) < 1e-9)
        let w1 = try GradientExplanation(network: network, reference: ParameterReference(parsing: "w1[1,1]", in: network),
                                         inputs: x, targets: e)
        #expect(abs(w1.value - 0.000438568) < 1e-9)
        #expect(w1.finiteDifference.relativeError(to: w1.value) < 1e-6)
        #expect(w1.finiteDifference.epsilon == 1e-6)
        guard case .weight(let head) = w1.head else { Issue.record("w1[1,1] head \(w1.head)"); return }
        #expect(head.left == Factor(.activation(layer: 0, neuron: 0), 0.05) && head.right.symbol == .delta(layer: 1, neuron: 0))
        // d1[1], then d2[1] and d2[2]: nothing else, nothing folded.
        #expect(w1.steps.count == 3)
        let hidden = try #require(ChainChecks.hidden(w1, layer: 1, neuron: 0))
        #expect(abs(hidden.slope.value - 0.241300709) < 1e-9 && abs(hidden.sum.value - 0.036350306) < 1e-9)
        #expect(hidden.sum.terms.elements.map(\.left) == [Factor(.weight(layer: 2, from: 0, to: 0), 0.40), Factor(.weight(layer: 2, from: 0, to: 1), 0.50)])
        for (k, error, slope) in [(0, 0.741365070, 0.186815602), (1, -0.217071535, 0.175510052)] {
            let output = try #require(ChainChecks.output(w1, neuron: k))
            guard case .elementwise(let f) = output.form else { Issue.record("d2[\(k + 1)] form \(output.form)"); continue }
            #expect(abs(output.output.value - output.target.value - error) < 1e-9 && abs(f.value - slope) < 1e-9)
        }
    }

    /// sigmoid + bce: the loss's own dE/do = (o − e)/(o(1 − o)), times
    /// sigmoid' = o(1 − o), leads to the closed form o − e.
    @Test func bceOutputDeltaStartsFromTheLossesOwnDerivative() throws {
        let network = try Support.network([2, 3, 1], hidden: .tanh, output: .sigmoid, loss: .bce, seed: 3)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 3)
        let explanation = try GradientExplanation(network: network, reference: .bias(layer: 2, neuron: 0), inputs: x, targets: e)
        let o = Support.outputs(network, x, e)[0], t = e[0, 0]
        let d = Support.forwardMode(network, x, e, .parameter(network.layers[1].biasIndex(0)))
        #expect(abs(d - (o - t)) < 1e-15)
        let output = try #require(ChainChecks.output(explanation, neuron: 0))
        guard case let .sigmoidBCE(lossSlope, complement, slope) = output.form else { Issue.record("form \(output.form)"); return }
        #expect(output.output.value == o && output.target.value == t && complement == 1 - o)
        #expect(lossSlope == Factor(.lossSlope(0), (o - t) / (o * (1 - o))))
        #expect(Support.relativeError(slope.value, o * (1 - o)) < 1e-12)
        #expect(Support.relativeError(output.delta.value, d) < 1e-12)
    }

    /// softmax + ce on the audit's data, whose rows' targets sum to 2 and 0.6:
    /// the value agrees with forward mode and the finite difference (and
    /// PyTorch's −0.321368), not with the o − e shortcut (−0.392973), and
    /// each output delta runs from dE/do = −e/o to o·Σe − e.
    @Test func ceOutputDeltaForTargetsThatDoNotSumToOne() throws {
        let (network, x, e) = try Self.auditSoftmax()
        let explanation = try GradientExplanation(network: network, reference: .bias(layer: 1, neuron: 0), inputs: x, targets: e)
        let exact = Support.forwardMode(network, x, e, .parameter(network.layers[0].biasIndex(0)))
        #expect(Support.relativeError(explanation.value, exact) < 1e-12, "\(explanation.value) vs \(exact)")
        #expect(abs(explanation.value - -0.321368) <= 5e-7)
        #expect(explanation.finiteDifference.relativeError(to: explanation.value) < 1e-8)
        let o = Support.outputs(network, x.rows([0]), e.rows([0]))
        for k in 0..<3 {
            let d = Support.forwardMode(network, x.rows([0]), e.rows([0]), .parameter(network.layers[0].biasIndex(k)))
            #expect(abs(d - (2 * o[k] - e[0, k])) < 1e-15)
            let one = try GradientExplanation(network: network, reference: .bias(layer: 1, neuron: k), inputs: x, targets: e, sample: 0)
            let output = try #require(ChainChecks.output(one, neuron: k))
            guard case let .softmaxCE(quotients, allFinite, targetSum) = output.form else { Issue.record("form \(output.form)"); continue }
            #expect(targetSum == 2 && allFinite && quotients.elided == 0)
            #expect(quotients.elements.map(\.value) == (0..<3).map { -e[0, $0] / o[$0] })
            #expect(quotients.elements.map(\.output.value) == o && quotients.elements.map(\.target.value) == e.row(0))
            #expect(abs(output.delta.value - d) < 1e-15)
        }
    }

    /// A 2-input, 3-output softmax network (uniform ±1, seed 3) and two
    /// samples whose targets sum to 2 and 0.6.
    static func auditSoftmax() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 2, layers: [(3, .softmax)], loss: .ce)
        Initializer.uniform(-1, 1).initialize(&network, seed: 3)
        return (network, try Matrix([[0.5, -0.2], [0.1, 0.3]]), try Matrix([[1, 1, 0], [0.3, 0.3, 0]]))
    }

    /// With one-hot targets (Σe = 1) the closed form is the familiar o − e.
    @Test func ceOutputDeltaWithOneHotTargetsReducesToOMinusE() throws {
        let network = try Support.network([2, 3, 3], hidden: .tanh, output: .softmax, loss: .ce, seed: 4)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 4)
        let explanation = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        for k in 0..<3 {
            let output = try #require(ChainChecks.output(explanation, neuron: k))
            guard case let .softmaxCE(_, _, targetSum) = output.form else { Issue.record("form \(output.form)"); continue }
            #expect(targetSum == 1)
            #expect(abs(output.delta.value - (output.output.value - output.target.value)) < 1e-15)
        }
    }

    /// A parameter that cannot move E (behind a relu with z < 0, or weighting
    /// an input of 0) has backprop and the difference both exactly 0: that is
    /// agreement, not a gradient too small for the difference to see.
    @Test func exactZeroOnBothSidesIsAgreement() throws {
        let (network, x, e) = try Self.deadRelu()
        for name in ["w1[1,1]", "w1[2,1]", "b1[1]", "w2[1,1]"] {
            let reference = try ParameterReference(parsing: name, in: network)
            let explanation = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e)
            #expect(explanation.value == 0 && explanation.finiteDifference.estimate == 0, "\(name)")
        }
        let live = try GradientExplanation(network: network, reference: .bias(layer: 2, neuron: 0), inputs: x, targets: e)
        #expect(live.value != 0 && live.finiteDifference.verdict(on: live.value).relativeError != nil)
    }

    /// z1 = 0·w1[1,1] + 1·(−1) + 0.5 = −0.5: the relu is off, and x[1] = 0.
    static func deadRelu() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 2, layers: [(1, .relu), (1, .linear)], loss: .mse)
        network.parameters = [0.3, -1, 0.5, 2, 0.1]
        return (network, try Matrix([[0, 1]]), try Matrix([[1]]))
    }

    @Test func wholeLayersAndBadSamplesAreRefused() throws {
        let (network, x, e) = try Self.workedExample()
        #expect(throws: CoreError.self) {
            try GradientExplanation(network: network, reference: .weightLayer(1), inputs: x, targets: e)
        }
        #expect(throws: CoreError.self) {
            try GradientExplanation(network: network, reference: .bias(layer: 1, neuron: 0), inputs: x, targets: e, sample: 1)
        }
    }
}
