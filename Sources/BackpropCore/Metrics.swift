/// Loss and accuracy of a network on a data set.
public struct Evaluation: Equatable, Sendable {
    /// The loss E over all samples (penalties not included).
    public var loss: Double
    /// Share of samples classified right, in [0, 1]; nil for regression targets.
    public var accuracy: Double?
    public var count: Int
    /// For classes: `confusion[t][p]` samples of true class t predicted as
    /// class p (two classes for a single 0/1 output); nil for regression.
    public var confusion: [[Int]]?
}

public enum Metrics {
    /// Samples per forward pass when evaluating, so memory stays bounded on
    /// large sets (fewer for networks so wide that 1024 rows would not fit `chunkBytes`).
    static let chunkSize = 1024
    static let chunkBytes = 32.0 * 1024 * 1024

    /// Evaluates `network` on `data` with a forward pass over all samples.
    ///
    /// Classes, for 0/1 targets: with several outputs, the class is the argmax
    /// of the output (predicted) and of the target (true); with one output,
    /// class 1 when it is at least 0.5. A sample is right when the two agree.
    /// Other targets (regression) have no accuracy.
    public static func evaluate(_ network: Network, on data: Dataset) -> Evaluation {
        // Nothing stops this evaluation, so it always finishes.
        evaluate(network, on: data, shouldStop: { false })!
    }

    /// As `evaluate(_:on:)`, checking `shouldStop` (Ctrl-C) between chunks: nil when it stopped.
    public static func evaluate(_ network: Network, on data: Dataset, shouldStop: () -> Bool) -> Evaluation? {
        let n = data.count
        guard n > 0, network.depth > 0 else { return Evaluation(loss: .nan, accuracy: nil, count: n) }
        let classification = isClassification(targets: data.targets)
        var weightedLoss = 0.0
        let outputs = network.outputSize
        var confusion = Array(repeating: Array(repeating: 0, count: max(outputs, 2)), count: classification ? max(outputs, 2) : 0)
        let finished = forwardChunks(network, on: data, shouldStop: shouldStop) { propagation, start, count in
            weightedLoss += propagation.loss * Double(count)
            guard classification else { return }
            for k in 0..<count {
                let predicted = classOf(outputs) { propagation.a(layer: network.depth, sample: k, neuron: $0) }
                confusion[classOf(outputs) { data.targets[start + k, $0] }][predicted] += 1
            }
        }
        guard finished else { return nil }
        let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
        return Evaluation(loss: weightedLoss / Double(n), accuracy: classification ? Double(correct) / Double(n) : nil,
                          count: n, confusion: classification ? confusion : nil)
    }

    /// The class of one row of `outputs` values: the first argmax, or 0/1 at 0.5 for a single value.
    private static func classOf(_ outputs: Int, _ value: (Int) -> Double) -> Int {
        guard outputs > 1 else { return value(0) >= 0.5 ? 1 : 0 }
        var best = 0
        for j in 1..<outputs where value(j) > value(best) { best = j }
        return best
    }

    /// Forward passes (with the loss) over every sample of `data`, a chunk at
    /// a time in forward-only buffers: `body(pass, first row, rows)` reads
    /// each chunk. False when `shouldStop` ended it between chunks.
    public static func forwardChunks(_ network: Network, on data: Dataset, shouldStop: () -> Bool = { false },
                                     _ body: (Propagation, Int, Int) -> Void) -> Bool {
        passes(network, on: data, chunk: chunkRows(network), forwardOnly: true, shouldStop: shouldStop, body)
    }

    /// Forward passes with the loss over every sample, `chunk` at a time, in
    /// one set of buffers; `body` reads each (and may run the backward pass).
    static func passes(_ network: Network, on data: Dataset, chunk: Int, forwardOnly: Bool, shouldStop: () -> Bool,
                       _ body: (Propagation, Int, Int) -> Void) -> Bool {
        let n = data.count
        guard n > 0 else { return true }
        let propagation = Propagation(shapeOf: network, capacity: min(n, chunk), forwardOnly: forwardOnly)
        var start = 0
        var rows: [Int] = []  // one buffer of row numbers, refilled per chunk
        rows.reserveCapacity(min(n, chunk))
        while start < n {
            if shouldStop() { return false }
            let end = min(start + chunk, n)
            rows.removeAll(keepingCapacity: true)
            rows.append(contentsOf: start..<end)
            propagation.forward(network, inputs: data.inputs, targets: data.targets, rows: rows[...])
            body(propagation, start, end - start)
            start = end
        }
        return true
    }

    /// Samples per chunk of `forwardChunks` for `network`.
    public static func chunkRows(_ network: Network) -> Int {
        Propagation.chunkRows(shapeOf: network, bytes: chunkBytes, limit: chunkSize)
    }

    /// True when targets are classes: every target is 0 or 1 (one-hot rows, or
    /// a single 0/1 column).
    public static func isClassification(targets: Matrix) -> Bool {
        targets.storage.allSatisfy { $0 == 0 || $0 == 1 }
    }
}
