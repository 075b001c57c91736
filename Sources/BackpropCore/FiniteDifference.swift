import Foundation

/// A central finite-difference estimate of one derivative of E:
/// (E(θ + ε) − E(θ − ε)) / 2ε, with error O(ε²) from truncation and about
/// 1e-16·E/ε from rounding, so ε = 1e-6 balances the two near 1e-10.
public struct FiniteDifference: Equatable, Sendable {
    public static let defaultEpsilon = 1e-6

    public var estimate: Double
    public var epsilon: Double
    /// E at the unshifted parameters.
    public var loss: Double

    /// The smallest slope a difference of E can show: one rounding step of E
    /// (about 2.2e-16·|E|) over 2ε. Below it the estimate is noise or 0.
    public var resolution: Double { 2.2e-16 * abs(loss) / (2 * epsilon) }

    /// How far the estimate may stray from the true slope with nothing wrong:
    /// 100 rounding steps (E(θ+ε) and E(θ−ε) round differently by a few steps;
    /// up to about 5 on W3's 100-layer network) plus ε² for the truncation
    /// error ε²·E‴/6, with E‴ of order 1.
    public var noise: Double { 100 * resolution + epsilon * epsilon }

    /// The smallest gradient this difference can check: ten times its noise,
    /// so a relative error of 10% would show.
    public var smallestCheckable: Double { 10 * noise }

    /// True when a gradient of this size can be checked by this difference.
    public func canResolve(_ gradient: Double) -> Bool {
        max(abs(gradient), abs(estimate)) > smallestCheckable
    }

    /// What this difference says of backprop's `gradient`, with the figure
    /// the judgement used. `grad` and `check` both judge by it.
    public enum Verdict: Equatable, Sendable {
        /// The relative error is within `tolerance`.
        case agrees(relativeError: Double)
        /// The relative error is above `tolerance`, but |g − fd| is within `noise`.
        case withinNoise(relativeError: Double, noise: Double)
        /// Above `tolerance` and beyond the noise: a disagreement rounding
        /// cannot explain (a bug, or a relu kink within ±ε).
        case disagrees(relativeError: Double)
        /// Gradient and estimate are both at most `smallestCheckable`, and
        /// agree within the noise: no relative error would mean anything.
        case belowResolution(smallestCheckable: Double)

        /// The relative error judged, nil below resolution.
        public var relativeError: Double? {
            switch self {
            case .agrees(let error), .withinNoise(let error, _), .disagrees(let error): return error
            case .belowResolution: return nil
            }
        }
    }

    /// The verdict on backprop's `gradient`, judged with relative `tolerance`.
    /// A disagreement beyond the noise is one even below resolution.
    public func verdict(on gradient: Double, tolerance: Double = GradientCheck.flagThreshold) -> Verdict {
        let error = relativeError(to: gradient)
        let difference = abs(gradient - estimate)
        if difference > noise && difference > tolerance * max(abs(gradient), abs(estimate)) {
            return .disagrees(relativeError: error)
        }
        guard canResolve(gradient) else { return .belowResolution(smallestCheckable: smallestCheckable) }
        return error > tolerance ? .withinNoise(relativeError: error, noise: noise) : .agrees(relativeError: error)
    }

    /// |g − fd| / max(|g|, |fd|): 0 when both are 0.
    public func relativeError(to gradient: Double) -> Double {
        let scale = max(abs(gradient), abs(estimate))
        return scale == 0 ? 0 : abs(gradient - estimate) / scale
    }

    /// The estimate for a weight, bias or input of `network` over the samples
    /// (an input is shifted in every sample at once, matching the summed
    /// input gradient of the batch loss), of E plus `penalty`. `unshifted` is
    /// that E at the unshifted parameters, which the caller has from its own
    /// forward pass.
    /// - Throws: `NonFiniteValue` when E(θ + ε) or E(θ − ε) is not finite.
    public static func of(_ reference: ParameterReference, network: Network, inputs: Matrix, targets: Matrix,
                          loss unshifted: Double, epsilon: Double = defaultEpsilon,
                          penalty: Penalty = Penalty()) throws -> FiniteDifference {
        let pass = Propagation(shapeOf: network, capacity: inputs.rows)
        // One copy of the network (or inputs), shifted from the original each time.
        var shifted = network, x = inputs
        let indices = reference.parameterIndices(in: network)
        let base = penalty.value(network)
        func loss(_ shift: Double) throws -> Double {
            switch reference {
            case .input(let i):
                for r in 0..<x.rows { x[r, i] = inputs[r, i] + shift }
            default:
                for k in indices { shifted.parameters[k] = network.parameters[k] + shift }
            }
            pass.forward(shifted, inputs: x, targets: targets)
            let total = pass.loss + (indices.count == 1 ? penalty.value(network, base: base, shifting: indices[0], by: shift) : base)
            guard total.isFinite else { throw NonFiniteValue(site: .difference(reference, shift: shift), value: total) }
            return total
        }
        return FiniteDifference(estimate: (try loss(epsilon) - loss(-epsilon)) / (2 * epsilon), epsilon: epsilon, loss: unshifted)
    }

    /// ε as the user gave it, whatever the session's precision: the shortest
    /// %g that reads back as the same Double ("1e-06", not 9.9999999999999995e-07).
    public static func describeEpsilon(_ epsilon: Double) -> String {
        (1...17).lazy.map { String(format: "%.*g", $0, epsilon) }.first { Double($0) == epsilon } ?? "\(epsilon)"
    }

    /// A relative error in words-and-numbers: "3.2e-10".
    public static func describe(_ error: Double) -> String {
        error == 0 ? "0" : String(format: "%.1e", error)
    }
}
