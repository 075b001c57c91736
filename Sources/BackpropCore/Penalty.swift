/// L1 and L2 weight penalties, added to the loss and to its gradient alike:
///
///     E_total = E + l1 · Σ |w| + (l2 / 2) · Σ w²
///     dE_total/dw = dE/dw + l1 · sign(w) + l2 · w
///
/// Biases are not penalised (the usual convention: a bias only shifts a
/// neuron, it does not make the fit more complex). With the ½ in the L2 term,
/// l2 here equals PyTorch's `weight_decay` for SGD.
public struct Penalty: Equatable, Sendable {
    public var l1: Double
    public var l2: Double

    public init(l1: Double = 0, l2: Double = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    public var isZero: Bool { l1 == 0 && l2 == 0 }

    /// The penalty term of the loss for `network`'s weights.
    public func value(_ network: Network) -> Double {
        guard !isZero else { return 0 }
        var abs1 = 0.0, squares = 0.0
        for layer in network.layers {
            for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) {
                let w = network.parameters[k]
                abs1 += Swift.abs(w)
                squares += w * w
            }
        }
        return l1 * abs1 + 0.5 * l2 * squares
    }

    /// Adds the penalty's gradient to `gradients` (laid out like `network.parameters`).
    public func addGradient(of network: Network, to gradients: inout [Double]) {
        guard !isZero else { return }
        let (l1, l2) = (self.l1, self.l2)
        network.parameters.withUnsafeBufferPointer { w in
            gradients.withUnsafeMutableBufferPointer { g in
                for layer in network.layers {
                    for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) {
                        let sign: Double = w[k] > 0 ? 1 : (w[k] < 0 ? -1 : 0)
                        g[k] += l1 * sign + l2 * w[k]
                    }
                }
            }
        }
    }
}
