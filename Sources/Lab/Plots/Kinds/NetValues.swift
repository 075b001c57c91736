import BackpropCore

/// What the edges, bias marks and neurons of `plot net` show: the weights
/// and biases; or dE/dw on the edges and d on the neurons (dE/db), for the
/// training samples' mean or one sample, as `grad` and `delta` give them; or
/// one sample's z, a and d on the neurons, as after `forward`.
struct NetValues {
    enum Kind: String, CaseIterable, Sendable {
        case weights, grads, values
    }

    let kind: Kind
    let network: Network
    /// The pass the grads and values are read from (nil for weights).
    private let pass: Propagation?
    /// Which samples, in words ("sample 3", "4 samples"), for the title.
    let samplesName: String?

    init(_ kind: Kind, network: Network, samples: DerivativeSamples?, input: PlotInput) throws {
        (self.kind, self.network) = (kind, network)
        guard let samples, kind != .weights else { (pass, samplesName) = (nil, nil); return }
        let rows = samples.sample.map { [$0] } ?? Array(0..<samples.inputs.rows)
        try input.requireMemory(Propagation.byteCount(shapeOf: network, capacity: rows.count),
                                "plot net \(kind.rawValue): one pass over \(Format.count(rows.count, "sample"))", "name one with sample=K")
        let pass = Propagation(shapeOf: network, capacity: rows.count)
        pass.forward(network, inputs: samples.inputs.rows(rows), targets: samples.targets.rows(rows))
        pass.backward(network)
        if let bad = pass.firstNonFinite(in: network, backward: true) {
            throw LabError(NonFiniteText(format: input.format, samples: samples).message(bad))
        }
        self.pass = pass
        samplesName = samples.name
    }

    /// What an edge shows: w_l[i,j], or dE/dw_l[i,j] (the samples' mean).
    func edge(_ l: Int, _ i: Int, _ j: Int) -> Double {
        guard kind == .grads, let pass else { return network.weight(l - 1, from: i, to: j) }
        return pass.gradients[network.layers[l - 1].weightIndex(from: i, to: j)]
    }

    /// What a bias mark shows: b_l[j], or dE/db_l[j], the mean delta.
    func bias(_ l: Int, _ j: Int) -> Double {
        guard kind == .grads, let pass else { return network.bias(l - 1, j) }
        return pass.gradients[network.layers[l - 1].biasIndex(j)]
    }

    /// The edge's name as labels write it: `w1[1,2]` or `dE/dw1[1,2]`.
    func edgeName(_ l: Int, _ i: Int, _ j: Int) -> String {
        (kind == .grads ? "dE/d" : "") + "w\(l)[\(i + 1),\(j + 1)]"
    }

    func biasName(_ l: Int, _ j: Int) -> String {
        (kind == .grads ? "dE/d" : "") + "b\(l)[\(j + 1)]"
    }

    /// A neuron's own numbers, named: z, a and d for one sample; the mean d for grads; none for weights.
    /// An input shows its value (values only).
    func neuron(_ l: Int, _ j: Int) -> [(name: String, value: Double)] {
        guard let pass else { return [] }
        switch kind {
        case .weights: return []
        case .grads:
            return l == 0 ? [] : [("d", (0..<pass.rows).reduce(0.0) { $0 + pass.delta(layer: l, sample: $1, neuron: j) })]
        case .values:
            if l == 0 { return [("x", pass.a(layer: 0, sample: 0, neuron: j))] }
            return [("z", pass.z(layer: l, sample: 0, neuron: j)), ("a", pass.a(layer: l, sample: 0, neuron: j)),
                    ("d", pass.delta(layer: l, sample: 0, neuron: j))]
        }
    }

    /// The value a neuron's fill shows: its d (grads), its a (values); nil for weights.
    func fill(_ l: Int, _ j: Int) -> Double? {
        switch kind {
        case .weights: return nil
        case .grads: return neuron(l, j).first?.value
        case .values: return pass?.a(layer: l, sample: 0, neuron: j)
        }
    }

    /// The title's words for what is drawn.
    var title: String {
        switch kind {
        case .weights: return "weights and biases"
        case .grads: return "dE/dw (edges) and d = dE/db (neurons) over \(samplesName ?? "the samples")"
        case .values: return "z, a and d of \(samplesName ?? "one sample"); edges: the weights"
        }
    }

    /// The symbol the key uses for an edge's quantity.
    var edgeSymbol: String { kind == .grads ? "dE/dw" : "w" }
}
