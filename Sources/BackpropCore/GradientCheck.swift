/// `check`: every parameter's backprop gradient against a central finite
/// difference, with the worst relative error per layer. Errors above
/// `flagThreshold` are flagged: with ε = 1e-6, a correct gradient agrees to
/// about 1e-8 or better unless it is tiny or sits on a relu kink.
public struct GradientCheck: Sendable {
    public static let flagThreshold = 1e-5

    public struct LayerResult: Sendable {
        public var layer: Int
        public var worstRelativeError: Double
        /// The parameter with the worst error (user name) and its two values.
        public var worstParameter: String
        public var gradient: Double
        public var estimate: Double
        public var isFlagged: Bool { worstRelativeError > GradientCheck.flagThreshold }
    }

    public let layers: [LayerResult]
    public let epsilon: Double

    /// Gradients below this size are compared absolutely: their relative
    /// error is dominated by the finite difference's rounding.
    static let tinyGradient = 1e-8

    public init(network: Network, inputs: Matrix, targets: Matrix, epsilon: Double = FiniteDifference.defaultEpsilon) {
        self.epsilon = epsilon
        let pass = Propagation(shapeOf: network, capacity: inputs.rows)
        pass.forward(network, inputs: inputs, targets: targets)
        pass.backward(network, inputGradient: false)
        let gradients = pass.gradients
        let names = ParameterReference.names(of: network)
        var results: [LayerResult] = []
        var shifted = network
        func loss() -> Double {
            pass.forward(shifted, inputs: inputs, targets: targets)
            return pass.loss
        }
        for (index, layer) in network.layers.enumerated() {
            var worst = LayerResult(layer: index + 1, worstRelativeError: 0, worstParameter: names[layer.weightOffset],
                                    gradient: gradients[layer.weightOffset], estimate: gradients[layer.weightOffset])
            for k in layer.weightOffset..<(layer.biasOffset + layer.outputs) {
                let original = network.parameters[k]
                shifted.parameters[k] = original + epsilon
                let plus = loss()
                shifted.parameters[k] = original - epsilon
                let minus = loss()
                shifted.parameters[k] = original
                let estimate = (plus - minus) / (2 * epsilon)
                let g = gradients[k]
                let scale = max(abs(g), abs(estimate))
                let error = scale < GradientCheck.tinyGradient ? abs(g - estimate) : abs(g - estimate) / scale
                if error > worst.worstRelativeError {
                    worst = LayerResult(layer: index + 1, worstRelativeError: error, worstParameter: names[k],
                                        gradient: g, estimate: estimate)
                }
            }
            results.append(worst)
        }
        layers = results
    }
}
