/// Samples for training or evaluation: one input row and one target row per sample.
///
/// Targets are numeric: a class is stored one-hot (or as 0/1 for a single
/// sigmoid output), and `classNames` keeps the names shown by `predict` and
/// `eval`. The initializer rejects NaN and ±Inf, so everything downstream
/// can assume finite data.
public struct Dataset: Equatable, Sendable {
    public var inputs: Matrix
    public var targets: Matrix
    /// Names of the input columns (x1, x2, … when none were given).
    public var featureNames: [String]
    /// Class names for classification targets, in target-column order
    /// (for a single 0/1 column: the names of class 0 and class 1); empty for regression.
    public var classNames: [String]

    public init(inputs: Matrix, targets: Matrix, featureNames: [String]? = nil, classNames: [String] = []) throws {
        guard inputs.rows == targets.rows else {
            throw CoreError.shapeMismatch("\(inputs.rows) input rows but \(targets.rows) target rows")
        }
        if let bad = inputs.storage.firstIndex(where: { !$0.isFinite }) {
            throw CoreError.nonFinite("input row \(bad / max(inputs.columns, 1) + 1), column \(bad % max(inputs.columns, 1) + 1) is \(inputs.storage[bad]) (data must be finite)")
        }
        if let bad = targets.storage.firstIndex(where: { !$0.isFinite }) {
            throw CoreError.nonFinite("target row \(bad / max(targets.columns, 1) + 1), column \(bad % max(targets.columns, 1) + 1) is \(targets.storage[bad]) (data must be finite)")
        }
        self.inputs = inputs
        self.targets = targets
        self.featureNames = featureNames ?? (0..<inputs.columns).map { "x\($0 + 1)" }
        self.classNames = classNames
    }

    public var count: Int { inputs.rows }
    public var isEmpty: Bool { inputs.rows == 0 }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        var copy = self
        copy.inputs = inputs.rows(indices)
        copy.targets = targets.rows(indices)
        return copy
    }
}
