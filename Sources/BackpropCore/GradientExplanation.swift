/// `grad PARAM`: the value of one partial derivative and its chain rule
/// written out in the network's own numbers, top-down (the delta rule):
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
public struct GradientExplanation {
    /// Layers between the ends of a chain shown before the middle is folded.
    public static let unfoldedLayers = 4
    /// Neurons of one layer whose delta lines are written out.
    public static let neuronsPerLayer = 6
    /// Terms of a Σ written out before the rest is elided.
    public static let termsPerSum = 4

    public let network: Network
    public let reference: ParameterReference
    /// The derivative over the samples asked for (their mean).
    public let value: Double
    /// Per-sample values when the explanation covers several samples.
    public let sampleValues: [Double]
    /// The sample (0-based) whose chain rule is written out.
    public let explainedSample: Int
    public let finiteDifference: FiniteDifference
    public let lines: [String]

    /// Explains `reference` (a single weight, bias or input) for the samples
    /// of `inputs`/`targets`, or for one of them when `sample` is given.
    public init(network: Network, reference: ParameterReference, inputs: Matrix, targets: Matrix,
                sample: Int? = nil, format: @escaping (Double) -> String) throws {
        try reference.requireSingleValue()
        guard inputs.rows > 0 else { throw CoreError.invalidSize("no samples to differentiate over") }
        if let sample, !(0..<inputs.rows).contains(sample) {
            throw CoreError.invalidSize("sample must be in 1…\(inputs.rows), got \(sample + 1)")
        }
        self.network = network
        self.reference = reference
        let rows = sample.map { [$0] } ?? Array(0..<inputs.rows)
        let x = inputs.rows(rows), e = targets.rows(rows)
        let batch = Propagation(shapeOf: network, capacity: rows.count)
        batch.forward(network, inputs: x, targets: e)
        batch.backward(network)
        value = GradientExplanation.read(reference, from: batch, network: network, sample: nil)
        explainedSample = sample ?? 0

        // One sample's pass for the chain rule (n = 1, so no 1/n in its deltas):
        // the batch's own when it has one sample. With several (`sample` not
        // given), it first gives the first samples' values, then is left with
        // the explained sample's pass.
        let one = rows.count == 1 ? batch : Propagation(shapeOf: network, capacity: 1)
        if rows.count > 1 {
            sampleValues = rows.prefix(8).map { r in
                one.forward(network, inputs: inputs.rows([r]), targets: targets.rows([r]))
                one.backward(network)
                return GradientExplanation.read(reference, from: one, network: network, sample: 0)
            }
            one.forward(network, inputs: inputs.rows([explainedSample]), targets: targets.rows([explainedSample]))
            one.backward(network)
        } else {
            sampleValues = []
        }
        finiteDifference = FiniteDifference.of(reference, network: network, inputs: x, targets: e, loss: batch.loss)

        let writer = ChainWriter(network: network, pass: one, target: targets.row(explainedSample), format: format)
        var text = ["dE/d\(reference) = \(format(value))"]
        if rows.count > 1 {
            let shown = sampleValues.map(format).joined(separator: "  ")
            text.append("  the mean over \(rows.count) samples of [\(shown)\(rows.count > sampleValues.count ? "  …" : "")]")
            text.append("  chain rule for sample 1 (sample=K for another; n = 1, so no 1/n below):")
        } else if let sample {
            text.append("  chain rule for sample \(sample + 1):")
        }
        text += writer.chain(for: reference)
        let check = "check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = \(FiniteDifference.describeEpsilon(finiteDifference.epsilon)) gives \(format(finiteDifference.estimate))"
        if value == 0 && finiteDifference.estimate == 0 {
            text.append(check + ", exactly what backprop gives: changing \(reference) does not change E here (a relu with z ≤ 0 on the way, or an input of 0)")
        } else {
            switch finiteDifference.verdict(on: value) {
            case .agrees(let error):
                text.append(check + "; relative error \(FiniteDifference.describe(error))")
            case let .withinNoise(error, noise):
                text.append(check + "; relative error \(FiniteDifference.describe(error)) (within the difference's rounding noise, about \(FiniteDifference.describe(noise)))")
            case .disagrees(let error):
                text.append(check + "; relative error \(FiniteDifference.describe(error)) (above \(FiniteDifference.describe(GradientCheck.flagThreshold)) "
                            + "and beyond the difference's rounding noise: a relu kink within ±ε, or a bug)")
            case .belowResolution(let smallest):
                text.append(check + ": the gradient is below what a difference of E can check here "
                            + "(about \(FiniteDifference.describe(smallest))), so only backprop sees it")
            }
        }
        lines = text
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

/// Writes the chain-rule lines of one sample's pass.
struct ChainWriter {
    let network: Network
    let pass: Propagation
    let target: [Double]
    let format: (Double) -> String

    var depth: Int { network.depth }

    func chain(for reference: ParameterReference) -> [String] {
        var lines: [String] = []
        let firstLayer: Int
        let neurons: [Int]
        switch reference {
        case let .weight(l, i, j):
            let a = pass.a(layer: l - 1, sample: 0, neuron: i), d = pass.delta(layer: l, sample: 0, neuron: j)
            lines.append("dE/d\(reference) = a\(l - 1)[\(i + 1)] · d\(l)[\(j + 1)]")
            lines.append("    = \(factor(a)) · \(factor(d)) = \(format(a * d))")
            firstLayer = l
            neurons = [j]
        case let .bias(l, j):
            lines.append("dE/d\(reference) = d\(l)[\(j + 1)] = \(format(pass.delta(layer: l, sample: 0, neuron: j)))")
            firstLayer = l
            neurons = [j]
        case let .input(i):
            let width = network.layers[0].outputs
            let symbolic = sum(width) { "w1[\(i + 1),\($0 + 1)]·d1[\($0 + 1)]" }
            let numeric = sum(width) { "\(factor(network.weight(0, from: i, to: $0)))·\(factor(pass.delta(layer: 1, sample: 0, neuron: $0)))" }
            lines.append("dE/d\(reference) = Σ_k w1[\(i + 1),k] · d1[k] = \(symbolic)")
            lines.append("    = \(numeric) = \(format(pass.inputGradient(sample: 0, input: i)))")
            firstLayer = 1
            neurons = Array(0..<width)
        default:
            return []
        }
        lines += deltas(from: firstLayer, neurons: neurons)
        return lines
    }

    /// Delta lines for layers `first`…L: the given neurons of the first layer,
    /// then every neuron of each later layer (each earlier delta sums over them all).
    private func deltas(from first: Int, neurons: [Int]) -> [String] {
        var lines: [String] = []
        let layers = Array(first...depth)
        let fold = layers.count > GradientExplanation.unfoldedLayers
        for l in layers {
            if fold && l == first + 2 {
                let last = depth - 2
                let (early, late) = (norm(layer: l), norm(layer: last))
                lines.append("d\(l) … d\(last): \(last - l + 1) more layers, each d_m[j] = f'(z_m[j]) · Σ_k w_{m+1}[j,k]·d_{m+1}[k];")
                lines.append("    the deltas \(ChainWriter.trend(from: late, to: early)): ‖d\(last)‖ = \(format(late)) … ‖d\(l)‖ = \(format(early))")
            }
            if fold && l >= first + 2 && l <= depth - 2 { continue }
            let all = l == first ? neurons : Array(0..<network.width(ofLayer: l))
            let shown = all.prefix(GradientExplanation.neuronsPerLayer)
            for j in shown { lines += deltaLines(layer: l, neuron: j) }
            if all.count > shown.count {
                let rest = all.dropFirst(shown.count)
                lines.append("d\(l)[\(rest.first! + 1)] … d\(l)[\(rest.last! + 1)] likewise: "
                             + rest.prefix(8).map { format(pass.delta(layer: l, sample: 0, neuron: $0)) }.joined(separator: "  ")
                             + (rest.count > 8 ? "  …" : ""))
            }
        }
        return lines
    }

    /// ‖d_l‖ of the sample.
    private func norm(layer l: Int) -> Double {
        (0..<network.width(ofLayer: l)).reduce(0.0) {
            let d = pass.delta(layer: l, sample: 0, neuron: $1)
            return $0 + d * d
        }.squareRoot()
    }

    /// How a delta norm changed from `late` (nearer the output) to `early`:
    /// by more than a factor of 2 either way, or about the same.
    static func trend(from late: Double, to early: Double) -> String {
        if late == 0 && early == 0 { return "are 0 all the way back" }
        if early < late / 2 { return "shrink on their way back" }
        if early > late * 2 { return "grow on their way back" }
        return "stay about the same size on their way back"
    }

    private func deltaLines(layer l: Int, neuron j: Int) -> [String] {
        let d = pass.delta(layer: l, sample: 0, neuron: j)
        let name = "d\(l)[\(j + 1)]"
        let activation = network.layers[l - 1].activation
        if l == depth { return outputDeltaLines(name: name, neuron: j, activation: activation, value: d) }
        let next = network.layers[l]
        let symbolic = sum(next.outputs) { "w\(l + 1)[\(j + 1),\($0 + 1)]·d\(l + 1)[\($0 + 1)]" }
        let numeric = sum(next.outputs) { "\(factor(network.weight(l, from: j, to: $0)))·\(factor(pass.delta(layer: l + 1, sample: 0, neuron: $0)))" }
        let total = (0..<next.outputs).reduce(0.0) { $0 + network.weight(l, from: j, to: $1) * pass.delta(layer: l + 1, sample: 0, neuron: $1) }
        let z = pass.z(layer: l, sample: 0, neuron: j), a = pass.a(layer: l, sample: 0, neuron: j)
        let slope = activation.derivative(z: z, a: a)
        return [
            "\(name) = f'(z\(l)[\(j + 1)]) · Σ_k w\(l + 1)[\(j + 1),k]·d\(l + 1)[k] = \(derivativeForm(activation, layer: l, neuron: j)) · (\(symbolic))",
            "    = \(factor(slope)) · (\(numeric)) = \(factor(slope)) · \(factor(total)) = \(format(d))",
        ]
    }

    /// The output delta from the loss's own dE/do. For sigmoid + bce and
    /// softmax + ce the product is shown, then its closed form (see `Loss`),
    /// which is what backprop computes.
    private func outputDeltaLines(name: String, neuron k: Int, activation: Activation, value d: Double) -> [String] {
        let o = pass.a(layer: depth, sample: 0, neuron: k), e = target[k]
        let n = k + 1, oe = "o[\(n)] − e[\(n)]"
        let loss = network.loss
        let own = "(\(loss.rawValue): \(loss.derivativeFormula))"
        let notFinite = "   (o rounds to 0 or 1 here, so dE/do is not finite; the closed form below is exact)"
        switch (loss, activation) {
        case (.bce, .sigmoid):
            let slope = activation.derivative(z: pass.z(layer: depth, sample: 0, neuron: k), a: o)
            let dEdo = (o - e) / (o * (1 - o))
            return ["\(name) = dE/do[\(n)] · f'(z\(depth)[\(n)]) = (\(oe))/(o[\(n)]·(1 − o[\(n)])) · \(derivativeForm(activation, layer: depth, neuron: k))   \(own)",
                    "    = (\(format(o)) − \(factor(e)))/(\(format(o))·\(format(1 - o))) · \(format(slope)) = \(factor(dEdo)) · \(format(slope))"
                        + (dEdo.isFinite ? "" : notFinite),
                    "    = \(oe) = \(format(o)) − \(factor(e)) = \(format(d))   (o[\(n)]·(1 − o[\(n)]) cancels)"]
        case (.ce, .softmax):
            let width = network.outputSize
            let outputs = (0..<width).map { pass.a(layer: depth, sample: 0, neuron: $0) }
            let targetSum = target.reduce(0, +)
            let finite = (0..<width).allSatisfy { (-target[$0] / outputs[$0]).isFinite }
            let quotients = sum(width, separator: ", ") { "−\(factor(target[$0]))/\(format(outputs[$0])) = \(format(-target[$0] / outputs[$0]))" }
            let reduces = targetSum == 1 ? "Σ_j e[j] = 1, so this is \(oe)" : "Σ_j e[j] = \(format(targetSum)), not 1, so not \(oe)"
            return ["\(name) = Σ_j dE/do[j] · do[j]/dz\(depth)[\(n)] = Σ_j (−e[j]/o[j]) · o[j]·([j = \(n)] − o[\(n)])   \(own)",
                    "    dE/do[j] = −e[j]/o[j]: \(quotients)" + (finite ? "" : notFinite),
                    "    = o[\(n)]·Σ_j e[j] − e[\(n)] = \(format(o))·\(format(targetSum)) − \(factor(e)) = \(format(d))   (the o[j] cancel; \(reduces))"]
        case (_, .softmax):
            let width = network.outputSize
            let dot = (0..<width).reduce(0.0) { $0 + (pass.a(layer: depth, sample: 0, neuron: $1) - target[$1]) * pass.a(layer: depth, sample: 0, neuron: $1) }
            return ["\(name) = o[\(n)]·((\(oe)) − Σ_j (o[j] − e[j])·o[j])   (mse through the softmax Jacobian)",
                    "    = \(factor(o)) · (\(format(o - e)) − \(factor(dot))) = \(format(d))"]
        default:
            let slope = activation.derivative(z: pass.z(layer: depth, sample: 0, neuron: k), a: o)
            return ["\(name) = dE/do[\(n)] · f'(z\(depth)[\(n)]) = (\(oe)) · \(derivativeForm(activation, layer: depth, neuron: k))   \(own)",
                    "    = (\(format(o)) − \(factor(e))) · \(factor(slope)) = \(format(d))"]
        }
    }

    /// A number inside a product: negative ones in parentheses.
    private func factor(_ x: Double) -> String {
        x < 0 ? "(\(format(x)))" : format(x)
    }

    /// f'(z) in the activation's own form, with the user's names.
    private func derivativeForm(_ activation: Activation, layer l: Int, neuron j: Int) -> String {
        let a = "a\(l)[\(j + 1)]", z = "z\(l)[\(j + 1)]"
        switch activation {
        case .sigmoid: return "\(a)·(1 − \(a))"
        case .tanh: return "(1 − \(a)²)"
        case .relu: return "[\(z) > 0]"
        case .leakyRelu: return "(\(z) > 0 ? 1 : 0.01)"
        case .linear, .softmax: return "1"
        }
    }

    /// "t(0) + t(1) + …" with at most `termsPerSum` terms written out; only
    /// those are formatted (a deep chain shows 4 of each layer's 16 terms).
    private func sum(_ count: Int, separator: String = " + ", _ term: (Int) -> String) -> String {
        let limit = GradientExplanation.termsPerSum
        guard count > limit else { return (0..<count).map(term).joined(separator: separator) }
        return (0..<(limit - 1)).map(term).joined(separator: separator) + separator + "…" + separator
            + term(count - 1) + " (\(count) terms)"
    }
}
