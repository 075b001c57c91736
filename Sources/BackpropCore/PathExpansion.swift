/// `paths PARAM`: the chain rule as a sum over paths.
///
/// A weight w_l[i,j] reaches the loss through every sequence of neurons
/// j = k_l, k_{l+1}, …, k_L of the later layers. Along one path the local
/// derivatives multiply:
///
///     a_{l−1}[i] · f'(z_l[k_l]) · w_{l+1}[k_l,k_{l+1}] · f'(z_{l+1}[k_{l+1}]) · … · dE/dz_L[k_L]
///
/// and dE/dw is the sum over all paths. The last factor is the output delta
/// dE/dz_L[k] — for element-wise outputs written as f'(z_L[k]) · dE/do[k];
/// for softmax outputs it already sums over the coupled outputs, which keeps
/// the path sum exact. There are Π_{m>l} n_m paths: backprop computes the same
/// sum by factoring it layer by layer, which is why it is cheap.
public struct PathExpansion: Sendable {
    public static let defaultLimit = 1000

    /// One path: the neuron it passes through in each layer from `firstLayer`
    /// to the output, the local derivatives along it, and their product.
    public struct Path: Sendable {
        public let neurons: [Int]
        public let factors: [Factor]
        public let product: Double
    }

    public let reference: ParameterReference
    public let count: LargeCount
    /// The layer each path's first neuron is in: the parameter's own, 1 for an input.
    public let firstLayer: Int
    public let paths: [Path]
    /// The sum over the paths, which is the gradient.
    public let sum: Double
    /// The same gradient from the backward pass, for comparison.
    public let backprop: Double

    /// Lists the paths of `reference` for one sample; throws past `limit` paths.
    public init(network: Network, reference: ParameterReference, input: [Double], target: [Double],
                limit: Int = defaultLimit) throws {
        try reference.requireSingleValue()
        self.reference = reference
        count = CostModel.pathCount(reference, in: network)
        guard let exact = count.exactValue, exact <= limit else {
            let cost = CostModel(network)
            throw CoreError.invalidSize("\(reference) has \(count) paths to the loss (more than limit=\(limit)); "
                + "one backward pass computes every gradient with \(cost.backprop) multiply-adds instead (see `cost`)")
        }
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: Matrix(rows: 1, columns: input.count, storage: input),
                     targets: Matrix(rows: 1, columns: target.count, storage: target))
        pass.backward(network)
        let walker = PathWalker(network: network, pass: pass, target: target, reference: reference)
        firstLayer = walker.start
        var choice = walker.firstChoice
        var paths: [Path] = []
        for _ in 0..<exact {
            let factors = walker.factors(along: choice)
            paths.append(Path(neurons: choice, factors: factors, product: factors.reduce(1.0) { $0 * $1.value }))
            walker.advance(&choice)
        }
        self.paths = paths
        sum = paths.reduce(0.0) { $0 + $1.product }
        backprop = GradientExplanation.read(reference, from: pass, network: network, sample: 0)
    }
}

/// Walks the paths of one parameter through one sample's pass.
struct PathWalker {
    let network: Network
    let pass: Propagation
    let target: [Double]
    let reference: ParameterReference
    /// The layer of each path's first neuron.
    let start: Int
    /// The neuron a weight or bias fixes in layer `start`; an input fixes none.
    let fixed: Int?
    /// True when the last factor is the output delta itself (closed-form or
    /// softmax outputs), not f'(z_L) · dE/do.
    let fused: Bool

    init(network: Network, pass: Propagation, target: [Double], reference: ParameterReference) {
        self.network = network
        self.pass = pass
        self.target = target
        self.reference = reference
        switch reference {
        case let .weight(l, _, j), let .bias(l, j): (start, fixed) = (l, j)
        default: (start, fixed) = (1, nil)
        }
        let output = network.layers[network.depth - 1].activation
        fused = network.loss.hasClosedFormDelta(output) || output == .softmax
    }

    /// The first path: the fixed neuron, then neuron 0 of every later layer.
    var firstChoice: [Int] {
        var choice = (start...network.depth).map { _ in 0 }
        if let fixed { choice[0] = fixed }
        return choice
    }

    /// The local derivatives along the path through `choice` (one neuron per layer from `start`).
    func factors(along choice: [Int]) -> [Factor] {
        let depth = network.depth
        var factors: [Factor] = []
        switch reference {
        case let .weight(l, i, _):
            factors.append(Factor(.activation(layer: l - 1, neuron: i), pass.a(layer: l - 1, sample: 0, neuron: i)))
        case let .input(i):
            factors.append(Factor(.weight(layer: 1, from: i, to: choice[0]), network.weight(0, from: i, to: choice[0])))
        default:
            break
        }
        for (offset, l) in (start...depth).enumerated() {
            let k = choice[offset]
            let z = pass.z(layer: l, sample: 0, neuron: k), a = pass.a(layer: l, sample: 0, neuron: k)
            let slope = Factor(.slope(layer: l, neuron: k), network.layers[l - 1].activation.derivative(z: z, a: a))
            if l < depth {
                let next = choice[offset + 1]
                factors += [slope, Factor(.weight(layer: l + 1, from: k, to: next), network.weight(l, from: k, to: next))]
            } else if fused {
                factors.append(Factor(.delta(layer: l, neuron: k), pass.delta(layer: l, sample: 0, neuron: k)))
            } else {
                factors += [slope, Factor(.lossSlope(k), a - target[k])]
            }
        }
        return factors
    }

    /// The next path: the free neurons advance like an odometer, last layer fastest.
    func advance(_ choice: inout [Int]) {
        for position in ((fixed == nil ? 0 : 1)..<choice.count).reversed() {
            choice[position] += 1
            if choice[position] < network.width(ofLayer: start + position) { return }
            choice[position] = 0
        }
    }
}
