import Testing
import BackpropCore

/// Reading a `GradientExplanation`'s terms back: the deltas it derives, one
/// step by neuron, and whether its factors multiply and add up to the values
/// they stand beside.
enum ChainChecks {
    /// Every delta the chain derives (hidden and output steps) as (layer, neuron, value).
    static func derivedDeltas(_ explanation: GradientExplanation) -> [(Int, Int, Double)] {
        explanation.steps.compactMap { step in
            switch step {
            case .hidden(let d): return (d.layer, d.neuron, d.delta.value)
            case .output(let d): return (d.layer, d.neuron, d.delta.value)
            case .rest, .fold: return nil
            }
        }
    }

    /// Every delta the chain gives a value for: derived, or listed for a layer's other neurons.
    static func shownDeltas(_ explanation: GradientExplanation) -> [(Int, Int, Double)] {
        derivedDeltas(explanation) + explanation.steps.flatMap { step -> [(Int, Int, Double)] in
            guard case let .rest(_, _, deltas) = step else { return [] }
            return deltas.compactMap { factor in
                guard case let .delta(l, j) = factor.symbol else { return nil }
                return (l, j, factor.value)
            }
        }
    }

    static func hidden(_ explanation: GradientExplanation, layer: Int, neuron: Int) -> HiddenDelta? {
        for case .hidden(let d) in explanation.steps where d.layer == layer && d.neuron == neuron { return d }
        return nil
    }

    static func output(_ explanation: GradientExplanation, neuron: Int) -> OutputDelta? {
        for case .output(let d) in explanation.steps where d.neuron == neuron { return d }
        return nil
    }

    /// True when a and b agree to 1e-9 relative (sums may cancel a little
    /// differently from the backward pass's kernels).
    static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    /// The head multiplies out to the data term (for one sample, where the
    /// data term is that sample's; a penalty term is added beside it), each
    /// hidden delta is f'(z) times its sum, a sum with every term shown adds
    /// up to its value, and each output delta follows
    /// its loss's own form.
    static func expectConsistent(_ explanation: GradientExplanation, _ context: String) {
        let single = explanation.sampleCount == 1
        switch explanation.head {
        case .weight(let term): #expect(!single || close(term.value, explanation.dataValue), "\(context): head")
        case .bias(let delta): #expect(!single || delta.value == explanation.dataValue, "\(context): head")
        case let .input(_, sum):
            #expect(!single || sum.value == explanation.dataValue, "\(context): head")
            #expect(sum.terms.elided > 0 || close(sum.terms.elements.reduce(0.0) { $0 + $1.value }, sum.value), "\(context): Σ")
        }
        for step in explanation.steps {
            switch step {
            case .hidden(let d):
                #expect(close(d.slope.value * d.sum.value, d.delta.value), "\(context): \(d.delta.name)")
                #expect(d.sum.terms.elided > 0 || d.sum.terms.elements.reduce(0.0) { $0 + $1.value } == d.sum.value, "\(context): Σ of \(d.delta.name)")
                #expect(d.sum.terms.elements.allSatisfy { $0.right.symbol.isDelta(ofLayer: d.layer + 1) }, "\(context): \(d.delta.name)")
            case .output(let d):
                #expect(close(closedForm(d), d.delta.value), "\(context): \(d.delta.name)")
            case .rest, .fold:
                break
            }
        }
    }

    /// The output delta from its terms: what the form says it equals.
    static func closedForm(_ d: OutputDelta) -> Double {
        let o = d.output.value, e = d.target.value
        switch d.form {
        case .elementwise(let slope): return (o - e) * slope.value
        case let .sigmoidBCE(lossSlope, complement, slope):
            #expect(complement == 1 - o && lossSlope.value == (o - e) / (o * complement))
            if lossSlope.value.isFinite { #expect(close(lossSlope.value * slope.value, o - e)) }
            return o - e
        case let .softmaxCE(quotients, _, targetSum):
            #expect(quotients.elements.allSatisfy { $0.value == -$0.target.value / $0.output.value })
            return o * targetSum - e
        case let .softmaxMSE(error, dot):
            #expect(error == o - e)
            return o * (error - dot)
        }
    }
}

extension Symbol {
    func isDelta(ofLayer layer: Int) -> Bool {
        if case .delta(layer, _) = self { return true }
        return false
    }
}
