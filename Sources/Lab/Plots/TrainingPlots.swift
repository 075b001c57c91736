import BackpropCore
import Foundation
import Gnuplot

/// How `plot grads` lays out the gradient norms: over the epochs, one
/// curve per layer (a few layers), or against the layer index at the last
/// epoch (a deep net, where 100 curves would be a blur: there the
/// vanishing gradient is one line falling from the output layer to the first).
enum GradsView: String {
    case epoch, layer

    init(parsing text: String) throws {
        guard let view = GradsView(rawValue: text.lowercased()) else { throw LabError("by= must be epoch or layer") }
        self = view
    }
}

extension CommandContext {
    /// Train and test loss per epoch.
    func addLoss(_ script: inout GnuplotScript, history: [EpochRecord], log: Bool, target: PlotKind.Target) throws {
        guard !history.isEmpty else { throw LabError("no training yet: `train` first, then `plot loss`") }
        script.addData("train", rows: history.map { [Double($0.epoch), $0.trainLoss] })
        let test = history.compactMap { r in r.testLoss.map { [Double(r.epoch), $0] } }
        if !test.isEmpty { script.addData("test", rows: test) }
        let loss = state.network?.loss.rawValue ?? "loss"
        PlotStyle.preamble(title: "Loss during training", xlabel: "epoch", ylabel: "loss (\(loss))", text: target.text).forEach { script.add($0) }
        epochAxis(&script, history)
        if log { PlotStyle.logAxis("y", values: history.flatMap { [$0.trainLoss] + ($0.testLoss.map { [$0] } ?? []) }).forEach { script.add($0) } }
        let style = lineStyle(points: history.count, target: target)
        script.add("plot $train using 1:2 with \(style) ls 1 title 'train'" + (test.isEmpty ? "" : ", $test using 1:2 with \(style) ls 2 title 'test'"))
    }

    /// Lines, with a point on each value when there are few of them (in a
    /// picture: the dumb terminal would draw its points as letters).
    private func lineStyle(points: Int, target: PlotKind.Target) -> String {
        points <= 30 && !target.text ? "linespoints" : "lines"
    }

    /// An x axis of whole epochs, ending at the first and last.
    private func epochAxis(_ script: inout GnuplotScript, _ history: [EpochRecord]) {
        let first = history.first?.epoch ?? 1, last = history.last?.epoch ?? 1
        script.add(first < last ? "set xrange [\(first):\(last)]" : "set xrange [\(first - 1):\(last + 1)]")
        if last - first <= 10 { script.add("set xtics 1") }
    }

    /// ‖dE/dW‖ per layer (the trainer's mean over each epoch), on a log scale.
    func addGrads(_ script: inout GnuplotScript, by requested: GradsView?, target: PlotKind.Target) throws {
        let recorded = state.trainingHistory.filter { !$0.gradientNorms.isEmpty }
        guard let last = recorded.last else { throw LabError("no training yet: `train` first, then `plot grads`") }
        let layers = last.gradientNorms.count
        let history = recorded.filter { $0.gradientNorms.count == layers }
        let view = requested ?? (layers > 8 || history.count == 1 ? .layer : .epoch)
        let floor = 1e-300  // a zero norm has no place on a log axis
        switch view {
        case .layer:
            let first = history[0]
            let compare = history.count > 1
            script.addData("norms", rows: (0..<layers).map { l in
                [Double(l + 1), max(last.gradientNorms[l], floor)] + (compare ? [max(first.gradientNorms[l], floor)] : [])
            })
            PlotStyle.preamble(title: "Gradient norm per layer" + (layers > 8 ? " (vanishing gradients shrink toward layer 1)" : ""),
                               xlabel: "layer (1 = first hidden, \(layers) = output)", ylabel: "‖dE/dW‖ (mean over the epoch)", text: target.text).forEach { script.add($0) }
            script.add("set xrange [\(layers > 1 ? 1 : 0):\(layers + (layers > 1 ? 0 : 1))]")
            script.add(PlotStyle.indexTics("x", count: layers))
            PlotStyle.logAxis("y", values: last.gradientNorms + (compare ? first.gradientNorms : [])).forEach { script.add($0) }
            let style = target.text ? "lines" : "linespoints", size = target.text ? "" : " ps \(layers > 30 ? 0.5 : 1)"
            // The first epoch dashed underneath, the last on top.
            var series = ["$norms using 1:2 with \(style) ls 1\(size) title 'epoch \(last.epoch)'"]
            if compare { series.insert("$norms using 1:3 with \(style) ls 2\(size) dt 2 title 'epoch \(first.epoch)'", at: 0) }
            script.add("plot " + series.joined(separator: ", "))
        case .epoch:
            // At most eight curves: the first two layers, the last two, and evenly between.
            let shown = layers <= 8 ? Array(0..<layers) : Array(Set([0, 1] + (1...4).map { $0 * (layers - 1) / 5 } + [layers - 2, layers - 1])).sorted()
            script.addData("norms", rows: history.map { [Double($0.epoch)] + $0.gradientNorms.map { max($0, floor) } })
            let title = "Gradient norm per layer over training" + (shown.count < layers ? " (\(shown.count) of \(layers) layers)" : "")
            PlotStyle.preamble(title: title, xlabel: "epoch", ylabel: "‖dE/dW‖ (mean over the epoch)", text: target.text).forEach { script.add($0) }
            epochAxis(&script, history)
            PlotStyle.logAxis("y", values: history.flatMap { r in shown.map { r.gradientNorms[$0] } }).forEach { script.add($0) }
            let style = lineStyle(points: history.count, target: target)
            script.add("plot " + shown.enumerated().map { "$norms using 1:\($1 + 2) with \(style) ls \($0 + 1) title 'layer \($1 + 1)'" }.joined(separator: ", "))
        }
    }
}
