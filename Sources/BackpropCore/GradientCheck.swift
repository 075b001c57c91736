/// `check`: every parameter's backprop gradient against a central finite
/// difference, the worst per layer. A parameter is flagged when the two differ
/// by more than `flagThreshold` relative *and* by more than the difference's
/// rounding noise (`FiniteDifference.noise`): with ε = 1e-6 a correct gradient
/// agrees to about 1e-8 or better unless it is small enough for the rounding
/// of E to show (deep networks) or sits on a relu kink.
public struct GradientCheck: Sendable {
    public static let flagThreshold = 1e-5

    /// The parameter shown for one layer: the worst flagged one if any, else
    /// the worst relative error among the gradients the difference resolves,
    /// else the largest gradient (when all are below its resolution).
    public struct LayerResult: Sendable {
        public var layer: Int
        public var worstParameter: String
        public var gradient: Double
        public var estimate: Double
        /// The difference's verdict on `worstParameter`.
        public var verdict: FiniteDifference.Verdict
        /// The relative error of `worstParameter`; nil when every gradient of
        /// the layer is below what the difference can resolve.
        public var worstRelativeError: Double? { verdict.relativeError }
        public var isFlagged: Bool { if case .disagrees = verdict { true } else { false } }
        /// Relative error above `flagThreshold`, but within the difference's noise.
        public var isWithinNoise: Bool { if case .withinNoise = verdict { true } else { false } }

        /// Flagged before unflagged, resolved before unresolved, then the larger
        /// relative error (or, unresolved, the larger gradient).
        func isWorse(than other: LayerResult) -> Bool {
            if isFlagged != other.isFlagged { return isFlagged }
            switch (worstRelativeError, other.worstRelativeError) {
            case let (mine?, theirs?): return mine > theirs
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return max(abs(gradient), abs(estimate)) > max(abs(other.gradient), abs(other.estimate))
            }
        }
    }

    public let layers: [LayerResult]
    public let epsilon: Double
    /// The differences' noise and smallest checkable gradient (`FiniteDifference`;
    /// the same for every parameter, as all start from the same E).
    public let noise: Double
    public let smallestCheckable: Double

    /// Checks the gradient of E plus `penalty` (the E `train` descends).
    /// - Throws: `NonFiniteValue` at the first NaN or infinity in E, in
    ///   backprop, or in a shifted E: there is nothing to compare then.
    public init(network: Network, inputs: Matrix, targets: Matrix, epsilon: Double = FiniteDifference.defaultEpsilon,
                penalty: Penalty = Penalty()) throws {
        // Nothing stops this check, so it always finishes.
        try self.init(network: network, inputs: inputs, targets: targets, epsilon: epsilon, penalty: penalty,
                      shouldStop: { false })!
    }

    /// As above, checking `shouldStop` (Ctrl-C) before each parameter: nil when it stopped.
    public init?(network: Network, inputs: Matrix, targets: Matrix, epsilon: Double, penalty: Penalty,
                 shouldStop: () -> Bool) throws {
        self.epsilon = epsilon
        let pass = Propagation(shapeOf: network, capacity: inputs.rows)
        pass.forward(network, inputs: inputs, targets: targets)
        pass.backward(network, inputGradient: false)
        if let bad = pass.firstNonFinite(in: network, backward: true) { throw bad }
        let base = penalty.value(network)
        try penalty.requireFinite(base)
        var gradients = pass.gradients
        penalty.addGradient(of: network, to: &gradients)
        let unshifted = FiniteDifference(estimate: 0, epsilon: epsilon, loss: pass.loss + base)
        noise = unshifted.noise
        smallestCheckable = unshifted.smallestCheckable
        let names = ParameterReference.names(of: network)
        var results: [LayerResult] = []
        var shifted = network
        func loss(_ k: Int, _ shift: Double) throws -> Double {
            shifted.parameters[k] = network.parameters[k] + shift
            defer { shifted.parameters[k] = network.parameters[k] }
            pass.forward(shifted, inputs: inputs, targets: targets)
            let total = pass.loss + penalty.value(network, base: base, shifting: k, by: shift)
            guard total.isFinite else {
                throw NonFiniteValue(site: .difference(ParameterReference(index: k, in: network), shift: shift), value: total)
            }
            return total
        }
        for (index, layer) in network.layers.enumerated() {
            var worst: LayerResult?
            for k in layer.weightOffset..<(layer.biasOffset + layer.outputs) {
                if shouldStop() { return nil }
                var difference = unshifted
                difference.estimate = (try loss(k, epsilon) - loss(k, -epsilon)) / (2 * epsilon)
                let g = gradients[k]
                let candidate = LayerResult(layer: index + 1, worstParameter: names[k], gradient: g,
                                            estimate: difference.estimate, verdict: difference.verdict(on: g))
                if worst.map(candidate.isWorse) ?? true { worst = candidate }
            }
            results.append(worst!)
        }
        layers = results
    }
}
