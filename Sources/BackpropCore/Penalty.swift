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

    /// The penalty after moving weight `index` by `shift`, from its value
    /// `base` at the network as it is: only that weight's terms change, so a
    /// finite difference of every weight costs no pass over all of them.
    public func value(_ network: Network, base: Double, shifting index: Int, by shift: Double) -> Double {
        guard !isZero, Penalty.isWeight(index, in: network) else { return base }
        func own(_ w: Double) -> Double { l1 * Swift.abs(w) + 0.5 * l2 * w * w }
        let w = network.parameters[index]
        return base - own(w) + own(w + shift)
    }

    /// d(penalty)/dw for one weight: l1·sign(w) + l2·w, with sign(0) = 0 —
    /// the slope PyTorch's |w| takes at 0, and what a central difference sees
    /// there (|ε| − |−ε| = 0).
    @inline(__always)
    public func slope(at w: Double) -> Double {
        let sign: Double = w > 0 ? 1 : (w < 0 ? -1 : 0)
        return l1 * sign + l2 * w
    }

    /// Adds the penalty's gradient to `gradients` (laid out like `network.parameters`).
    public func addGradient(of network: Network, to gradients: inout [Double]) {
        guard !isZero else { return }
        network.parameters.withUnsafeBufferPointer { w in
            gradients.withUnsafeMutableBufferPointer { g in
                for layer in network.layers {
                    for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) { g[k] += slope(at: w[k]) }
                }
            }
        }
    }

    /// The penalty's part of dE/d`reference`: nil for a bias or an input (not
    /// penalised) and when there is no penalty.
    public func term(for reference: ParameterReference, in network: Network) -> PenaltyTerm? {
        guard !isZero, case .weight = reference else { return nil }
        let w = network.parameters[reference.parameterIndices(in: network)[0]]
        return PenaltyTerm(l1: l1, l2: l2, weight: w, value: slope(at: w))
    }

    static func isWeight(_ index: Int, in network: Network) -> Bool {
        network.layers.contains { (index - $0.weightOffset) >= 0 && index < $0.weightOffset + $0.weightCount }
    }
}

/// A weight's penalty term in its derivative, l1·sign(w) + l2·w, as `grad`
/// and `paths` add it to the data term.
public struct PenaltyTerm: Equatable, Sendable {
    public let l1: Double
    public let l2: Double
    /// The weight w.
    public let weight: Double
    /// l1·sign(w) + l2·w.
    public let value: Double

    /// sign(w), 0 at w = 0.
    public var sign: Double { weight > 0 ? 1 : (weight < 0 ? -1 : 0) }
}
