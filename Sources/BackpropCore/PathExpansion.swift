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
///
/// Over several samples, as `grad`'s value, each path's product is its mean
/// over them (the paths of the mean), so the paths still add up to the
/// gradient; the penalty's term, which no path carries, is added beside them.
public struct PathExpansion: Sendable {
    /// Paths listed when `limit` is not given; the rest are summed.
    public static let defaultLimit = 10
    /// Paths times samples bplab walks before it refuses (each path is a
    /// product of about 2(L − l) + 2 factors).
    public static let maximumWalked = 1_000_000

    /// One path: the neuron it passes through in each layer from `firstLayer`
    /// to the output, the local derivatives along it, and their product.
    public struct Path: Sendable {
        /// Its position in route order (the last layer's neuron changing fastest).
        public let index: Int
        public let neurons: [Int]
        /// What the local derivatives along it are, by name.
        public let symbols: [Symbol]
        /// One sample's local derivatives; nil for the paths of the mean,
        /// whose factors differ from sample to sample.
        public let factors: [Factor]?
        /// The product of one sample's factors, or its mean over the samples.
        public let product: Double
    }

    public let reference: ParameterReference
    public let count: LargeCount
    /// The layer each path's first neuron is in: the parameter's own, 1 for an input.
    public let firstLayer: Int
    /// How many samples the paths' products are the mean of (1 for one sample).
    public let sampleCount: Int
    /// The sample asked for (0-based), nil for the mean over all of them.
    public let sample: Int?
    /// The `limit` paths of largest |product|, largest first (ties in route order).
    public let paths: [Path]
    /// The paths not listed: how many, and the sum of their products.
    public let rest: (count: Int, sum: Double)
    /// The sum over every path (in route order): the data term of the gradient.
    public let sum: Double
    /// For the mean, the first samples' own sums over the paths (their mean is `sum`).
    public let sampleSums: [Double]
    /// The data term from the backward pass, for comparison.
    public let backprop: Double
    /// The penalty's term, added to the paths' sum: not a path, w appears in it directly.
    public let penalty: PenaltyTerm?

    /// The gradient as the paths give it: their sum plus the penalty term.
    public var total: Double { sum + (penalty?.value ?? 0) }
    /// The gradient as backprop gives it (what `grad` prints).
    public var gradient: Double { backprop + (penalty?.value ?? 0) }

    /// Walks the paths of `reference` for one sample of `inputs`/`targets`
    /// (`sample`), or for each of them (their mean); lists the `limit` largest.
    /// - Throws: past `maximumWalked` paths × samples, and `NonFiniteValue`
    ///   when the pass holds a NaN or infinity.
    public init(network: Network, reference: ParameterReference, inputs: Matrix, targets: Matrix, sample: Int? = nil,
                limit: Int = defaultLimit, penalty: Penalty = Penalty()) throws {
        try reference.requireSingleValue()
        self.reference = reference
        count = CostModel.pathCount(reference, in: network)
        let rows = sample.map { [$0] } ?? Array(0..<inputs.rows)
        guard !rows.isEmpty else { throw CoreError.invalidSize("no samples to differentiate over") }
        try PathExpansion.requireWalkable(count, samples: rows.count, reference: reference, network: network)
        let batch = Propagation(shapeOf: network, capacity: rows.count)
        batch.forward(network, inputs: inputs.rows(rows), targets: targets.rows(rows))
        batch.backward(network)
        if let bad = batch.firstNonFinite(in: network, backward: true) { throw bad }
        backprop = GradientExplanation.read(reference, from: batch, network: network, sample: nil)
        self.penalty = penalty.term(for: reference, in: network)
        self.sample = sample
        sampleCount = rows.count

        let exact = count.exactValue!
        var products = Array(repeating: 0.0, count: exact), sums: [Double] = []
        let one = Propagation(shapeOf: network, capacity: 1)
        var walker: PathWalker!
        for r in rows {
            one.forward(network, inputs: inputs.rows([r]), targets: targets.rows([r]))
            one.backward(network)
            walker = PathWalker(network: network, pass: one, target: targets.row(r), reference: reference)
            var choice = walker.firstChoice, own = 0.0
            for p in 0..<exact {
                let product = walker.factors(along: choice).reduce(1.0) { $0 * $1.value }
                products[p] += product
                own += product
                walker.advance(&choice)
            }
            if sums.count < GradientExplanation.valuesShown { sums.append(own) }
        }
        if rows.count > 1 { for p in 0..<exact { products[p] /= Double(rows.count) } }
        firstLayer = walker.start
        sampleSums = rows.count > 1 ? sums : []
        sum = products.reduce(0, +)
        let listed = Array(products.indices.sorted { abs(products[$0]) > abs(products[$1]) }.prefix(limit))
        paths = listed.map { p in
            let factors = walker.factors(along: walker.choice(at: p))
            return Path(index: p, neurons: walker.choice(at: p), symbols: factors.map(\.symbol),
                        factors: rows.count == 1 ? factors : nil, product: products[p])
        }
        let shown = Set(listed)
        rest = (exact - listed.count, products.indices.reduce(0.0) { shown.contains($1) ? $0 : $0 + products[$1] })
    }

    /// Whether `count` paths over `samples` samples are few enough to walk.
    public static func isWalkable(_ count: LargeCount, samples: Int) -> Bool {
        guard let exact = count.exactValue else { return false }
        return exact <= maximumWalked / max(samples, 1)
    }

    /// Throws when listing would walk more than `maximumWalked` paths × samples.
    private static func requireWalkable(_ count: LargeCount, samples: Int, reference: ParameterReference, network: Network) throws {
        if isWalkable(count, samples: samples) { return }
        let cost = CostModel(network)
        let per = samples > 1 ? " × \(samples) samples (sample=K takes one)" : ""
        throw CoreError.invalidSize("\(reference) has \(count) paths to the loss\(per), more than bplab walks "
            + "(\(LargeCount(Double(maximumWalked)))); one backward pass computes every gradient with \(cost.backprop) "
            + "multiply-adds instead (see `cost`)")
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

    /// The path at `index` in route order: the free neurons as the digits of
    /// `index`, the last layer's the fastest.
    func choice(at index: Int) -> [Int] {
        var choice = firstChoice, rest = index
        for position in ((fixed == nil ? 0 : 1)..<choice.count).reversed() {
            let width = network.width(ofLayer: start + position)
            choice[position] = rest % width
            rest /= width
        }
        return choice
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
