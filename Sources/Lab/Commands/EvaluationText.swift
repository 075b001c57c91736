import BackpropCore

/// `eval`: the loss (and, with l1/l2 set, the loss with the penalty that
/// `train` descends) and accuracy of each split, and for classes the
/// confusion matrix, which shows what the accuracy hides: which classes
/// are taken for which.
extension CommandContext {
    func printEvaluation(_ network: Network, data: LabData) throws {
        let penalty = Penalty(l1: state.settings.l1, l2: state.settings.l2)
        var rows: [[String]] = []
        var confusion: (name: String, counts: [[Int]])?
        for (name, set) in [("train", Optional(data.train)), ("test", data.test)] {
            guard let set, !set.isEmpty else { continue }
            guard let result = Metrics.evaluate(network, on: set, shouldStop: stopRequested) else { throw LabError.stopped }
            rows.append(["\(name):", "loss \(format(result.loss))"]
                        + (penalty.isZero ? [] : ["with penalty \(format(result.loss + penalty.value(network)))"])
                        + [result.accuracy.map { "accuracy \(Format.percent($0))" } ?? "",
                           "(\(Format.count(result.count, "sample")))"])
            if let counts = result.confusion { confusion = (name, counts) }
        }
        print(lines: Format.table(rows, indent: ""))
        if let (name, counts) = confusion { printConfusion(counts, of: name, network: network, data: data) }
    }

    /// Rows the true class, columns the predicted one, by class name; the
    /// test split when there is one, else the training split.
    private func printConfusion(_ counts: [[Int]], of split: String, network: Network, data: LabData) {
        let given = network.classNames.isEmpty ? data.train.classNames : network.classNames
        let names = given.count == counts.count ? given.map(Printable.text) : (0..<counts.count).map { counts.count == 2 ? "\($0)" : "\($0 + 1)" }
        print("\(split) confusion matrix (rows: true class, columns: predicted):")
        let cells = counts.enumerated().map { t, row in row.map(String.init) + ["\(row[t])/\(row.reduce(0, +))"] }
        print(lines: Format.table(cells, header: names + ["right"], rowLabels: names))
    }
}
