import BackpropCore

/// How many samples of each named class the network gets right, for `eval`.
///
/// Only for three or more classes (one-hot targets, one output per class):
/// there the overall accuracy hides which classes are confused with which
/// (iris: setosa is easy, versicolor and virginica are not), while for two
/// classes the accuracy line already says most of it.
enum ClassBreakdown {
    /// Correct and total per class, by argmax of output and target; nil when
    /// the data is not named multi-class data the network's outputs match.
    static func counts(_ network: Network, on data: Dataset) -> [(name: String, correct: Int, total: Int)]? {
        let classes = data.classNames.count
        guard classes >= 3, data.targets.columns == classes, network.outputSize == classes, network.depth > 0,
              data.count > 0, Metrics.isClassification(targets: data.targets) else { return nil }
        var correct = Array(repeating: 0, count: classes), total = Array(repeating: 0, count: classes)
        _ = Metrics.forwardChunks(network, on: data) { propagation, start, count in
            for k in 0..<count {
                var predicted = 0, actual = 0
                for j in 1..<classes {
                    if propagation.a(layer: network.depth, sample: k, neuron: j) > propagation.a(layer: network.depth, sample: k, neuron: predicted) { predicted = j }
                    if data.targets[start + k, j] > data.targets[start + k, actual] { actual = j }
                }
                total[actual] += 1
                if predicted == actual { correct[actual] += 1 }
            }
        }
        return (0..<classes).map { (data.classNames[$0], correct[$0], total[$0]) }
    }
}

extension CommandContext {
    /// "test by class: setosa 10/10, versicolor 8/9, virginica 10/11" — the
    /// test split when there is one, else the training split.
    func printClassBreakdown(_ network: Network, data: LabData) {
        let (name, set) = data.test.map { $0.isEmpty ? ("train", data.train) : ("test", $0) } ?? ("train", data.train)
        guard let counts = ClassBreakdown.counts(network, on: set) else { return }
        print("\(name) by class: " + counts.map { "\(Printable.text($0.name)) \($0.correct)/\($0.total)" }.joined(separator: ", "))
    }
}
