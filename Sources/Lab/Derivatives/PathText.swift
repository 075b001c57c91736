import BackpropCore

/// `paths PARAM` in words: each listed path of a `PathExpansion` as its
/// route through the net inputs, its factors by name, and the same product
/// in numbers (for one sample) or its mean over the samples; the paths not
/// listed as one sum; then the sum over every path (plus the penalty term)
/// beside backprop's gradient.
struct PathText {
    let format: (Double) -> String

    func lines(_ expansion: PathExpansion) -> [String] {
        let reference = expansion.reference
        let count = Self.count(expansion)
        var text = ["\(reference): \(count) to the loss (the product of the later layers' widths)"
                    + (expansion.rest.count > 0 ? "; the \(expansion.paths.count) largest:" : "")]
        for path in expansion.paths {
            text.append(Self.route(path, in: expansion) + ":")
            text.append("    " + path.symbols.map(Self.name).joined(separator: "·"))
            text.append("    " + product(path, in: expansion))
        }
        if expansion.rest.count > 0 {
            text.append("the other \(Format.count(expansion.rest.count, "path")): together \(format(expansion.rest.sum))")
        }
        if !expansion.sampleSums.isEmpty {
            let more = expansion.sampleCount > expansion.sampleSums.count ? "  …" : ""
            text.append("each sample's own sum over the paths: [\(expansion.sampleSums.map(format).joined(separator: "  "))\(more)] "
                        + "(the paths' means add up to their mean)")
        }
        return text + closing(expansion, count: count)
    }

    /// `w1[1,1] → z1[1] → z2[2] → E`: the neurons a path passes through.
    static func route(_ path: PathExpansion.Path, in expansion: PathExpansion) -> String {
        let route = path.neurons.enumerated().map { "z\(expansion.firstLayer + $0)[\($1 + 1)]" }.joined(separator: " → ")
        return "\(expansion.reference) → \(route) → E"
    }

    /// `= 0.05 · 0.241301 · … = 0.000438568`: one sample's factors and their
    /// product, or the product's mean over the samples.
    func product(_ path: PathExpansion.Path, in expansion: PathExpansion) -> String {
        guard let factors = path.factors else { return "mean over the \(expansion.sampleCount) samples = \(format(path.product))" }
        return "= " + factors.map { GradientText.factor($0.value, format) }.joined(separator: " · ") + " = \(format(path.product))"
    }

    /// The line `paths` starts with: which samples the paths are of.
    static func heading(_ expansion: PathExpansion, samples: DerivativeSamples) -> String {
        if expansion.sampleCount > 1 {
            return "paths of the mean over \(samples.name) (each path's product averaged over them; sample=K for one sample's factors):"
        }
        return "paths for \(samples.isForward ? samples.name : "sample \(samples.trainingSample ?? 1)"):"
    }

    /// "2 paths".
    static func count(_ expansion: PathExpansion) -> String {
        "\(expansion.count) path\(expansion.count.exactValue == 1 ? "" : "s")"
    }

    /// The sum over the paths, the penalty term when there is one, and backprop's gradient.
    func closing(_ expansion: PathExpansion, count: String) -> [String] {
        var text: [String] = []
        var sum = "sum over \(count) = \(format(expansion.sum))"
        if let term = expansion.penalty {
            let words = PenaltyText(format: format)
            text.append("+ \(words.symbols(term, of: expansion.reference)) = \(words.numbers(term)) = \(format(term.value))   "
                        + "(the penalty term: not a path, E holds the weight itself)" + (words.zeroNote(term).map { " " + $0 } ?? ""))
            sum += " + penalty term \(format(term.value)) = \(format(expansion.total))"
        }
        let difference = FiniteDifference.describe(abs(expansion.total - expansion.gradient))
        text.append("\(sum); backprop (grad) = \(format(expansion.gradient)); difference \(difference)")
        return text
    }

    /// A factor's name; a path ends in the output delta, written as the
    /// derivative it is (dE/dz), since `paths` never names deltas otherwise.
    static func name(_ symbol: Symbol) -> String {
        if case let .delta(l, k) = symbol { return "dE/dz\(l)[\(k + 1)]" }
        return symbol.description
    }
}
