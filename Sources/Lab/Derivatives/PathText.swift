import BackpropCore

/// `paths PARAM` in words: each path of a `PathExpansion` as its route
/// through the net inputs, its factors by name, and the same product in
/// numbers; then the sum over the paths beside backprop's gradient.
struct PathText {
    let format: (Double) -> String

    func lines(_ expansion: PathExpansion) -> [String] {
        let reference = expansion.reference
        let count = "\(expansion.count) path\(expansion.paths.count == 1 ? "" : "s")"
        var text = ["\(reference): \(count) to the loss (the product of the later layers' widths)"]
        for path in expansion.paths {
            let route = path.neurons.enumerated().map { "z\(expansion.firstLayer + $0)[\($1 + 1)]" }.joined(separator: " → ")
            text.append("\(reference) → \(route) → E:")
            text.append("    " + path.factors.map(Self.name).joined(separator: "·"))
            text.append("    = " + path.factors.map { GradientText.factor($0.value, format) }.joined(separator: " · ")
                        + " = \(format(path.product))")
        }
        let difference = FiniteDifference.describe(abs(expansion.sum - expansion.backprop))
        text.append("sum over \(count) = \(format(expansion.sum)); backprop (grad) = \(format(expansion.backprop)); difference \(difference)")
        return text
    }

    /// A factor's name; a path ends in the output delta, written as the
    /// derivative it is (dE/dz), since `paths` never names deltas otherwise.
    static func name(_ factor: Factor) -> String {
        if case let .delta(l, k) = factor.symbol { return "dE/dz\(l)[\(k + 1)]" }
        return factor.name
    }
}
