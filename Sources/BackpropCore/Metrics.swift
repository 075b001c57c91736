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
    /// Samples per forward pass when evaluating, so memory stays bounded on large sets.
    static let chunkSize = 1024

    /// Evaluates `network` on `data` with a forward pass over all samples.
    ///
    /// Classes, for 0/1 targets: with several outputs, the class is the argmax
    /// of the output (predicted) and of the target (true); with one output,
    /// class 1 when it is at least 0.5. A sample is right when the two agree.
    /// Other targets (regression) have no accuracy.
    public static func evaluate(_ network: Network, on data: Dataset) -> Evaluation {
        let n = data.count
        guard n > 0, network.depth > 0 else { return Evaluation(loss: .nan, accuracy: nil, count: n) }
        let classification = isClassification(targets: data.targets)
        let propagation = Propagation(shapeOf: network, capacity: min(n, chunkSize))
        var weightedLoss = 0.0
        let outputs = network.outputSize
        var confusion = Array(repeating: Array(repeating: 0, count: max(outputs, 2)), count: classification ? max(outputs, 2) : 0)
        var start = 0
        let order = Array(0..<n)
        while start < n {
            let end = min(start + chunkSize, n)
            propagation.forward(network, inputs: data.inputs, targets: data.targets, rows: order[start..<end])
            weightedLoss += propagation.loss * Double(end - start)
            if classification {
                for k in 0..<(end - start) {
                    let predicted = classOf(outputs) { propagation.a(layer: network.depth, sample: k, neuron: $0) }
                    confusion[classOf(outputs) { data.targets[start + k, $0] }][predicted] += 1
                }
            }
            start = end
        }
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

    /// True when targets are classes: every target is 0 or 1 (one-hot rows, or
    /// a single 0/1 column).
    public static func isClassification(targets: Matrix) -> Bool {
        targets.storage.allSatisfy { $0 == 0 || $0 == 1 }
    }
}
