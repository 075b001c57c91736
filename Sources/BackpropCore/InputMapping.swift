/// How raw samples become a network's inputs: feature transforms, then scaling.
///
///     raw x (rawInputs values) → features (x1, x1^2, x1*x2, …) → (x − offset) / scale → layer 1
///
/// The session's data carries one (fitted on its training split) and so does
/// the network, which saves it with the model: `forward`, `predict` and plots
/// map typed raw inputs through the network's mapping, so they see inputs
/// exactly as the network saw them in training.
public struct InputMapping: Equatable, Sendable {
    /// How many raw values one sample has (CSV feature columns, generator coordinates).
    public var rawInputs: Int
    /// Input features computed from the raw values; empty: the raw values themselves.
    public var features: [FeatureTransform]
    /// Scaling of the (transformed) inputs; nil: none.
    public var normalization: Normalization?

    public init(rawInputs: Int, features: [FeatureTransform] = [], normalization: Normalization? = nil) {
        self.rawInputs = rawInputs
        self.features = features
        self.normalization = normalization
    }

    /// Transforms `raw` by `features`, then fits a `kind` scaling on the result (the training split).
    public static func fitted(to raw: Matrix, features: [FeatureTransform], kind: Normalization.Kind) -> InputMapping {
        var mapping = InputMapping(rawInputs: raw.columns, features: features)
        if kind != .none { mapping.normalization = Normalization.fit(kind, to: mapping.transform(raw)) }
        return mapping
    }

    /// The number of values the network receives.
    public var inputSize: Int { features.isEmpty ? rawInputs : features.count }

    public var kind: Normalization.Kind { normalization?.kind ?? .none }

    /// True when inputs reach the network as they are.
    public var isIdentity: Bool { features.isEmpty && normalization == nil }

    /// The network input for one raw row.
    public func apply(_ raw: [Double]) -> [Double] {
        precondition(raw.count == rawInputs, "raw input of \(raw.count) values for a mapping of \(rawInputs)")
        let transformed = features.isEmpty ? raw : features.map { $0.value(raw) }
        return normalization?.apply(transformed) ?? transformed
    }

    /// The network inputs for raw rows.
    public func apply(_ raw: Matrix) -> Matrix {
        let transformed = transform(raw)
        return normalization?.apply(transformed) ?? transformed
    }

    /// The features of raw rows, before scaling.
    private func transform(_ raw: Matrix) -> Matrix {
        precondition(raw.columns == rawInputs, "raw inputs of \(raw.columns) columns for a mapping of \(rawInputs)")
        guard !features.isEmpty else { return raw }
        var x = Matrix(rows: raw.rows, columns: features.count)
        for r in 0..<raw.rows {
            let row = raw.row(r)
            for (c, feature) in features.enumerated() { x[r, c] = feature.value(row) }
        }
        return x
    }
}
