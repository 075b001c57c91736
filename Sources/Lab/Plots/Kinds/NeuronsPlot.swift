import BackpropCore
import Gnuplot

/// `plot neurons [L]`: what each neuron computes — for 2 raw inputs a small
/// heat map per neuron of its activation over the input plane (the grid of
/// `plot boundary`, evaluated a chunk at a time under the memory budget),
/// for 1 input its curve — of layer L, or of every layer with the output
/// last, in one multiplot: a row of pictures per layer, the data on the
/// output's. Hidden neurons share their layer's colour scale, symmetric
/// around 0 (blue negative, red positive), or 0…1 with white at 0.5 for a
/// sigmoid layer, whose outputs are never negative; a two-class output uses the
/// boundary's class colours through white at 0.5, one output per class
/// white to its class colour.
struct NeuronsPlot: PlotBuilder {
    /// Most pictures one plot holds; more are unreadable at any size.
    static let maxPanels = 36
    static let maxColumns = 8
    /// Grid points per side of each heat map.
    static let resolution = 60

    let arguments: Arguments

    init(_ arguments: Arguments) { self.arguments = arguments }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let (network, data) = try input.networkAndData()
        let l = try arguments.words.count > PlotKind.argumentIndex
            ? arguments.int(at: PlotKind.argumentIndex, name: "layer", in: 1...network.depth) : nil
        let layers = l.map { [$0] } ?? Array(1...network.depth)
        let inputs = data.rawTrain.inputs.columns
        let (_, train, test) = try InputSpace.rawSamples(input, inputs: inputs) { data, network in
            "plot neurons needs 1 or 2 raw inputs; this data has \(data) and the network takes \(network)"
        }
        guard inputs <= 2 else {
            throw LabError("plot neurons needs 1 or 2 raw inputs; this data has \(inputs) (plot net draws any network)")
        }
        let count = layers.reduce(0) { $0 + network.width(ofLayer: $1) }
        guard count <= Self.maxPanels else {
            throw LabError("plot neurons draws at most \(Self.maxPanels) neurons and these layers have \(count): "
                + "name one layer, e.g. plot neurons 1")
        }
        if target.text {
            let what = l.map { "layer \($0)'s neurons" } ?? "each neuron"
            return try TextPage.script(TextPage.wrapped(["plot neurons draws \(what) as a picture:", "`export neurons neurons.png`",
                                                         "(or `set terminal png`, or sixel in a terminal that shows it)"], target: target),
                                       target: &target)
        }
        let samples = [train] + (test.map { [$0] } ?? [])
        var script = GnuplotScript()
        try script.add(["set termoption noenhanced", "set encoding utf8", "unset key", "unset colorbox", "set tics out nomirror",
                        "set tics font ',7'", "set border lc rgb '#404040'"])
        var panels: [Panel] = []
        if inputs == 2 {
            let grid = try BoundaryPlot.Grid(network: network, samples: samples, points: (Self.resolution, Self.resolution),
                                             input: input, layers: layers, plot: "plot neurons")
            var rows: [[Double]] = []
            for i in grid.ys.indices {
                for j in grid.xs.indices {
                    let r = i * grid.xs.count + j
                    rows.append([grid.xs[j], grid.ys[i]] + grid.values.flatMap { $0.row(r) })
                }
                rows.append([])
            }
            script.addData("grid", rows: rows)
            try script.add(["set xrange [\(grid.lo[0]):\(grid.hi[0])]", "set yrange [\(grid.lo[1]):\(grid.hi[1])]"])
            panels = Self.panels(network, layers: layers, values: grid.values, first: 3)
        } else {
            let (lo, hi) = InputSpace.extent(of: samples, columns: 1, margin: 0.05)
            let xs = (0..<200).map { lo[0] + (hi[0] - lo[0]) * Double($0) / 199 }
            let values = try InputSpace.activations(network, layers: layers, count: xs.count, input: input) { [xs[$0]] }
            script.addData("grid", rows: xs.indices.map { r in [xs[r]] + values.flatMap { $0.row(r) } })
            try script.add("set xrange [\(lo[0]):\(hi[0])]")
            panels = Self.panels(network, layers: layers, values: values, first: 2)
        }
        let classification = Metrics.isClassification(targets: train.targets)
        var points: [String] = []
        if layers.last == network.depth {
            points = inputs == 2
                ? (classification ? PlotMarkers.classPoints(&script, train: train, test: test, target: target, scale: 0.6)
                    : PlotMarkers.sampleLayers(&script, train: train, test: test, block: "0", using: "1:2", color: "rgb '#1A1A1A'",
                                               textColor: nil, target: target) { [$0.inputs[$1, 0], $0.inputs[$1, 1]] })
                : PlotMarkers.regressionPoints(&script, train: train, test: test, output: 0, target: target)
        }
        try draw(&script, panels, network: network, twoInputs: inputs == 2, classOutput: classification && network.outputSize == 1,
                 classes: classification && network.outputSize > 1,
                 points: points, names: train.featureNames, input: input)
        return script
    }

    /// One neuron's picture: its layer and neuron, its column in the datablock, and its layer's largest |a|.
    struct Panel {
        let layer: Int, neuron: Int, column: Int
        let largest: Double
    }

    /// The pictures of `layers`, whose values start at datablock column `first` (after x, or x and y).
    static func panels(_ network: Network, layers: [Int], values: [Matrix], first: Int) -> [Panel] {
        var panels: [Panel] = [], column = first
        for (m, l) in layers.enumerated() {
            let largest = max(values[m].storage.filter(\.isFinite).map(abs).max() ?? 1, 1e-12)
            for j in 0..<network.width(ofLayer: l) {
                panels.append(Panel(layer: l, neuron: j, column: column, largest: largest))
                column += 1
            }
        }
        return panels
    }

    /// The multiplot: a row (or rows, past `maxColumns`) per layer, each picture placed by hand so the
    /// rows line up, with a title above and a line saying what the colours mean below.
    private func draw(_ script: inout GnuplotScript, _ panels: [Panel], network: Network, twoInputs: Bool, classOutput: Bool, classes: Bool,
                      points: [String], names: [String], input: PlotInput) throws {
        let layers = panels.map(\.layer).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        let columns = min(Self.maxColumns, layers.map { network.width(ofLayer: $0) }.max() ?? 1)
        var rows: [[Panel]] = []
        for l in layers {
            let own = panels.filter { $0.layer == l }
            rows += stride(from: 0, to: own.count, by: columns).map { Array(own[$0..<min($0 + columns, own.count)]) }
        }
        let (top, bottom) = (0.07, 0.07)
        let height = (1 - top - bottom) / Double(rows.count), width = 1 / Double(columns)
        let scale = layers.filter { $0 < network.depth || !(classOutput || classes) }.map { l in
            Self.isSigmoid(network, l) ? "layer \(l) 0…1, white at 0.5"
                : "layer \(l) ±\(Format.number(panels.first { $0.layer == l }!.largest, digits: 2))"
        }
        let legend = twoInputs
            ? "a over (\(names[0]), \(names[1])): blue low, red high, a scale per layer (" + scale.joined(separator: ", ") + ")"
                + (classOutput ? "; output: class colours, white at 0.5" : classes ? "; outputs: white 0 to the class colour 1" : "")
            : "each neuron's activation a against \(names[0])"
        try script.add("set multiplot title \(GnuplotQuoting.quoted("What each neuron computes: " + NetworkCommands.shape(network))) font ',12'")
        try script.add("set label 1 \(GnuplotQuoting.quoted(legend)) at screen 0.5, screen 0.025 center font ',9'")
        for (r, row) in rows.enumerated() {
            for (c, panel) in row.enumerated() {
                let output = panel.layer == network.depth
                // A row with fewer pictures than the widest is centred.
                try script.add("set origin \((Double(c) + Double(columns - row.count) / 2) * width), \(1 - top - Double(r + 1) * height)")
                try script.add(twoInputs ? "set size square \(width), \(height)" : "set size noratio \(width), \(height)")
                let activation = network.layers[panel.layer - 1].activation.rawValue
                try script.add("set title \(GnuplotQuoting.quoted("a\(panel.layer)[\(panel.neuron + 1)]" + (panel.neuron == 0 ? "  (\(activation))" : ""))) "
                               + "font ',9' offset 0,-0.6")
                try script.add("set lmargin 4.5; set rmargin 1; set tmargin 1.6; set bmargin 1.6")
                if r > 0 || c > 0 { try script.add("unset label 1") }
                guard twoInputs else {
                    try script.add("set yrange [*:*]")
                    try script.add("plot $grid using 1:\(panel.column) with lines lw 2 lc rgb '\(PlotStyle.color(0))' notitle"
                                   + (output ? ", " + points.joined(separator: ", ") : ""))
                    continue
                }
                if output && classOutput {
                    try script.add(PlotStyle.outputPalette)
                    try script.add("set cbrange [0:1]")
                } else if output && classes {
                    // One output per class: its probability, white to the class's colour.
                    try script.add("set palette defined (0 '#FFFFFF', 1 '\(PlotStyle.color(panel.neuron))')")
                    try script.add("set cbrange [0:1]")
                } else {
                    try script.add(PlotStyle.weightPalette)
                    // A sigmoid's 0…1 is drawn whole, white at its midpoint; others symmetric around 0.
                    try script.add(Self.isSigmoid(network, panel.layer) ? "set cbrange [0:1]"
                                   : "set cbrange [-\(panel.largest):\(panel.largest)]")
                }
                try script.add("plot $grid using 1:2:\(panel.column) with image notitle" + (output && !points.isEmpty ? ", " + points.joined(separator: ", ") : ""))
            }
        }
        try script.add("unset multiplot")
    }

    private static func isSigmoid(_ network: Network, _ layer: Int) -> Bool { network.layers[layer - 1].activation == .sigmoid }
}
