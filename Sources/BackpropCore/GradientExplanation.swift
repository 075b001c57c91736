/// `grad PARAM`: the value of one partial derivative and the terms of its
/// chain rule in the network's own numbers, top-down (the delta rule):
///
///     dE/dw_l[i,j] = a_{l−1}[i] · d_l[j]
///     d_l[j]       = f'(z_l[j]) · Σ_k w_{l+1}[j,k] · d_{l+1}[k]     (hidden layers)
///     d_L[k]       = dE/do[k] · f'(z_L[k])                          (output layer)
///
/// Every number comes from one forward and one backward pass (no finite
/// differences per term), so explaining a weight of a 100-layer network costs
/// one backprop. Deep chains are folded: the parameter's own layer and the
/// next, and the last two layers, in full; the layers between are summarised
/// with a count and their delta norms. A central finite difference closes the
/// explanation, so the reader sees the chain rule agree with a numerical slope.
public struct GradientExplanation: Sendable {
    /// Layers between the ends of a chain shown before the middle is folded.
    public static let unfoldedLayers = 4
    /// Neurons of one layer whose deltas are written out in full.
    public static let neuronsPerLayer = 6
    /// Terms of a Σ written out before the rest is elided.
    public static let termsPerSum = 4
    /// Per-sample values kept when the value is a mean, and deltas of a layer's other neurons.
    public static let valuesShown = 8

    public let reference: ParameterReference
    /// The derivative of E over the samples asked for: the data term (their
    /// mean) plus the penalty's term, as `train` descends it.
    public let value: Double
    /// The data term alone: the derivative of the loss without the penalty.
    public let dataValue: Double
    /// The penalty's term l1·sign(w) + l2·w; nil for biases, inputs, and without l1/l2.
    public let penalty: PenaltyTerm?
    /// How many samples the data term is the mean of.
    public let sampleCount: Int
    /// The first samples' own data terms when the explanation covers several samples.
    public let sampleValues: [Double]
    /// The sample asked for (0-based), nil when the value covers them all.
    public let sample: Int?
    /// The sample (0-based) whose chain rule the terms are of.
    public let explainedSample: Int
    public let finiteDifference: FiniteDifference
    /// The parameter's own derivative, then the deltas it depends on, top-down.
    public let head: ChainHead
    public let steps: [ChainStep]

    /// Explains `reference` (a single weight, bias or input) for the samples
    /// of `inputs`/`targets`, or for one of them when `sample` is given, with
    /// E including `penalty`.
    /// - Throws: `NonFiniteValue` at the first NaN or infinity in the pass or
    ///   the finite difference, which leave nothing to explain.
    public init(network: Network, reference: ParameterReference, inputs: Matrix, targets: Matrix, sample: Int? = nil,
                penalty: Penalty = Penalty()) throws {
        try reference.requireSingleValue()
        guard inputs.rows > 0 else { throw CoreError.invalidSize("no samples to differentiate over") }
        if let sample, !(0..<inputs.rows).contains(sample) {
            throw CoreError.invalidSize("sample must be in 1…\(inputs.rows), got \(sample + 1)")
        }
        self.reference = reference
        self.sample = sample
        let rows = sample.map { [$0] } ?? Array(0..<inputs.rows)
        let x = inputs.rows(rows), e = targets.rows(rows)
        let batch = Propagation(shapeOf: network, capacity: rows.count)
        batch.forward(network, inputs: x, targets: e)
        batch.backward(network)
        if let bad = batch.firstNonFinite(in: network, backward: true) { throw bad }
        let penaltyValue = penalty.value(network)
        try penalty.requireFinite(penaltyValue)
        dataValue = GradientExplanation.read(reference, from: batch, network: network, sample: nil)
        self.penalty = penalty.term(for: reference, in: network)
        value = dataValue + (self.penalty?.value ?? 0)
        sampleCount = rows.count
        explainedSample = sample ?? 0

        // One sample's pass for the chain rule (n = 1, so no 1/n in its deltas):
        // the batch's own when it has one sample. With several (`sample` not
        // given), it first gives the first samples' values, then is left with
        // the explained sample's pass.
        let one = rows.count == 1 ? batch : Propagation(shapeOf: network, capacity: 1)
        if rows.count > 1 {
            sampleValues = rows.prefix(GradientExplanation.valuesShown).map { r in
                one.forward(network, inputs: inputs.rows([r]), targets: targets.rows([r]))
                one.backward(network)
                return GradientExplanation.read(reference, from: one, network: network, sample: 0)
            }
            one.forward(network, inputs: inputs.rows([explainedSample]), targets: targets.rows([explainedSample]))
            one.backward(network)
        } else {
            sampleValues = []
        }
        finiteDifference = try FiniteDifference.of(reference, network: network, inputs: x, targets: e,
                                                   loss: batch.loss + penaltyValue, penalty: penalty)
        let builder = ChainBuilder(network: network, pass: one, target: targets.row(explainedSample))
        let (head, first, neurons) = builder.head(for: reference)
        self.head = head
        steps = builder.steps(from: first, neurons: neurons)
    }

    /// The gradient of `reference` from a pass's buffers: the batch mean
    /// (`sample` nil) or one sample's input gradient.
    static func read(_ reference: ParameterReference, from pass: Propagation, network: Network, sample: Int?) -> Double {
        switch reference {
        case .input(let i):
            if let sample { return pass.inputGradient(sample: sample, input: i) }
            return (0..<pass.rows).reduce(0.0) { $0 + pass.inputGradient(sample: $1, input: i) }
        default:
            return pass.gradients[reference.parameterIndices(in: network)[0]]
        }
    }
}

/// Reads the terms of the chain rule off one sample's pass.
struct ChainBuilder {
    let network: Network
    let pass: Propagation
    let target: [Double]

    var depth: Int { network.depth }

    /// The parameter's own derivative, the layer its deltas start at, and
    /// which neurons of that layer it depends on.
    func head(for reference: ParameterReference) -> (ChainHead, first: Int, neurons: [Int]) {
        switch reference {
        case let .weight(l, i, j):
            let a = Factor(.activation(layer: l - 1, neuron: i), pass.a(layer: l - 1, sample: 0, neuron: i))
            return (.weight(Term(left: a, right: delta(l, j))), l, [j])
        case let .bias(l, j):
            return (.bias(delta(l, j)), l, [j])
        case let .input(i):
            let width = network.layers[0].outputs
            let terms = Excerpt(count: width) { Term(left: weight(1, i, $0), right: delta(1, $0)) }
            return (.input(i, Sum(terms: terms, value: pass.inputGradient(sample: 0, input: i))), 1, Array(0..<width))
        case .weightLayer, .biasLayer, .inputs:
            preconditionFailure("\(reference) is not a single value (requireSingleValue lets none through)")
        }
    }

    /// The deltas of layers `first`…L: the given neurons of the first layer,
    /// then every neuron of each later layer (each earlier delta sums over them all).
    func steps(from first: Int, neurons: [Int]) -> [ChainStep] {
        var steps: [ChainStep] = []
        let fold = depth - first + 1 > GradientExplanation.unfoldedLayers
        for l in first...depth {
            if fold && l == first + 2 {
                let folded = l...(depth - 2)
                steps.append(.fold(layers: folded, norms: folded.map(norm)))
            }
            if fold && l >= first + 2 && l <= depth - 2 { continue }
            let all = l == first ? neurons : Array(0..<network.width(ofLayer: l))
            let shown = all.prefix(GradientExplanation.neuronsPerLayer)
            steps += shown.map { l == depth ? .output(output(neuron: $0)) : .hidden(hidden(layer: l, neuron: $0)) }
            if all.count > shown.count {
                let rest = all[shown.count]..<(all.last! + 1)
                steps.append(.rest(layer: l, neurons: rest, deltas: rest.prefix(GradientExplanation.valuesShown).map { delta(l, $0) }))
            }
        }
        return steps
    }

    private func delta(_ l: Int, _ j: Int) -> Factor {
        Factor(.delta(layer: l, neuron: j), pass.delta(layer: l, sample: 0, neuron: j))
    }

    private func weight(_ l: Int, _ i: Int, _ j: Int) -> Factor {
        Factor(.weight(layer: l, from: i, to: j), network.weight(l - 1, from: i, to: j))
    }

    private func slope(_ l: Int, _ j: Int) -> Factor {
        let z = pass.z(layer: l, sample: 0, neuron: j), a = pass.a(layer: l, sample: 0, neuron: j)
        return Factor(.slope(layer: l, neuron: j), network.layers[l - 1].activation.derivative(z: z, a: a))
    }

    /// Every output o[j]: a softmax couples them, so its delta needs them all.
    private var outputs: [Double] {
        (0..<network.outputSize).map { pass.a(layer: depth, sample: 0, neuron: $0) }
    }

    /// ‖d_l‖ of the sample.
    private func norm(layer l: Int) -> Double {
        (0..<network.width(ofLayer: l)).reduce(0.0) {
            let d = pass.delta(layer: l, sample: 0, neuron: $1)
            return $0 + d * d
        }.squareRoot()
    }

    private func hidden(layer l: Int, neuron j: Int) -> HiddenDelta {
        let width = network.layers[l].outputs
        let total = (0..<width).reduce(0.0) { $0 + network.weight(l, from: j, to: $1) * pass.delta(layer: l + 1, sample: 0, neuron: $1) }
        let terms = Excerpt(count: width) { Term(left: weight(l + 1, j, $0), right: delta(l + 1, $0)) }
        return HiddenDelta(layer: l, neuron: j, activation: network.layers[l - 1].activation, slope: slope(l, j),
                           sum: Sum(terms: terms, value: total), delta: delta(l, j))
    }

    /// The output delta from the loss's own dE/do. For sigmoid + bce and
    /// softmax + ce the terms lead to the closed form (see `Loss`), which is
    /// what backprop computes.
    private func output(neuron k: Int) -> OutputDelta {
        let o = pass.a(layer: depth, sample: 0, neuron: k), e = target[k]
        let activation = network.layers[depth - 1].activation
        let form: OutputDelta.Form
        switch (network.loss, activation) {
        case (.bce, .sigmoid):
            form = .sigmoidBCE(lossSlope: Factor(.lossSlope(k), (o - e) / (o * (1 - o))), complement: 1 - o, slope: slope(depth, k))
        case (.ce, .softmax):
            let outputs = self.outputs
            let quotients = Excerpt(count: outputs.count) {
                Quotient(target: Factor(.target($0), target[$0]), output: Factor(.output($0), outputs[$0]), value: -target[$0] / outputs[$0])
            }
            let finite = outputs.indices.allSatisfy { (-target[$0] / outputs[$0]).isFinite }
            form = .softmaxCE(quotients: quotients, allFinite: finite, targetSum: target.reduce(0, +))
        case (_, .softmax):
            let outputs = self.outputs
            let dot = outputs.indices.reduce(0.0) { $0 + (outputs[$1] - target[$1]) * outputs[$1] }
            form = .softmaxMSE(error: o - e, dot: dot)
        default:
            form = .elementwise(slope: slope(depth, k))
        }
        return OutputDelta(layer: depth, neuron: k, loss: network.loss, activation: activation, output: Factor(.output(k), o),
                           target: Factor(.target(k), e), form: form, delta: delta(depth, k))
    }
}
