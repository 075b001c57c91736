/// Loss and accuracy of a network on a data set.
public struct Evaluation: Equatable, Sendable {
    /// The loss E over all samples (penalties not included).
    public var loss: Double
    /// Share of samples classified right, in [0, 1]; nil for regression targets.
    public var accuracy: Double?
    public var count: Int
}

public enum Metrics {
    /// Samples per forward pass when evaluating, so memory stays bounded on
    /// large sets (fewer for networks so wide that 1024 rows would not fit `chunkBytes`).
    static let chunkSize = 1024
    static let chunkBytes = 32.0 * 1024 * 1024

    /// Evaluates `network` on `data` with a forward pass over all samples.
    ///
    /// Accuracy, for 0/1 targets: with several outputs, the argmax of the
    /// output must equal the argmax of the target; with one output, the output
    /// is thresholded at 0.5. Other targets (regression) have no accuracy.
    public static func evaluate(_ network: Network, on data: Dataset) -> Evaluation {
        evaluate(network, on: data, shouldStop: { false })!
    }

    /// As `evaluate(_:on:)`, checking `shouldStop` (Ctrl-C) between chunks: nil when it stopped.
    public static func evaluate(_ network: Network, on data: Dataset, shouldStop: () -> Bool) -> Evaluation? {
        let n = data.count
        guard n > 0, network.depth > 0 else { return Evaluation(loss: .nan, accuracy: nil, count: n) }
        let classification = isClassification(targets: data.targets)
        var weightedLoss = 0.0
        var correct = 0
        let outputs = network.outputSize
        let finished = forwardChunks(network, on: data, shouldStop: shouldStop) { propagation, start, count in
            weightedLoss += propagation.loss * Double(count)
            guard classification else { return }
            for k in 0..<count {
                let r = start + k
                if outputs == 1 {
                    let predicted = propagation.a(layer: network.depth, sample: k, neuron: 0) >= 0.5
                    if predicted == (data.targets[r, 0] >= 0.5) { correct += 1 }
                } else {
                    var best = 0, bestTarget = 0
                    for j in 1..<outputs {
                        if propagation.a(layer: network.depth, sample: k, neuron: j) > propagation.a(layer: network.depth, sample: k, neuron: best) { best = j }
                        if data.targets[r, j] > data.targets[r, bestTarget] { bestTarget = j }
                    }
                    if best == bestTarget { correct += 1 }
                }
            }
        }
        guard finished else { return nil }
        return Evaluation(loss: weightedLoss / Double(n),
                          accuracy: classification ? Double(correct) / Double(n) : nil, count: n)
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
