extension Dataset {
    /// A seeded train/test split: the rows are shuffled with SplitMix64(seed)
    /// and the first round(n·testShare) go to the test set; both keep the
    /// original row order within themselves.
    public func split(testShare: Double, seed: UInt64) throws -> (train: Dataset, test: Dataset) {
        let rows = try splitRows(testShare: testShare, seed: seed)
        return (subset(rows.train), subset(rows.test))
    }

    /// The rows `split` puts in each set, ascending.
    public func splitRows(testShare: Double, seed: UInt64) throws -> (train: [Int], test: [Int]) {
        guard testShare >= 0 && testShare < 1 else {
            throw CoreError.invalidSize("test share must be in [0, 1), got \(testShare)")
        }
        var order = Array(0..<count)
        var rng = SplitMix64(seed: seed)
        rng.shuffle(&order)
        let testCount = Int((Double(count) * testShare).rounded())
        guard count - testCount >= 1 else { throw CoreError.invalidSize("a test share of \(testShare) leaves no training samples") }
        return (Array(order.dropFirst(testCount)).sorted(), Array(order.prefix(testCount)).sorted())
    }

    /// Undoes a split: this set's rows and `test`'s, back in their original
    /// order, where `testRows` (ascending) are the test rows' original
    /// positions and this set's rows fill the other positions in order.
    public func merging(test: Dataset, at testRows: [Int]) -> Dataset {
        precondition(test.count == testRows.count, "\(test.count) test rows at \(testRows.count) positions")
        let total = count + test.count
        var inputs = Matrix(rows: total, columns: self.inputs.columns)
        var targets = Matrix(rows: total, columns: self.targets.columns)
        var nextTrain = 0, nextTest = 0
        for r in 0..<total {
            let fromTest = nextTest < testRows.count && testRows[nextTest] == r
            let (source, row) = fromTest ? (test, nextTest) : (self, nextTrain)
            for c in 0..<inputs.columns { inputs[r, c] = source.inputs[row, c] }
            for c in 0..<targets.columns { targets[r, c] = source.targets[row, c] }
            if fromTest { nextTest += 1 } else { nextTrain += 1 }
        }
        var copy = self
        copy.inputs = inputs
        copy.targets = targets
        return copy
    }
}
