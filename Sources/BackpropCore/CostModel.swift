/// `cost`: how much arithmetic one full gradient of the loss takes, three ways.
///
/// With n_l the width of layer l, a forward pass takes F = Σ_l n_{l−1}·n_l
/// multiply-adds. Backprop adds the weight gradients (again Σ n_{l−1}·n_l)
/// and the back-propagated deltas (Σ_{l≥2} n_{l−1}·n_l): about 3F for every
/// gradient at once. Perturbing one parameter at a time (forward-mode, or
/// one-sided differences) needs a forward pass per parameter, P·F; central
/// differences need two, 2·P·F. Expanding E symbolically along every path
/// ("write the error in terms of the inputs and differentiate") gives one term
/// per path per parameter: a weight of layer l has Π_{m>l} n_m paths, each a
/// product of about 2(L − l) + 2 factors.
public struct CostModel: Sendable {
    public let parameterCount: Int
    public let forward: LargeCount
    public let backprop: LargeCount
    public let perturbation: LargeCount
    public let centralDifferences: LargeCount
    public let pathTerms: LargeCount
    public let pathMultiplications: LargeCount

    public init(_ network: Network) {
        let widths = [network.inputSize] + network.layers.map(\.outputs)
        let depth = network.depth
        var forwardCount = 0.0, deltaCount = 0.0
        for l in 1...max(depth, 1) where depth > 0 {
            forwardCount += Double(widths[l - 1] * widths[l])
            if l >= 2 { deltaCount += Double(widths[l - 1] * widths[l]) }
        }
        parameterCount = network.parameters.count
        forward = LargeCount(forwardCount)
        backprop = LargeCount(2 * forwardCount + deltaCount)
        perturbation = LargeCount(Double(parameterCount) * forwardCount)
        centralDifferences = LargeCount(2 * Double(parameterCount) * forwardCount)
        var terms = LargeCount(0), multiplications = LargeCount(0)
        for l in stride(from: 1, through: depth, by: 1) {
            let perParameter = LargeCount.product(Array(widths[(l + 1)...]))
            let parameters = LargeCount(Double(widths[l - 1] * widths[l] + widths[l]))
            terms = terms + perParameter * parameters
            multiplications = multiplications + perParameter * parameters * LargeCount(Double(2 * (depth - l) + 2))
        }
        pathTerms = terms
        pathMultiplications = multiplications
    }

    /// The number of paths from a parameter or input to the loss.
    public static func pathCount(_ reference: ParameterReference, in network: Network) -> LargeCount {
        let widths = network.layers.map(\.outputs)
        switch reference {
        case .weight(let l, _, _), .bias(let l, _), .weightLayer(let l), .biasLayer(let l):
            return LargeCount.product(Array(widths[l...]))
        case .input, .inputs:
            return LargeCount.product(widths)
        }
    }
}
