import Testing
import BackpropCore
import TestSupport

/// `check`: smooth networks pass in every layer; a relu sitting exactly on
/// its kink (where backprop takes relu'(0) = 0 but a central difference sees
/// slope ½) is flagged in its own layer only.
@Suite struct CheckTests {
    @Test(arguments: ExplanationTests.combos.filter { $0.hidden != .leakyRelu })
    func smoothNetworksPass(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 31)
        let (x, e) = Support.batch(rows: 5, for: network, seed: 32)
        let check = try GradientCheck(network: network, inputs: x, targets: e)
        #expect(check.epsilon == 1e-6)
        #expect(check.layers.map(\.layer) == Array(1...network.depth))
        for layer in check.layers {
            #expect(!layer.isFlagged, "\(c) layer \(layer.layer): \(layer.worstRelativeError) at \(layer.worstParameter)")
        }
    }

    @Test func reluKinkIsFlagged() throws {
        var network = try Network(inputSize: 1, layers: [(1, .relu), (1, .linear)], loss: .mse)
        // z1 = 1·0.5 − 0.5 = 0 exactly; out = a1; E = ½(a1 − 1)².
        network.parameters = [0.5, -0.5, 1, 0]
        let check = try GradientCheck(network: network, inputs: try Matrix([[1]]), targets: try Matrix([[1]]))
        #expect(check.layers[0].isFlagged)
        #expect(check.layers[0].worstParameter == "w1[1,1]")
        #expect(check.layers[0].gradient == 0)
        #expect(abs(check.layers[0].estimate - -0.5) < 1e-5)
        #expect(!check.layers[1].isFlagged)
    }

    /// W3's network (100 sigmoid layers): backprop is right to 1e-15, but in
    /// layers 90–96 the gradients (1e-8…1e-6) are close enough to the rounding
    /// of E (0.19; one step is 2e-11 of slope with ε = 1e-6) for relative
    /// errors up to 3e-3. Those must not be flagged; the earlier layers, whose
    /// gradients are all below what the difference resolves, report no error.
    @Test func deepNetworkIsNotFlaggedForRoundingNoise() throws {
        let (network, x, e) = try Support.deepNetwork()
        let check = try GradientCheck(network: network, inputs: x, targets: e)
        let flagged = check.layers.filter(\.isFlagged).map(\.layer)
        #expect(flagged.isEmpty, "flagged layers \(flagged)")
        let noisy = check.layers.filter(\.isWithinNoise).map(\.layer)
        #expect(noisy.contains(91) && noisy.allSatisfy { (90...96).contains($0) }, "within noise: \(noisy)")
        for layer in check.layers where layer.isWithinNoise {
            #expect(abs(layer.gradient - layer.estimate) < check.noise)
        }
        let unresolved = check.layers.filter { $0.worstRelativeError == nil }.map(\.layer)
        #expect(unresolved == Array(1...89), "below resolution: \(unresolved)")
        #expect(check.layers[0].gradient.magnitude < check.smallestCheckable)
        #expect(try #require(check.layers[99].worstRelativeError) < 1e-8)
    }

    /// `grad` and `check` reach one verdict on the same parameter: for the
    /// worst parameter of every layer of a 12-layer sigmoid net (agreeing,
    /// within noise and below resolution all occur), the explanation's
    /// difference gives the verdict the check gave.
    @Test func gradAndCheckReachTheSameVerdict() throws {
        let network = try Support.network([2] + Array(repeating: 4, count: 11) + [1], hidden: .sigmoid, output: .sigmoid,
                                          loss: .mse, seed: 7)
        let (x, e) = Support.batch(rows: 4, for: network, seed: 8)
        let check = try GradientCheck(network: network, inputs: x, targets: e)
        for layer in check.layers {
            let explanation = try GradientExplanation(network: network, reference: try ParameterReference(parsing: layer.worstParameter, in: network),
                                                      inputs: x, targets: e)
            #expect(explanation.finiteDifference.verdict(on: explanation.value) == layer.verdict, "layer \(layer.layer)")
        }
        #expect(check.layers.contains { if case .belowResolution = $0.verdict { true } else { false } })
        #expect(check.layers.contains { if case .agrees = $0.verdict { true } else { false } })
    }

    /// grad's closing check judges its relative error by the same rule
    /// (LabTests checks how the verdict is worded): on the relu kink backprop
    /// says 0 and the difference −0.5; on W3's w91[6,1] they differ by more
    /// than 1e-3 relative, but within the difference's rounding noise.
    @Test func gradJudgesItsFiniteDifferenceLikeCheck() throws {
        var kink = try Network(inputSize: 1, layers: [(1, .relu), (1, .linear)], loss: .mse)
        kink.parameters = [0.5, -0.5, 1, 0]
        let onKink = try GradientExplanation(network: kink, reference: .weight(layer: 1, from: 0, to: 0), inputs: try Matrix([[1]]),
                                             targets: try Matrix([[1]]))
        #expect(onKink.finiteDifference.verdict(on: onKink.value) == .disagrees(relativeError: 1))
        let (deep, x, e) = try Support.deepNetwork()
        let small = try GradientExplanation(network: deep, reference: .weight(layer: 91, from: 5, to: 0), inputs: x, targets: e)
        #expect(small.finiteDifference.relativeError(to: small.value) > 1e-3)
        let verdict = small.finiteDifference.verdict(on: small.value)
        guard case let .withinNoise(_, noise) = verdict else { Issue.record("\(verdict)"); return }
        #expect(noise >= 2.05e-9 && noise < 2.15e-9, "noise \(noise)")
    }
}
