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

/// `plot loss`: train and test loss per epoch.
struct LossPlot: PlotBuilder {
    let log: Bool

    init(log: Bool) { self.log = log }

    init(_ arguments: Arguments) throws {
        log = try arguments.flag("log", default: false)
    }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let history = input.history
        guard !history.isEmpty else { throw LabError("no training yet: `train` first, then `plot loss`") }
        var script = GnuplotScript()
        script.addData("train", rows: history.map { [Double($0.epoch), $0.trainLoss] })
        let test = history.compactMap { r in r.testLoss.map { [Double(r.epoch), $0] } }
        if !test.isEmpty { script.addData("test", rows: test) }
        try script.add(PlotStyle.preamble(title: "Loss during training", xlabel: "epoch", ylabel: "loss (\(input.lossName))", text: target.text))
        try script.add(EpochAxis.commands(history))
        if log { try script.add(PlotStyle.logAxis("y", values: history.flatMap { [$0.trainLoss] + ($0.testLoss.map { [$0] } ?? []) })) }
        let style = EpochAxis.lineStyle(points: history.count, target: target)
        try script.add("plot $train using 1:2 with \(style) ls 1 title 'train'" + (test.isEmpty ? "" : ", $test using 1:2 with \(style) ls 2 title 'test'"))
        return script
    }
}

/// `plot grads`: ‖dE/dW‖ per layer (the trainer's mean over each epoch), on a log scale.
struct GradsPlot: PlotBuilder {
    let requested: GradsView?

    init(_ arguments: Arguments) throws {
        requested = try arguments.choice("by", default: nil) { try GradsView(parsing: $0) }
    }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let recorded = input.history.filter { !$0.gradientNorms.isEmpty }
        guard let last = recorded.last else { throw LabError("no training yet: `train` first, then `plot grads`") }
        let layers = last.gradientNorms.count
        let history = recorded.filter { $0.gradientNorms.count == layers }
        var script = GnuplotScript()
        switch requested ?? (layers > 8 || history.count == 1 ? .layer : .epoch) {
        case .layer: try byLayer(&script, history: history, target: target)
        case .epoch: try byEpoch(&script, history: history, target: target)
        }
        return script
    }

    /// A zero norm has no place on a log axis.
    private static let floor = 1e-300

    /// The last epoch against the layer index, the first epoch dashed underneath.
    private func byLayer(_ script: inout GnuplotScript, history: [EpochRecord], target: PlotTarget) throws {
        let first = history[0], last = history[history.count - 1]
        let layers = last.gradientNorms.count
        let compare = history.count > 1
        script.addData("norms", rows: (0..<layers).map { l in
            [Double(l + 1), max(last.gradientNorms[l], Self.floor)] + (compare ? [max(first.gradientNorms[l], Self.floor)] : [])
        })
        try script.add(PlotStyle.preamble(title: "Gradient norm per layer" + (layers > 8 ? " (vanishing gradients shrink toward layer 1)" : ""),
                                          xlabel: "layer (1 = first hidden, \(layers) = output)", ylabel: "‖dE/dW‖ (mean over the epoch)", text: target.text))
        try script.add("set xrange [\(layers > 1 ? 1 : 0):\(layers + (layers > 1 ? 0 : 1))]")
        try script.add(PlotStyle.indexTics("x", count: layers))
        try script.add(PlotStyle.logAxis("y", values: last.gradientNorms + (compare ? first.gradientNorms : [])))
        let style = target.text ? "lines" : "linespoints", size = target.text ? "" : " ps \(layers > 30 ? 0.5 : 1)"
        var series = ["$norms using 1:2 with \(style) ls 1\(size) title 'epoch \(last.epoch)'"]
        if compare { series.insert("$norms using 1:3 with \(style) ls 2\(size) dt 2 title 'epoch \(first.epoch)'", at: 0) }
        try script.add("plot " + series.joined(separator: ", "))
    }

    /// One curve per layer over the epochs: at most eight, the first two
    /// layers, the last two, and evenly between.
    private func byEpoch(_ script: inout GnuplotScript, history: [EpochRecord], target: PlotTarget) throws {
        let layers = history[history.count - 1].gradientNorms.count
        let shown = layers <= 8 ? Array(0..<layers) : Array(Set([0, 1] + (1...4).map { $0 * (layers - 1) / 5 } + [layers - 2, layers - 1])).sorted()
        script.addData("norms", rows: history.map { [Double($0.epoch)] + $0.gradientNorms.map { max($0, Self.floor) } })
        let title = "Gradient norm per layer over training" + (shown.count < layers ? " (\(shown.count) of \(layers) layers)" : "")
        try script.add(PlotStyle.preamble(title: title, xlabel: "epoch", ylabel: "‖dE/dW‖ (mean over the epoch)", text: target.text))
        try script.add(EpochAxis.commands(history))
        try script.add(PlotStyle.logAxis("y", values: history.flatMap { r in shown.map { r.gradientNorms[$0] } }))
        let style = EpochAxis.lineStyle(points: history.count, target: target)
        try script.add("plot " + shown.enumerated().map { "$norms using 1:\($1 + 2) with \(style) ls \($0 + 1) title 'layer \($1 + 1)'" }.joined(separator: ", "))
    }
}

/// The x axis of plots over the epochs, and their line style.
enum EpochAxis {
    /// Whole epochs, ending at the first and last.
    static func commands(_ history: [EpochRecord]) -> [String] {
        let first = history.first?.epoch ?? 1, last = history.last?.epoch ?? 1
        let range = first < last ? "set xrange [\(first):\(last)]" : "set xrange [\(first - 1):\(last + 1)]"
        return [range] + (last - first <= 10 ? ["set xtics 1"] : [])
    }

    /// Lines, with a point on each value when there are few of them (in a
    /// picture: the dumb terminal would draw its points as letters).
    static func lineStyle(points: Int, target: PlotTarget) -> String {
        points <= 30 && !target.text ? "linespoints" : "lines"
    }
}
