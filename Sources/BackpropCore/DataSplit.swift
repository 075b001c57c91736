extension Dataset {
    /// A seeded train/test split: the rows are shuffled with SplitMix64(seed)
    /// and the first round(n·testShare) go to the test set; both keep the
    /// original row order within themselves.
    public func split(testShare: Double, seed: UInt64) throws -> (train: Dataset, test: Dataset) {
        guard testShare >= 0 && testShare < 1 else {
            throw CoreError.invalidSize("test share must be in [0, 1), got \(testShare)")
        }
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        rng.shuffle(&order)
        let testCount = Int((Double(count) * testShare).rounded())
        guard count - testCount >= 1 else { throw CoreError.invalidSize("a test share of \(testShare) leaves no training samples") }
        let testRows = Array(order.prefix(testCount)).sorted(), trainRows = Array(order.dropFirst(testCount)).sorted()
        return (subset(trainRows), subset(testRows))
    }

    /// The rows of both sets, train first (to re-split).
    public func appending(_ other: Dataset) -> Dataset {
        var copy = self
        copy.inputs = Matrix(rows: count + other.count, columns: inputs.columns, storage: inputs.storage + other.inputs.storage)
        copy.targets = Matrix(rows: count + other.count, columns: targets.columns, storage: targets.storage + other.targets.storage)
        return copy
    }
}
