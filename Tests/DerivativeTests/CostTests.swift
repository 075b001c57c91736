import Foundation
import Testing
import BackpropCore
import TestSupport

/// `cost`: operation counts worked out by hand.
///
/// With widths n_0…n_L, a forward pass is F = Σ n_{l−1}·n_l multiply-adds;
/// backprop is F (forward) + F (weight gradients) + Σ_{l≥2} n_{l−1}·n_l
/// (deltas); P parameters perturbed one at a time cost P·F, central
/// differences 2·P·F; a parameter of layer l has Π_{m>l} n_m path terms of
/// 2(L − l) + 2 factors each.
@Suite struct CostTests {
    @Test func twoTwoTwo() throws {
        let network = try Network(inputSize: 2, layers: [(2, .sigmoid), (2, .sigmoid)], loss: .mse)
        let cost = CostModel(network)
        // F = 2·2 + 2·2 = 8; deltas 2·2 = 4; backprop 8 + 8 + 4 = 20.
        #expect(cost.parameterCount == 12)
        #expect(cost.forward.exactValue == 8)
        #expect(cost.backprop.exactValue == 20)
        #expect(cost.perturbation.exactValue == 12 * 8)
        #expect(cost.centralDifferences.exactValue == 2 * 12 * 8)
        // Layer 1: 6 parameters × 2 paths; layer 2: 6 × 1.
        #expect(cost.pathTerms.exactValue == 18)
        // Layer-1 terms have 2·1 + 2 = 4 factors, layer-2 terms 2.
        #expect(cost.pathMultiplications.exactValue == 12 * 4 + 6 * 2)
        #expect(CostModel.pathCount(.weight(layer: 1, from: 0, to: 0), in: network).exactValue == 2)
        #expect(CostModel.pathCount(.input(0), in: network).exactValue == 4)
        #expect(cost.perturbation.ratio(to: cost.backprop) == "×4.8")
        #expect(LargeCount(999.4).ratio(to: LargeCount(1)) == "×999")
        #expect(LargeCount(999.6).ratio(to: LargeCount(1)) == "×1.00e+03")
    }

    @Test func threeFourThreeOne() throws {
        let network = try Network(inputSize: 3, layers: [(4, .tanh), (3, .tanh), (1, .linear)], loss: .mse)
        let cost = CostModel(network)
        // F = 12 + 12 + 3 = 27; deltas 12 + 3 = 15; backprop 27 + 27 + 15 = 69.
        #expect(cost.parameterCount == 16 + 15 + 4)
        #expect(cost.forward.exactValue == 27)
        #expect(cost.backprop.exactValue == 69)
        #expect(cost.perturbation.exactValue == 35 * 27)
        #expect(cost.centralDifferences.exactValue == 70 * 27)
        // Paths: layer 1: 16 × (3·1); layer 2: 15 × 1; layer 3: 4 × 1.
        #expect(cost.pathTerms.exactValue == 48 + 15 + 4)
        #expect(cost.pathMultiplications.exactValue == 48 * 6 + 15 * 4 + 4 * 2)
    }

    /// W3: 16 → 16×99 → 1. Path counts overflow every integer type and stay in log form.
    @Test func hundredLayers() throws {
        let (network, _, _) = try Support.deepNetwork()
        let cost = CostModel(network)
        #expect(cost.forward.exactValue == 99 * 256 + 16)
        #expect(cost.backprop.exactValue == 2 * (99 * 256 + 16) + 98 * 256 + 16)
        #expect(cost.pathTerms.exactValue == nil)
        // Layer 1 dominates: 272 parameters × 16^98 paths.
        let log10Layer1 = Foundation.log10(272.0) + 98 * Foundation.log10(16.0)
        #expect(cost.pathTerms.log10Value >= log10Layer1 && cost.pathTerms.log10Value < log10Layer1 + 0.1)
        #expect(cost.pathTerms.description == "2.9e+120")
        #expect(CostModel.pathCount(.weight(layer: 1, from: 0, to: 0), in: network).description == "1e+118")
        // Every ratio in the table to three significant figures:
        // 683,325,200/75,824 = 9011.97…, twice that 18023.9…
        #expect(cost.perturbation.ratio(to: cost.backprop) == "×9.01e+03")
        #expect(cost.centralDifferences.ratio(to: cost.backprop) == "×1.80e+04")
        #expect(cost.pathMultiplications.ratio(to: cost.backprop).wholeMatch(of: /×7\.\d\de\+117/) != nil)
    }
}
