import BackpropCore

/// A weight's penalty term in words, as `grad` and `paths` add it to the
/// data term: `l1·sign(w) + l2·w`, only the parts whose coefficient is set.
struct PenaltyText {
    let format: (Double) -> String

    /// "l1·sign(w1[1,1]) + l2·w1[1,1]".
    func symbols(_ term: PenaltyTerm, of reference: ParameterReference) -> String {
        parts(term, l1: "l1·sign(\(reference))", l2: "l2·\(reference)").joined(separator: " + ")
    }

    /// "0.01·1 + 0.5·0.4".
    func numbers(_ term: PenaltyTerm) -> String {
        parts(term, l1: "\(format(term.l1))·\(format(term.sign))", l2: "\(format(term.l2))·\(GradientText.factor(term.weight, format))")
            .joined(separator: " + ")
    }

    /// What the l1 term is at w = 0, where |w| has no slope; nil elsewhere.
    func zeroNote(_ term: PenaltyTerm) -> String? {
        guard term.l1 != 0, term.weight == 0 else { return nil }
        return "(at w = 0, sign(0) = 0: the l1 term adds nothing, as PyTorch's |w| does; a central difference sees the same)"
    }

    /// The first line's decomposition: "= data term 0.0115557 + penalty term -0.0788216 (…)".
    func split(data: Double, penalty term: PenaltyTerm) -> String {
        "  = data term \(format(data)) + penalty term \(format(term.value))   "
            + "(E + l1·Σ|w| + l2/2·Σw², as train descends it; penalty=no for the data term alone)"
    }

    private func parts(_ term: PenaltyTerm, l1: String, l2: String) -> [String] {
        (term.l1 != 0 ? [l1] : []) + (term.l2 != 0 ? [l2] : [])
    }
}
