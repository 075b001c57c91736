import BackpropCore

/// `grad PARAM` in words: the terms of a `GradientExplanation` written out
/// as the chain rule, symbols first, then the same line in numbers. Only the
/// numbers shown are formatted: on a deep chain, formatting is most of the cost.
struct GradientText {
    let format: (Double) -> String
    /// The name of the one sample explained when it is not a training sample.
    var sampleName: String?
    /// The penalty E includes, for saying that a bias has no penalty term.
    var penalty = Penalty()
    /// True when the parameter is frozen (step and train leave it as it is).
    var frozen = false

    func lines(_ explanation: GradientExplanation) -> [String] {
        var text = ["dE/d\(explanation.reference) = \(format(explanation.value))"]
        let term = explanation.penalty
        if let term { text.append(PenaltyText(format: format).split(data: explanation.dataValue, penalty: term)) }
        if explanation.sampleCount > 1 {
            let shown = explanation.sampleValues.map(format).joined(separator: "  ")
            let more = explanation.sampleCount > explanation.sampleValues.count ? "  …" : ""
            text.append("  \(term == nil ? "the" : "the data term is the") mean over \(explanation.sampleCount) samples of [\(shown)\(more)]")
            text.append("  chain rule for sample 1 (sample=K for another; n = 1, so no 1/n below):")
        } else if let sample = explanation.sample {
            text.append("  chain rule for sample \(sample + 1):")
        } else if let sampleName {
            text.append("  chain rule for \(sampleName):")
        }
        if frozen { text.append("  (\(explanation.reference) is frozen: step and train leave it as it is; its gradient is still this)") }
        if term == nil, !penalty.isZero, case .bias = explanation.reference {
            text.append("  (biases are not penalised: no l1/l2 term)")
        }
        text += head(explanation.head, of: explanation.reference, penalty: term)
        for step in explanation.steps { text += lines(step) }
        text.append(check(explanation))
        return text
    }

    private func head(_ head: ChainHead, of reference: ParameterReference, penalty term: PenaltyTerm?) -> [String] {
        switch head {
        case .weight(let product):
            let names = "dE/d\(reference) = \(product.left.name) · \(product.right.name)"
            let numbers = "    = \(factor(product.left.value)) · \(factor(product.right.value))"
            guard let term else { return [names, numbers + " = \(format(product.value))"] }
            let words = PenaltyText(format: format)
            return [names + " + " + words.symbols(term, of: reference),
                    numbers + " + \(words.numbers(term)) = \(format(product.value)) + \(factor(term.value)) = \(format(product.value + term.value))"
                        + (words.zeroNote(term).map { "   " + $0 } ?? "")]
        case .bias(let delta):
            return ["dE/d\(reference) = \(delta.name) = \(format(delta.value))"]
        case let .input(i, sum):
            return ["dE/d\(reference) = Σ_k w1[\(i + 1),k] · d1[k] = \(symbols(sum))",
                    "    = \(numbers(sum)) = \(format(sum.value))"]
        }
    }

    private func lines(_ step: ChainStep) -> [String] {
        switch step {
        case .hidden(let delta):
            return hidden(delta)
        case .output(let delta):
            return OutputDeltaText(format: format).lines(delta)
        case let .rest(l, neurons, deltas):
            return ["d\(l)[\(neurons.lowerBound + 1)] … d\(l)[\(neurons.upperBound)] likewise: "
                    + deltas.map { format($0.value) }.joined(separator: "  ") + (neurons.count > deltas.count ? "  …" : "")]
        case let .fold(layers, norms):
            let (first, last) = (layers.lowerBound, layers.upperBound)
            let (early, late) = (norms[0], norms[norms.count - 1])
            return ["d\(first) … d\(last): \(layers.count) more layers, each d_m[j] = f'(z_m[j]) · Σ_k w_{m+1}[j,k]·d_{m+1}[k];",
                    "    the deltas \(Self.trend(from: late, to: early)): ‖d\(last)‖ = \(format(late)) … ‖d\(first)‖ = \(format(early))"]
        }
    }

    private func hidden(_ delta: HiddenDelta) -> [String] {
        let (l, j) = (delta.layer, delta.neuron)
        return [
            "\(delta.delta.name) = \(delta.slope.name) · Σ_k w\(l + 1)[\(j + 1),k]·d\(l + 1)[k] = "
                + "\(Self.derivativeForm(delta.activation, layer: l, neuron: j)) · (\(symbols(delta.sum)))",
            "    = \(factor(delta.slope.value)) · (\(numbers(delta.sum))) = \(factor(delta.slope.value)) · \(factor(delta.sum.value)) = \(format(delta.delta.value))",
        ]
    }

    /// The closing check, judged as `check` judges: agreement, agreement
    /// within the difference's rounding noise, a real disagreement, or a
    /// gradient too small for a difference of E to see.
    private func check(_ explanation: GradientExplanation) -> String {
        let difference = explanation.finiteDifference
        let check = "check: central difference (E(θ+ε) − E(θ−ε))/2ε with ε = \(FiniteDifference.describeEpsilon(difference.epsilon)) "
            + "gives \(format(difference.estimate))"
        if explanation.value == 0 && difference.estimate == 0 {
            return check + ", exactly what backprop gives: changing \(explanation.reference) does not change E here "
                + "(a relu with z ≤ 0 on the way, or an input of 0)"
        }
        switch difference.verdict(on: explanation.value) {
        case .agrees(let error):
            return check + "; relative error \(FiniteDifference.describe(error))"
        case let .withinNoise(error, noise):
            return check + "; relative error \(FiniteDifference.describe(error)) "
                + "(within the difference's rounding noise, about \(FiniteDifference.describe(noise)))"
        case .disagrees(let error):
            return check + "; relative error \(FiniteDifference.describe(error)) (above \(FiniteDifference.describe(GradientCheck.flagThreshold)) "
                + "and beyond the difference's rounding noise: a relu kink within ±ε, or a bug)"
        case .belowResolution(let smallest):
            return check + ": the gradient is below what a difference of E can check here "
                + "(about \(FiniteDifference.describe(smallest))), so only backprop sees it"
        }
    }

    /// The sum's terms by name: "w2[1,1]·d2[1] + w2[1,2]·d2[2]".
    private func symbols(_ sum: Sum) -> String {
        Self.join(sum.terms) { "\($0.left.name)·\($0.right.name)" }
    }

    /// The same terms in numbers.
    private func numbers(_ sum: Sum) -> String {
        Self.join(sum.terms) { "\(factor($0.left.value))·\(factor($0.right.value))" }
    }

    private func factor(_ x: Double) -> String { Self.factor(x, format) }

    /// A number inside a product: negative ones in parentheses.
    static func factor(_ x: Double, _ format: (Double) -> String) -> String {
        x < 0 ? "(\(format(x)))" : format(x)
    }

    /// "t1 + t2 + t3 + … + tn (n terms)" when terms were left out, else every term.
    static func join<Element>(_ excerpt: Excerpt<Element>, separator: String = " + ", _ term: (Element) -> String) -> String {
        let written = excerpt.elements.map(term)
        guard excerpt.elided > 0, let last = written.last else { return written.joined(separator: separator) }
        return written.dropLast().joined(separator: separator) + separator + "…" + separator + last + " (\(excerpt.count) terms)"
    }

    /// f'(z) in the activation's own form, with the user's names.
    static func derivativeForm(_ activation: Activation, layer l: Int, neuron j: Int) -> String {
        let a = "a\(l)[\(j + 1)]", z = "z\(l)[\(j + 1)]"
        switch activation {
        case .sigmoid: return "\(a)·(1 − \(a))"
        case .tanh: return "(1 − \(a)²)"
        case .relu: return "[\(z) > 0]"
        case .leakyRelu: return "(\(z) > 0 ? 1 : 0.01)"
        case .linear, .softmax: return "1"
        }
    }

    /// How a delta norm changed from `late` (nearer the output) to `early`:
    /// by more than a factor of 2 either way, or about the same.
    static func trend(from late: Double, to early: Double) -> String {
        if late == 0 && early == 0 { return "are 0 all the way back" }
        if early < late / 2 { return "shrink on their way back" }
        if early > late * 2 { return "grow on their way back" }
        return "stay about the same size on their way back"
    }
}
