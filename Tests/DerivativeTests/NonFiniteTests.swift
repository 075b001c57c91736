import Foundation
import Testing
import BackpropCore
import TestSupport

/// A NaN or infinity is never a small gradient: grad, check and paths stop
/// at the first one, naming where it appears; bce and ce are ∞ where
/// PyTorch's BCE-with-logits and log_softmax are, and the limit (not NaN)
/// at z = ±∞ where the formula itself is ∞ − ∞.
@Suite struct NonFiniteTests {
    /// The example of the issue: 2·1e308 + 2·(−1e308) is ∞ − ∞ in z1[1].
    static func overflowing() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 2, layers: [(1, .sigmoid)], loss: .mse)
        network.parameters = [1e308, -1e308, 0]
        return (network, try Matrix([[2, 2]]), try Matrix([[1]]))
    }

    @Test func checkGradAndPathsNameTheFirstNaN() throws {
        let (network, x, e) = try Self.overflowing()
        let expected = NonFiniteValue.Site.netInput(layer: 1, neuron: 0, sample: 0)
        for attempt in [
            { _ = try GradientCheck(network: network, inputs: x, targets: e) },
            { _ = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e) },
            { _ = try PathExpansion(network: network, reference: .bias(layer: 1, neuron: 0), inputs: x, targets: e) },
        ] {
            let error = #expect(throws: NonFiniteValue.self) { try attempt() }
            #expect(error?.site == expected && error?.value.isNaN == true, "\(String(describing: error))")
        }
    }

    /// Every output finite, E not: the loss itself overflows.
    @Test func anOverflowingLossIsNamedAsTheLoss() throws {
        var network = try Network(inputSize: 1, layers: [(1, .linear)], loss: .mse)
        network.parameters = [1e200, 0]
        let error = #expect(throws: NonFiniteValue.self) {
            try GradientCheck(network: network, inputs: try Matrix([[1]]), targets: try Matrix([[0]]))
        }
        #expect(error?.site == .loss && error?.value == .infinity)
    }

    /// E finite at θ, infinite at θ + ε: the difference, not backprop, is named.
    @Test func anOverflowingDifferenceIsNamedWithItsShift() throws {
        var network = try Network(inputSize: 1, layers: [(1, .linear)], loss: .mse)
        // a = w·1e150 just below √(2^1024), where a² overflows.
        network.parameters = [1.3407807929942596e4 * (1 - 1e-12), 0]
        let x = try Matrix([[1e150]]), e = try Matrix([[0]])
        #expect(Support.loss(network, x, e).isFinite)
        let error = #expect(throws: NonFiniteValue.self) {
            try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        }
        #expect(error?.site == .difference(.weight(layer: 1, from: 0, to: 0), shift: 1e-6) && error?.value == .infinity)
    }

    static func loss(_ loss: Loss, z: [Double], e: [Double]) -> Double {
        var a = z
        let activation: Activation = loss == .bce ? .sigmoid : .softmax
        z.withUnsafeBufferPointer { zp in a.withUnsafeMutableBufferPointer { activation.apply(z: zp.baseAddress!, a: $0.baseAddress!, rows: 1, columns: z.count) } }
        return z.withUnsafeBufferPointer { zp in a.withUnsafeBufferPointer { ap in e.withUnsafeBufferPointer { ep in
            loss.value(z: zp.baseAddress!, a: ap.baseAddress!, targets: ep.baseAddress!, rows: 1, columns: z.count)
        } } }
    }

    struct Limit: Sendable, CustomStringConvertible {
        let loss: Loss, z: [Double], e: [Double], expected: Double
        init(_ loss: Loss, _ z: [Double], _ e: [Double], _ expected: Double) {
            (self.loss, self.z, self.e, self.expected) = (loss, z, e, expected)
        }
        var description: String { "\(loss) z = \(z), e = \(e)" }
    }

    /// PyTorch 2.x gives inf for bce(z = +∞, e = 0), bce(+∞, ½) and
    /// ce([−∞, 0], e = [1, 0]); the rest below are NaN there, the limit here.
    static let limits: [Limit] = [
        Limit(.bce, [.infinity], [0], .infinity), Limit(.bce, [.infinity], [0.5], .infinity), Limit(.bce, [.infinity], [1], 0),
        Limit(.bce, [-.infinity], [0], 0), Limit(.bce, [-.infinity], [1], .infinity), Limit(.bce, [1e308], [0], 1e308),
        Limit(.bce, [-800], [0], 0), Limit(.ce, [-.infinity, 0], [1, 0], .infinity), Limit(.ce, [-.infinity, 0], [0, 1], 0),
        Limit(.ce, [.infinity, 0], [1, 0], 0), Limit(.ce, [.infinity, 0], [0, 1], .infinity),
        Limit(.ce, [.infinity, .infinity], [1, 0], log(2)), Limit(.ce, [1e308, -1e308], [0, 1], .infinity),
    ]

    @Test(arguments: limits)
    func crossEntropiesAtInfinityAreTheirLimits(_ limit: Limit) {
        #expect(Self.loss(limit.loss, z: limit.z, e: limit.e) == limit.expected, "\(limit)")
    }

    /// Finite z keeps the formula's bits: bce = softplus(z) − e·z.
    @Test func finiteLogitsKeepTheirFormula() {
        for z in [-30.0, -1, 0, 0.5, 2, 40] {
            for e in [0.0, 0.3, 1] {
                let softplus = max(z, 0) + log1p(exp(-abs(z)))
                #expect(abs(Self.loss(.bce, z: [z], e: [e]) - (softplus - e * z)) <= 1e-15 * max(1, abs(softplus)))
            }
        }
    }
}
