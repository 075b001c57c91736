import BackpropCore
import Gnuplot

/// `plot data`: the samples, a scatter of two inputs coloured and shaped by
/// class, or one input against a numeric target; test samples hollow.
struct DataPlot: PlotBuilder {
    init(_ arguments: Arguments) {}

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let data = try input.data()
        let train = data.rawTrain, test = data.rawTest.flatMap { $0.isEmpty ? nil : $0 }
        let counts = test.map { " (\(Format.count(train.count, "training sample")), \($0.count) test)" } ?? ""
        let title = "Data: \(data.source)" + counts
        // Ranges hug the data with a little room, instead of gnuplot's rounding out to the next tick.
        let margins = ["set autoscale fix", "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05"]
        var script = GnuplotScript()
        if train.inputs.columns == 1 && train.targets.columns == 1 && !Metrics.isClassification(targets: train.targets) {
            try script.add(PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: "target", text: target.text) + margins)
            let layers = PlotMarkers.regressionPoints(&script, train: train, test: test, output: 0, target: target)
            try script.add("plot " + layers.joined(separator: ", "))
            return script
        }
        guard train.inputs.columns == 2 else {
            throw LabError("plot data needs 2 inputs, or 1 input and a numeric target; this data has \(train.inputs.columns) inputs (try `features` or a 2-D set)")
        }
        try script.add(PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: train.featureNames[1], text: target.text) + margins)
        let layers = PlotMarkers.classPoints(&script, train: train, test: test, target: target)
        try script.add(PlotStyle.keyColumns(layers, rows: test == nil ? 1 : 2))
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}
