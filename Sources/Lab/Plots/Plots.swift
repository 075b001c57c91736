import BackpropCore
import Foundation
import Gnuplot

/// The plot kinds: each turns session state into a gnuplot script (no
/// terminal or output: `PlotCommands` adds those). The kinds live in their
/// own files: `TrainingPlots` (loss, grads), `BoundaryPlot` (boundary, fit),
/// `WeightsPlot`, `FunctionPlots` (activation, landscape); the data scatter
/// and the class markers every kind shares are here.
enum PlotKind: String, CaseIterable {
    case loss, boundary, fit, data, grads, weights, activation, landscape

    /// Whether the script draws with characters (dumb) or pixels.
    struct Target {
        var text: Bool
        /// The text terminal's size in characters (text plots only). A plot
        /// may change `lines` to fit what it draws (`plot weights`: rows
        /// evenly spaced, at least a line apart), and the terminal is made
        /// that tall.
        var columns = 79, lines = 24
    }
}

extension CommandContext {
    /// The script of `kind` for a picture (a file, a notebook).
    func pictureScript(_ kind: PlotKind, _ args: Arguments, from index: Int) throws -> GnuplotScript {
        var target = PlotKind.Target(text: false)
        return try plotScript(kind, args, from: index, target: &target)
    }

    /// Builds the script of `kind` with its arguments (after the kind word).
    func plotScript(_ kind: PlotKind, _ args: Arguments, from index: Int, target: inout PlotKind.Target) throws -> GnuplotScript {
        var script = GnuplotScript()
        switch kind {
        case .loss:
            try args.expectAtMost(index, usage: "plot loss [log=yes]")
            try addLoss(&script, history: state.trainingHistory, log: try args.flag("log", default: false), target: target)
        case .data:
            try args.expectAtMost(index, usage: "plot data")
            try addScatter(&script, data: try requireData(), target: target)
        case .boundary:
            try args.expectAtMost(index, usage: "plot boundary [res=N]")
            let resolution = try args.int("res", default: 200)  // checked even when one input leaves it unused
            let data = try requireData()
            if data.rawTrain.inputs.columns == 1 {
                try addFit(&script, target: target)  // one input: the plane is a line, so draw the function
            } else {
                try addBoundary(&script, resolution: resolution, target: target)
            }
        case .fit:
            try args.expectAtMost(index, usage: "plot fit")
            try addFit(&script, target: target)
        case .grads:
            try args.expectAtMost(index, usage: "plot grads [by=epoch|layer]")
            try addGrads(&script, by: try args.choice("by", default: nil) { try GradsView(parsing: $0) }, target: target)
        case .weights:
            try args.expectAtMost(index + 1, usage: "plot weights L")
            let network = try requireNetwork()
            let l = try args.int(at: index, name: "layer", default: 1, in: 1...network.depth)
            addWeights(&script, network: network, layer: l, target: &target)
        case .activation:
            try args.expectAtMost(index + 1, usage: "plot activation NAME")
            guard index < args.words.count else { throw LabError("missing activation name (\(NetworkCommands.activationNames.joined(separator: ", ")))") }
            let activation = try NetworkCommands.parseActivation(args.words[index])
            guard activation.isElementwise else { throw LabError("softmax couples its outputs; plot an element-wise activation") }
            addActivation(&script, activation, target: target)
        case .landscape:
            try args.expectAtMost(index + 1, usage: "plot landscape PARAM [range=R]")
            try addLandscape(&script, args, index: index, target: target)
        }
        return script
    }

    /// The samples: a scatter of two inputs coloured and shaped by class,
    /// or one input against the target; test samples hollow.
    private func addScatter(_ script: inout GnuplotScript, data: LabData, target: PlotKind.Target) throws {
        let train = data.rawTrain, test = data.rawTest.flatMap { $0.isEmpty ? nil : $0 }
        let counts = test.map { " (\(Format.count(train.count, "training sample")), \($0.count) test)" } ?? ""
        let title = "Data: \(data.source)" + counts
        // Ranges hug the data with a little room, instead of gnuplot's rounding out to the next tick.
        let margins = ["set autoscale fix", "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05"]
        if train.inputs.columns == 1 && train.targets.columns == 1 && !Metrics.isClassification(targets: train.targets) {
            (PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: "target", text: target.text) + margins).forEach { script.add($0) }
            let layers = regressionPoints(&script, train: train, test: test, output: 0, target: target)
            script.add("plot " + layers.joined(separator: ", "))
            return
        }
        guard train.inputs.columns == 2 else {
            throw LabError("plot data needs 2 inputs, or 1 input and a numeric target; this data has \(train.inputs.columns) inputs (try `features` or a 2-D set)")
        }
        (PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: train.featureNames[1], text: target.text) + margins).forEach { script.add($0) }
        let layers = classPoints(&script, train: train, test: test, target: target)
        script.add(PlotStyle.keyColumns(layers, rows: test == nil ? 1 : 2))
        script.add("plot " + layers.joined(separator: ", "))
    }

    // MARK: Class markers

    /// The class of each sample: its one-hot argmax, or target ≥ 0.5 for one target.
    private func classIndices(_ data: Dataset) -> [Int] {
        (0..<data.count).map { r in
            data.targets.columns == 1 ? (data.targets[r, 0] >= 0.5 ? 1 : 0) : argmax(data.targets.row(r))
        }
    }

    /// How many classes the targets have (2 for a single 0/1 target).
    func classCount(_ data: Dataset) -> Int {
        data.targets.columns == 1 ? 2 : data.targets.columns
    }

    /// Datablocks `train<k>` and `test<k>` of the samples of each class, and
    /// the plot layers that draw them, class by class: a marker of the
    /// class's shape and colour with a dark outline (train), then the same
    /// shape hollow (test); see `PlotStyle.keyColumns` for the legend. On a
    /// text terminal each class is a letter (capital for test).
    /// Classes without samples draw nothing and have no legend entry.
    func classPoints(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, target: PlotKind.Target) -> [String] {
        let classes = classCount(train)
        let size = PlotStyle.pointSize(count: train.count + (test?.count ?? 0))
        let members = [("train", Optional(train)), ("test", test)].map { set, data in
            (set, data, data.map(classIndices) ?? [])
        }
        var layers: [String] = []
        for k in 0..<classes {
            for (set, data, indices) in members {
                guard let data else { continue }
                let rows = indices.indices.filter { indices[$0] == k }
                guard !rows.isEmpty else { continue }
                let block = "\(set)\(k)"
                script.addData(block, rows: rows.map { [data.inputs[$0, 0], data.inputs[$0, 1]] })
                let name = k < train.classNames.count ? train.classNames[k] : "class \(k)"
                let title = GnuplotQuoting.quoted(PlotStyle.legendName(name, text: target.text) + (set == "test" ? " (test)" : ""))
                let color = PlotStyle.color(k)
                if target.text {
                    layers.append("$\(block) using 1:2 with points pt '\(PlotStyle.textSymbol(k, test: set == "test"))' lc rgb '\(color)' title \(title)")
                } else if set == "train" {
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.filledPoint(k)) ps \(size) lc rgb '\(color)' title \(title)")
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.openPoint(k)) ps \(size) lw 1 lc rgb '#1A1A1A' notitle")
                } else {
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.openPoint(k)) ps \(size) lw 2 lc rgb '\(color)' title \(title)")
                }
            }
        }
        return layers
    }

    /// Datablocks and layers for one input against target `output`: train
    /// samples filled, test samples hollow; `suffix` follows their legend names.
    func regressionPoints(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, output j: Int, suffix: String = "",
                          target: PlotKind.Target) -> [String] {
        let color = "rgb '\(PlotStyle.color(j))'"
        return sampleLayers(&script, train: train, test: test, block: "\(j)", using: "1:2", color: color, textColor: color,
                            suffix: suffix, target: target) { [$0.inputs[$1, 0], $0.targets[$1, j]] }
    }

    /// The samples of a regression plot as datablocks `train<block>` and
    /// `test<block>` (one row per sample from `row`) and their layers: train
    /// samples filled in `color` with a dark outline, test samples hollow;
    /// on a text terminal `o` and `O` (in `textColor`, if any).
    func sampleLayers(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, block: String, using: String,
                      color: String, textColor: String?, suffix: String = "", target: PlotKind.Target,
                      row: (Dataset, Int) -> [Double]) -> [String] {
        let size = PlotStyle.pointSize(count: train.count + (test?.count ?? 0))
        var layers: [String] = []
        for (set, data) in [("train", Optional(train)), ("test", test)] {
            guard let data, !data.isEmpty else { continue }
            let name = "$\(set)\(block)"
            script.addData("\(set)\(block)", rows: (0..<data.count).map { row(data, $0) })
            let title = GnuplotQuoting.quoted((set == "test" ? "test samples" : test == nil ? "samples" : "training samples") + suffix)
            let lineColor = textColor.map { " lc \($0)" } ?? ""
            if target.text {
                layers.append("\(name) using 1:2 with points pt '\(set == "test" ? "O" : "o")'\(lineColor) title \(title)")
            } else if set == "test" {
                layers.append("\(name) using \(using) with points pt 6 ps \(size) lw 2 lc \(color) title \(title)")
            } else {
                layers.append("\(name) using \(using) with points pt 7 ps \(size) lc \(color) title \(title)")
                layers.append("\(name) using 1:2 with points pt 6 ps \(size) lw 1 lc rgb '#1A1A1A' notitle")
            }
        }
        return layers
    }
}
