import Foundation
import Testing
import BackpropCore
import TestSupport

/// `grad` on deep chains: the middle layers are folded into their delta
/// norms, what is kept is right, and the terms of W3's network take
/// milliseconds.
@Suite struct DeepChainTests {
    /// W3's network: the chain of w1[1,1] keeps layers 1, 2, 99 and 100 and
    /// folds 3…98; its value agrees with forward mode (1e-66 is far below
    /// what a finite difference resolves), and every delta it shows is right.
    @Test func deepChainIsFoldedAndCorrect() throws {
        let (network, x, e) = try Support.deepNetwork()
        let explanation = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        let exact = Support.forwardMode(network, x, e, .parameter(0))
        #expect(abs(exact) < 1e-40 && exact != 0)
        #expect(Support.relativeError(explanation.value, exact) < 1e-9, "\(explanation.value) vs \(exact)")
        #expect(!explanation.finiteDifference.canResolve(explanation.value))
        ChainChecks.expectConsistent(explanation, "W3 w1[1,1]")
        let folds = explanation.steps.compactMap { step -> ClosedRange<Int>? in
            if case let .fold(layers, norms) = step { #expect(norms.count == layers.count); return layers }
            return nil
        }
        #expect(folds == [3...98])
        let shown = ChainChecks.shownDeltas(explanation)
        #expect(Set(shown.map(\.0)) == [1, 2, 99, 100])
        // Layer 1: the weight's own neuron; layers 2 and 99: six derived, then
        // the first eight of the other ten listed; layer 100: its one neuron.
        #expect(ChainChecks.derivedDeltas(explanation).count == 1 + 6 + 6 + 1 && shown.count == 1 + 14 + 14 + 1)
        for (l, j) in [(1, 0), (2, 0), (2, 5), (2, 6), (2, 13), (99, 0), (99, 3), (100, 0)] {
            let value = try #require(shown.first { $0.0 == l && $0.1 == j }?.2, "d\(l)[\(j + 1)] not shown")
            let delta = Support.forwardMode(network, x, e, .parameter(network.layers[l - 1].biasIndex(j)))
            #expect(Support.relativeError(value, delta) < 1e-9, "d\(l)[\(j + 1)]: \(value) vs \(delta)")
        }
    }

    /// The folded middle keeps the norm of every folded layer's deltas, here
    /// against forward mode: W3's sigmoids shrink them; tanh layers with
    /// weights up to ±1.2 grow them (the audit's case); identity layers pass
    /// them on unchanged.
    @Test func foldKeepsTheDeltaNormsOfTheFoldedLayers() throws {
        for (network, x, e, trend) in try Self.foldCases() {
            let last = network.depth - 2
            let norm = { (l: Int) in
                (0..<network.width(ofLayer: l)).reduce(0.0) {
                    let d = Support.forwardMode(network, x, e, .parameter(network.layers[l - 1].biasIndex($1)))
                    return $0 + d * d
                }.squareRoot()
            }
            let ratio = norm(3) / norm(last)
            #expect(trend == "shrink" ? ratio < 0.5 : trend == "grow" ? ratio > 2 : abs(ratio - 1) < 1e-12, "\(trend): \(ratio)")
            let explanation = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
            let norms = explanation.steps.compactMap { step -> [Double]? in
                if case let .fold(layers, norms) = step, layers == 3...last { return norms }
                return nil
            }
            let kept = try #require(norms.first, "\(trend): no fold of layers 3…\(last)")
            #expect(Support.relativeError(kept[0], norm(3)) < 1e-9 && Support.relativeError(kept[kept.count - 1], norm(last)) < 1e-9,
                    "\(trend): ‖d3‖ \(kept[0]) vs \(norm(3)), ‖d\(last)‖ \(kept[kept.count - 1]) vs \(norm(last))")
        }
    }

    /// W3's network, a 40-layer tanh network with weights up to ±1.2, and 6
    /// identity layers, with the way their deltas go on the way back.
    static func foldCases() throws -> [(Network, Matrix, Matrix, String)] {
        let (w3, x, e) = try Support.deepNetwork()
        var tanh = try Network(inputSize: 16, layers: Array(repeating: (16, .tanh), count: 40) + [(1, .linear)], loss: .mse)
        Initializer.uniform(-1.2, 1.2).initialize(&tanh, seed: 4)
        var identity = try Network(inputSize: 2, layers: Array(repeating: (2, .linear), count: 6) + [(1, .linear)], loss: .mse)
        for l in 0..<6 { for i in 0..<2 { identity.parameters[identity.layers[l].weightIndex(from: i, to: i)] = 1 } }
        identity.parameters[identity.layers[6].weightIndex(from: 0, to: 0)] = 1
        return [(w3, x, e, "shrink"), (tanh, x, e, "grow"),
                (identity, try Matrix([[0.5, -0.5]]), try Matrix([[2]]), "stay about the same size")]
    }

    /// The terms of one `grad w1[1,1]` on W3's network, averaged over 50
    /// queries. The bound is 10 ms in a release build (the issue's target)
    /// and 10× that in debug; LabTests holds the same bound with the text.
    @Test func deepExplanationIsFast() throws {
        let (network, x, e) = try Support.deepNetwork()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<50 {
            _ = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 50e9
        #if DEBUG
        let bound = 0.1
        #else
        let bound = 0.01
        #endif
        print("grad w1[1,1] terms on 100×16 sigmoid: \(String(format: "%.3f", seconds * 1000)) ms per query")
        #expect(seconds < bound)
    }
}
