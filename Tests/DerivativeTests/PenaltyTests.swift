import Foundation
import Testing
import BackpropCore
import TestSupport

/// grad, check and paths with l1/l2 set differentiate the E train descends,
/// E + l1·Σ|w| + l2/2·Σw² over the weights: against forward mode plus the
/// penalty's slope computed here, and five-point differences of that E, on
/// random networks of every activation/loss combination; frozen parameters
/// change none of it.
@Suite struct PenaltyTests {
    static let penalty = Penalty(l1: 0.03, l2: 0.7)

    /// The penalty written out again, independently of `Penalty`.
    static func penaltyValue(_ network: Network) -> Double {
        var total = 0.0
        for layer in network.layers {
            for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) {
                let w = network.parameters[k]
                total += penalty.l1 * abs(w) + penalty.l2 / 2 * w * w
            }
        }
        return total
    }


    @Test(arguments: ExplanationTests.combos)
    func gradWithPenaltyMatchesForwardModeAndDifferences(_ c: Combo) throws {
        var network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 77)
        network.frozen.insert([0, network.parameters.count - 1])  // frozen or not, the gradient is the same
        let (x, e) = Support.batch(rows: 3, for: network, seed: 78)
        for reference in Support.references(network) {
            let explanation = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e,
                                                      penalty: Self.penalty)
            let plain = try GradientExplanation(network: network, reference: reference, inputs: x, targets: e)
            let direction = ExplanationTests.direction(reference, network)
            var slope = 0.0
            if case .parameter(let k) = direction { slope = Self.slope(network, k, Self.penalty) }
            let exact = Support.forwardMode(network, x, e, direction) + slope
            #expect(Support.relativeError(explanation.value, exact) < 1e-9, "\(c) \(reference): \(explanation.value) vs \(exact)")
            #expect(explanation.dataValue == plain.value && (explanation.penalty?.value ?? 0) == slope, "\(c) \(reference)")
            let fd = Support.fivePoint { h in
                var shifted = network, xs = x
                switch direction {
                case .parameter(let k): shifted.parameters[k] += h
                case .input(let i): for r in 0..<xs.rows { xs[r, i] += h }
                }
                return Support.loss(shifted, xs, e) + Self.penaltyValue(shifted)
            }
            #expect(Support.relativeError(explanation.value, fd) < 1e-6 || abs(exact) < 1e-6, "\(c) \(reference): fd \(fd)")
            #expect(explanation.finiteDifference.relativeError(to: explanation.value) < 1e-5
                    || !explanation.finiteDifference.canResolve(explanation.value), "\(c) \(reference)")
            if case .input = reference { continue }
            let paths = try PathExpansion(network: network, reference: reference, inputs: x, targets: e, limit: 3, penalty: Self.penalty)
            #expect(abs(paths.total - explanation.value) <= 1e-12 * max(1, abs(explanation.value)), "\(c) \(reference): paths")
            #expect(paths.gradient == explanation.value, "\(c) \(reference): paths' backprop")
        }
        let check = try GradientCheck(network: network, inputs: x, targets: e, penalty: Self.penalty)
        if c.hidden != .leakyRelu { #expect(check.layers.allSatisfy { !$0.isFlagged }, "\(c)") }
    }

    /// At w = 0 |w| has no slope: the l1 term is taken as 0 (as PyTorch's sign
    /// does), which is also what a central difference sees, |ε| − |−ε| = 0.
    @Test func l1AtZeroAddsNothingAndTheDifferenceAgrees() throws {
        var network = try Support.network([2, 3, 1], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 3)
        network.parameters[0] = 0
        let (x, e) = Support.batch(rows: 2, for: network, seed: 4)
        let l1 = Penalty(l1: 0.5)
        let explanation = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0),
                                                  inputs: x, targets: e, penalty: l1)
        #expect(explanation.penalty?.value == 0 && explanation.penalty?.sign == 0)
        #expect(explanation.value == explanation.dataValue)
        #expect(explanation.finiteDifference.relativeError(to: explanation.value) < 1e-6)
    }

    /// Penalty.value with one weight shifted (check's shortcut) is the penalty of the shifted network.
    @Test func shiftedPenaltyIsThePenaltyOfTheShiftedNetwork() throws {
        let network = try Support.network([3, 4, 2], hidden: .relu, output: .linear, loss: .mse, seed: 9)
        let base = Self.penalty.value(network)
        for k in network.parameters.indices {
            var shifted = network
            shifted.parameters[k] += 1e-3
            let value = Self.penalty.value(network, base: base, shifting: k, by: 1e-3)
            #expect(abs(value - Self.penalty.value(shifted)) <= 1e-14 * base, "parameter \(k)")
        }
    }
}
