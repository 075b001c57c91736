import BackpropCore
import Foundation
import Gnuplot

/// `plot boundary` (2 raw inputs): the network's output over the input
/// plane as a heat map, with the data on top. Two classes (one sigmoid
/// output): light class colours through white at 0.5, and the 0.5 contour,
/// the decision boundary, as a line. Several classes: each region in a tint
/// of its class's colour (argmax). A numeric target: a sequential colour
/// scale shared with the points. With 1 raw input the plane is a line, so
/// it draws the fit (`FitPlot`).
struct BoundaryPlot: PlotBuilder {
    let resolution: Int

    init(_ arguments: Arguments) throws {
        // Checked even when one input leaves it unused.
        resolution = try arguments.int("res", default: 200)
    }

    /// The live boundary of `train live=boundary`.
    init(resolution: Int) { self.resolution = resolution }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        if try input.data().rawTrain.inputs.columns == 1 { return try FitPlot().script(input, target: &target) }
        let (network, train, test) = try InputSpace.rawSamples(input, inputs: 2) { data, network in
            "plot boundary needs 2 raw inputs (or 1, where it draws the fit); this data has \(data) and the network takes \(network)"
        }
        let grid = try Grid(network: network, samples: [train] + (test.map { [$0] } ?? []),
                            points: target.text ? (160, 64) : (resolution, resolution), input: input)
        let classification = Metrics.isClassification(targets: train.targets)
        let multiClass = network.outputSize > 1
        let title = multiClass ? "Decision regions (argmax of \(network.outputSize) outputs)"
            : classification ? "Network output and decision boundary (output 0.5)" : "Network output over the input plane"
        var script = GnuplotScript()
        try script.add(PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: train.featureNames[1], text: target.text))
        try script.add("set xrange [\(grid.lo[0]):\(grid.hi[0])]")
        try script.add("set yrange [\(grid.lo[1]):\(grid.hi[1])]")
        if let scale = Self.equalScale(lo: grid.lo, hi: grid.hi, text: target.text) { try script.add(scale) }
        let samples = Samples(train: train, test: test, classification: classification)
        if target.text {
            try shade(&script, grid, samples, classes: multiClass ? network.outputSize : nil, input: input, target: target)
        } else if multiClass {
            try regions(&script, grid, samples, classes: network.outputSize, target: target)
        } else if classification {
            try decision(&script, grid, samples, target: target)
        } else {
            try heat(&script, grid, samples, target: target)
        }
        return script
    }

    /// Inputs whose ranges are comparable (neither more than 3 times the
    /// other) are drawn to one scale, so a circle of data stays round: a unit
    /// of x as long as a unit of y. A text cell is about twice as tall as it
    /// is wide, so there a unit of y takes half the lines a unit of x takes columns.
    static func equalScale(lo: [Double], hi: [Double], text: Bool) -> String? {
        let (width, height) = (hi[0] - lo[0], hi[1] - lo[1])
        guard width > 0, height > 0, max(width, height) <= 3 * min(width, height) else { return nil }
        return "set size ratio -1"
    }

    /// The samples drawn over the plane.
    struct Samples {
        let train: Dataset, test: Dataset?
        let classification: Bool
        var keyRows: Int { test == nil ? 1 : 2 }
    }

    /// The network's output (or the activations of `layers`, for `plot
    /// neurons`) on a grid of the raw input plane, row i at y_i, column j at
    /// x_j: n × n points for a picture; for text, more points than character
    /// cells, so every cell gets a shade.
    struct Grid {
        let lo: [Double], hi: [Double]
        let xs: [Double], ys: [Double]
        /// One matrix per layer asked for, a row per grid point.
        let values: [Matrix]
        let multiClass: Bool
        /// The last layer asked for: the output, unless other layers were.
        var out: Matrix { values[values.count - 1] }

        init(network: Network, samples: [Dataset], points: (Int, Int), input: PlotInput, layers: [Int]? = nil,
             plot: String = "plot boundary") throws {
            let (nx, ny) = points
            // The activations, and each point's row of the script as numbers and as text (x, y and
            // the value shown; `plot neurons` writes every activation).
            let widths = (layers ?? [network.depth]).reduce(0) { $0 + network.width(ofLayer: $1) }
            let text = 160 + (layers == nil ? 0 : 24 * Double(widths - 1))
            let layers = layers ?? [network.depth]
            try input.requireMemory(Double(nx * ny) * (8 * Double(widths) + text),
                                    "\(plot) res=\(nx): \(LargeCount.grouped(nx * ny)) grid points", "use a smaller res=")
            let (lo, hi) = InputSpace.extent(of: samples, columns: 2, margin: 0.1)
            let xs = (0..<nx).map { lo[0] + (hi[0] - lo[0]) * Double($0) / Double(nx - 1) }
            let ys = (0..<ny).map { lo[1] + (hi[1] - lo[1]) * Double($0) / Double(ny - 1) }
            (self.lo, self.hi, self.xs, self.ys) = (lo, hi, xs, ys)
            values = try InputSpace.activations(network, layers: layers, count: nx * ny, input: input) { [xs[$0 % nx], ys[$0 / nx]] }
            multiClass = network.outputSize > 1
        }

        /// The value shown at grid point r: the output, or the argmax class of several.
        func value(_ r: Int) -> Double { multiClass ? Double(argmax(out.row(r))) : out[r, 0] }

        /// Rows `x y value`, a blank line between scan lines when `scans` (a grid for the contour and the image).
        func rows(scans: Bool) -> [[Double]] {
            var rows: [[Double]] = []
            rows.reserveCapacity(ys.count * (xs.count + 1))
            for i in ys.indices {
                for j in xs.indices { rows.append([xs[j], ys[i], value(i * xs.count + j)]) }
                if scans { rows.append([]) }
            }
            return rows
        }
    }

    /// Text: characters shade the output; the samples' letters go on top.
    private func shade(_ script: inout GnuplotScript, _ grid: Grid, _ samples: Samples, classes: Int?,
                       input: PlotInput, target: PlotTarget) throws {
        script.addData("shade", rows: grid.rows(scans: false))
        let (low, high) = classes.map { (0, Double($0 - 1)) } ?? (samples.classification ? (0, 1) : InputSpace.span(grid.out.storage))
        try script.add("shade(v) = (i = int((v - \(low)) / \(max(high - low, 1e-12)) * 7.999), i < 0 ? 0 : i > 7 ? 7 : i)")
        try script.add("char(v) = substr(' .:-=+*#', shade(v) + 1, shade(v) + 1)")
        // What the shading means goes above the plot, right, on the line of the y label.
        let legend = classes.map { "shading ' .:-=+*#': class 1 to \($0)" } ?? "shading ' .:-=+*#': output \(input.format(low)) to \(input.format(high))"
        try script.add("set label 2 \(GnuplotQuoting.quoted(legend)) at graph 1, graph 1 right offset 0, character 1")
        let points = samples.classification ? PlotMarkers.classPoints(&script, train: samples.train, test: samples.test, target: target)
            : regressionPoints2D(&script, samples, target: target)
        try script.add(PlotStyle.keyColumns(points, rows: samples.keyRows))
        try script.add("plot $shade using 1:2:(char($3)) with labels notitle, " + points.joined(separator: ", "))
    }

    /// Several classes: each region in a tint of its class.
    private func regions(_ script: inout GnuplotScript, _ grid: Grid, _ samples: Samples, classes k: Int, target: PlotTarget) throws {
        script.addData("grid", rows: grid.rows(scans: true))
        try script.add("set palette maxcolors \(k)")
        try script.add("set palette defined (" + (0..<k).map { "\($0) '\(PlotStyle.tint($0))'" }.joined(separator: ", ") + ")")
        try script.add("set cbrange [-0.5:\(Double(k) - 0.5)]")
        try script.add("unset colorbox")
        // `with image` draws one bitmap; `pixels` would draw n² rectangles with hairline seams between them.
        let points = PlotMarkers.classPoints(&script, train: samples.train, test: samples.test, target: target)
        try script.add(PlotStyle.keyColumns(points, rows: samples.keyRows))
        try script.add("plot $grid using 1:2:3 with image notitle, " + points.joined(separator: ", "))
    }

    /// Two classes: the output in class colours, and the decision boundary where it crosses 0.5.
    private func decision(_ script: inout GnuplotScript, _ grid: Grid, _ samples: Samples, target: PlotTarget) throws {
        script.addData("grid", rows: grid.rows(scans: true))
        try script.add(PlotStyle.outputPalette)
        try script.add("set cbrange [0:1]")
        try script.add("set cblabel 'network output'")
        var layers = PlotMarkers.classPoints(&script, train: samples.train, test: samples.test, target: target)
        let (low, high) = InputSpace.span(grid.out.storage)
        if low < 0.5 && high > 0.5 {
            // The 0.5 contour, traced by gnuplot into a datablock, is the decision boundary.
            try script.add("set contour base; set cntrparam levels discrete 0.5; unset surface; set view map")
            try script.add("set table $contour")
            try script.add("splot $grid using 1:2:3 with lines notitle")
            try script.add("unset table; unset contour; set surface")
            layers.append("$contour using 1:2 with lines lw 2 lc rgb '#1A1A1A' title 'boundary (output 0.5)'")
        }
        try script.add(PlotStyle.keyColumns(layers, rows: samples.keyRows))
        try script.add("plot $grid using 1:2:3 with image notitle, " + layers.joined(separator: ", "))
    }

    /// A numeric target: output and targets on one sequential scale.
    private func heat(_ script: inout GnuplotScript, _ grid: Grid, _ samples: Samples, target: PlotTarget) throws {
        script.addData("grid", rows: grid.rows(scans: true))
        let targets = samples.train.targets.storage + (samples.test?.targets.storage ?? [])
        let (low, high) = InputSpace.span(grid.out.storage + targets)
        try script.add(PlotStyle.sequentialPalette)
        try script.add("set cbrange [\(low):\(high)]")
        try script.add("set cblabel 'network output and target'")
        let points = regressionPoints2D(&script, samples, target: target)
        try script.add("plot $grid using 1:2:3 with image notitle, " + points.joined(separator: ", "))
    }

    /// Samples of 2 inputs and a numeric target, coloured by the target on the heat map's scale.
    private func regressionPoints2D(_ script: inout GnuplotScript, _ samples: Samples, target: PlotTarget) -> [String] {
        PlotMarkers.sampleLayers(&script, train: samples.train, test: samples.test, block: "0", using: "1:2:3", color: "palette",
                                 textColor: nil, target: target) {
            [$0.inputs[$1, 0], $0.inputs[$1, 1], $0.targets[$1, 0]]
        }
    }
}
