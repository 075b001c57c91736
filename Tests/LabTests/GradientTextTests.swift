import Foundation
import Testing
import BackpropCore
@testable import Lab
import TestSupport

/// `grad PARAM` as the user reads it: the value and the mean it is of, the
/// chain rule line by line (the worked 2-2-2 example in full), each output
/// delta's derivation, the folded deep chain, and the check's verdict.
@Suite struct GradientTextTests {
    static let combos: [Combo] = [
        .init(widths: [2, 3, 2], hidden: .sigmoid, output: .sigmoid, loss: .mse),
        .init(widths: [3, 4, 3, 2], hidden: .tanh, output: .linear, loss: .mse),
        .init(widths: [2, 5, 3], hidden: .leakyRelu, output: .tanh, loss: .mse),
        .init(widths: [3, 3, 4, 2], hidden: .tanh, output: .sigmoid, loss: .bce),
        .init(widths: [2, 4, 3], hidden: .sigmoid, output: .softmax, loss: .ce),
        .init(widths: [3, 3, 3], hidden: .tanh, output: .softmax, loss: .mse),
        .init(widths: [2, 3, 3, 3, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse),
    ]

    @Test(arguments: combos)
    func firstLinesGiveTheValueAndTheMeanItIs(_ c: Combo) throws {
        let network = try Support.network(c, seed: UInt64(c.description.utf8.count * 7919))
        let (x, e) = Support.batch(rows: 4, for: network, seed: 42)
        let harness = try DerivativeText.session(network, x, e)
        for reference in Support.references(network) {
            let value = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e).value
            let lines = harness.run("grad \(reference)")
            #expect(lines[0] == "dE/d\(reference) = \(DerivativeText.format(value))")
            #expect(lines[1].contains("the mean over 4 samples"), "\(c) \(reference): \(lines[1])")
        }
    }

    /// sample=K: the chain is that sample's, and every delta block shows the
    /// delta of that sample's own pass.
    @Test(arguments: combos)
    func oneSampleChainShowsTheRightDeltas(_ c: Combo) throws {
        let network = try Support.network(c, seed: 99)
        let (x, e) = Support.batch(rows: 3, for: network, seed: 7)
        let harness = try DerivativeText.session(network, x, e)
        let pass = DerivativeText.pass(network, x, e, sample: 2)
        for reference in Support.references(network) {
            let lines = harness.run("grad \(reference) sample=3")
            #expect(lines[1] == "  chain rule for sample 3:")
            var shown = 0
            for l in 1...network.depth {
                for j in 0..<network.width(ofLayer: l) {
                    guard let value = DerivativeText.shownValue("d\(l)[\(j + 1)]", in: lines) else { continue }
                    let delta = pass.delta(layer: l, sample: 0, neuron: j)
                    #expect(abs(value - delta) <= 1e-5 * abs(delta) + 1e-300, "\(c) \(reference): d\(l)[\(j + 1)] shown \(value), is \(delta)")
                    shown += 1
                }
            }
            // Unfolded, the chain shows the parameter's own delta (every delta of
            // layer 1 for an input) and every delta of each later layer.
            let first: Int, own: Int
            switch reference {
            case .weight(let l, _, _), .bias(let l, _): (first, own) = (l, 1)
            default: (first, own) = (1, network.width(ofLayer: 1))
            }
            if network.depth - first + 1 <= GradientExplanation.unfoldedLayers {
                let later = (first..<network.depth).reduce(0) { $0 + network.width(ofLayer: $1 + 1) }
                #expect(shown == own + later, "\(c) \(reference): \(shown) deltas shown")
            } else {
                #expect(shown >= own + network.outputSize, "\(c) \(reference): \(shown) deltas shown")
            }
            #expect(lines.last!.hasPrefix("check: central difference"))
        }
    }

    /// The classic worked example typed in as in the chain-rule lesson,
    /// checked line by line against the tutorial's figures.
    @Test func workedExampleReadsLikeTheTutorial() throws {
        let harness = SessionHarness()
        harness.run(["data 0.05 0.10 -> 0.01 0.99", "net 2 2:sigmoid 2:sigmoid", "set w1 = [[0.15, 0.25], [0.20, 0.30]]",
                     "set b1 = 0.35", "set w2 = [[0.40, 0.50], [0.45, 0.55]]", "set b2 = 0.60"])
        let lines = harness.run("grad w1[1,1]")
        let expected = [
            "dE/dw1[1,1] = 0.000438568",
            "dE/dw1[1,1] = a0[1] · d1[1]",
            "    = 0.05 · 0.00877135 = 0.000438568",
            "d1[1] = f'(z1[1]) · Σ_k w2[1,k]·d2[k] = a1[1]·(1 − a1[1]) · (w2[1,1]·d2[1] + w2[1,2]·d2[2])",
            "    = 0.241301 · (0.4·0.138499 + 0.5·(-0.0380982)) = 0.241301 · 0.0363503 = 0.00877135",
            "d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1]) · a2[1]·(1 − a2[1])   (mse: dE/do = o − e)",
            "    = (0.751365 − 0.01) · 0.186816 = 0.138499",
            "d2[2] = dE/do[2] · f'(z2[2]) = (o[2] − e[2]) · a2[2]·(1 − a2[2])   (mse: dE/do = o − e)",
            "    = (0.772928 − 0.99) · 0.17551 = -0.0380982",
        ]
        #expect(Array(lines.prefix(expected.count)) == expected)
        #expect(lines.count == expected.count + 1)
        #expect(lines.last!.hasPrefix("check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0.000438568; relative error "))
    }

    /// sigmoid + bce: the loss's own dE/do = (o − e)/(o(1 − o)) with its
    /// numbers, times sigmoid' = o(1 − o), then the closed form o − e.
    @Test func bceOutputDeltaStartsFromTheLossesOwnDerivative() throws {
        let network = try Support.network([2, 3, 1], hidden: .tanh, output: .sigmoid, loss: .bce, seed: 3)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 3)
        let lines = try DerivativeText.session(network, x, e).run("grad b2[1]")
        let pass = DerivativeText.pass(network, x, e), f = DerivativeText.format
        let o = pass.a(layer: 2, sample: 0, neuron: 0), t = e[0, 0], d = pass.delta(layer: 2, sample: 0, neuron: 0)
        let start = try #require(lines.firstIndex { $0.hasPrefix("d2[1] = ") })
        #expect(lines[start] == "d2[1] = dE/do[1] · f'(z2[1]) = (o[1] − e[1])/(o[1]·(1 − o[1])) · a2[1]·(1 − a2[1])   (bce: dE/do = (o − e)/(o·(1 − o)))")
        #expect(lines[start + 1] == "    = (\(f(o)) − \(f(t)))/(\(f(o))·\(f(1 - o))) · \(f(o * (1 - o))) = (\(f((o - t) / (o * (1 - o))))) · \(f(o * (1 - o)))")
        #expect(lines[start + 2] == "    = o[1] − e[1] = \(f(o)) − \(f(t)) = \(f(d))   (o[1]·(1 − o[1]) cancels)")
    }

    /// softmax + ce on the audit's data, whose rows' targets sum to 2 and 0.6:
    /// the value PyTorch gives (−0.321368), and each output delta from
    /// dE/do = −e/o to o·Σe − e with the numbers, saying why it is not o − e.
    @Test func ceOutputDeltaForTargetsThatDoNotSumToOne() throws {
        var network = try Network(inputSize: 2, layers: [(3, .softmax)], loss: .ce)
        Initializer.uniform(-1, 1).initialize(&network, seed: 3)
        let x = try Matrix([[0.5, -0.2], [0.1, 0.3]]), e = try Matrix([[1, 1, 0], [0.3, 0.3, 0]])
        let harness = try DerivativeText.session(network, x, e)
        #expect(harness.run("grad b1[1]")[0] == "dE/db1[1] = -0.321368")
        let pass = DerivativeText.pass(network, x, e), f = DerivativeText.format
        let o = (0..<3).map { pass.a(layer: 1, sample: 0, neuron: $0) }
        let quotients = "−1/\(f(o[0])) = \(f(-1 / o[0])), −1/\(f(o[1])) = \(f(-1 / o[1])), −0/\(f(o[2])) = 0"
        for k in 0..<3 {
            let n = k + 1, t = e[0, k], d = pass.delta(layer: 1, sample: 0, neuron: k)
            let block = [
                "d1[\(n)] = Σ_j dE/do[j] · do[j]/dz1[\(n)] = Σ_j (−e[j]/o[j]) · o[j]·([j = \(n)] − o[\(n)])   (ce: dE/do = −e/o)",
                "    dE/do[j] = −e[j]/o[j]: " + quotients,
                "    = o[\(n)]·Σ_j e[j] − e[\(n)] = \(f(o[k]))·2 − \(f(t)) = \(f(d))   (the o[j] cancel; Σ_j e[j] = 2, not 1, so not o[\(n)] − e[\(n)])",
            ]
            let lines = harness.run("grad b1[\(n)] sample=1")
            let start = try #require(lines.firstIndex { $0.hasPrefix("d1[\(n)] = Σ_j") })
            #expect(Array(lines[start...].prefix(3)) == block)
        }
    }

    /// With one-hot targets (Σe = 1) the closed form is the familiar o − e.
    @Test func ceOutputDeltaWithOneHotTargetsReducesToOMinusE() throws {
        let network = try Support.network([2, 3, 3], hidden: .tanh, output: .softmax, loss: .ce, seed: 4)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 4)
        let lines = try DerivativeText.session(network, x, e).run("grad w1[1,1]")
        for n in 1...3 {
            let closed = try #require(lines.first { $0.hasPrefix("    = o[\(n)]·Σ_j e[j] − e[\(n)] = ") })
            #expect(closed.hasSuffix("(the o[j] cancel; Σ_j e[j] = 1, so this is o[\(n)] − e[\(n)])"))
            #expect(closed.contains("·1 − "))
        }
    }

    /// Backprop and the difference both exactly 0 is said to be agreement,
    /// with the reasons it happens; a live parameter gets a relative error.
    @Test func exactZeroOnBothSidesIsAgreement() throws {
        var network = try Network(inputSize: 2, layers: [(1, .relu), (1, .linear)], loss: .mse)
        // z1 = 0·w1[1,1] + 1·(−1) + 0.5 = −0.5: the relu is off, and x[1] = 0.
        network.parameters = [0.3, -1, 0.5, 2, 0.1]
        let harness = try DerivativeText.session(network, try Matrix([[0, 1]]), try Matrix([[1]]))
        for name in ["w1[1,1]", "w1[2,1]", "b1[1]", "w2[1,1]"] {
            #expect(harness.run("grad \(name)").last! == "check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = 1e-06 gives 0, "
                    + "exactly what backprop gives: changing \(name) does not change E here (a relu with z ≤ 0 on the way, or an input of 0)")
        }
        #expect(harness.run("grad b2[1]").last!.contains("relative error"))
    }

    /// The check's other verdicts in words: a relu on its kink disagrees
    /// beyond the noise; W3's w91[6,1] disagrees only within it.
    @Test func checkLineWordsTheVerdict() throws {
        var kink = try Network(inputSize: 1, layers: [(1, .relu), (1, .linear)], loss: .mse)
        kink.parameters = [0.5, -0.5, 1, 0]
        let onKink = try DerivativeText.session(kink, try Matrix([[1]]), try Matrix([[1]])).run("grad w1[1,1]")
        #expect(onKink.last!.hasSuffix("; relative error 1.0e+00 (above 1.0e-05 and beyond the difference's rounding noise: a relu kink within ±ε, or a bug)"))
        let (deep, x, e) = try Support.deepNetwork()
        let small = try DerivativeText.session(deep, x, e).run("grad w91[6,1]")
        #expect(small.last!.hasSuffix("(within the difference's rounding noise, about 2.1e-09)"), "\(small.last!)")
    }
}
