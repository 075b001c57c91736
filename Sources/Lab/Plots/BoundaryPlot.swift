import BackpropCore
import Foundation
import Gnuplot

/// What the network computes over its input space, with the data on top.
///
/// - `boundary` (2 raw inputs): the output over the input plane as a heat
///   map. Two classes (one sigmoid output): light class colours through
///   white at 0.5, and the 0.5 contour, the decision boundary, as a line.
///   Several classes: each region in a tint of its class's colour (argmax).
///   A numeric target: a sequential colour scale shared with the points.
/// - `fit` (1 raw input): the network's function y = f(x) as a curve over
///   the input range, with the samples as points — the regression view.
extension CommandContext {
    func addBoundary(_ script: inout GnuplotScript, resolution n: Int, target: PlotKind.Target) throws {
        let (network, train, test) = try rawSamples(inputs: 2) { data, network in
            "plot boundary needs 2 raw inputs (or 1, where it draws the fit); this data has \(data) and the network takes \(network)"
        }
        let (lo, hi) = extent(of: [train] + (test.map { [$0] } ?? []), columns: 2, margin: 0.1)
        // The network's output on a grid of the raw input plane, row i at y_i, column j at x_j: n × n
        // points for a picture; for text, more points than character cells, so every cell gets a shade.
        let (nx, ny) = target.text ? (160, 64) : (n, n)
        let xs = (0..<nx).map { lo[0] + (hi[0] - lo[0]) * Double($0) / Double(nx - 1) }
        let ys = (0..<ny).map { lo[1] + (hi[1] - lo[1]) * Double($0) / Double(ny - 1) }
        let out = evaluate(network, inputs: ys.flatMap { y in xs.map { x in [x, y] } })
        let classification = Metrics.isClassification(targets: train.targets)
        let multiClass = network.outputSize > 1
        func value(_ r: Int) -> Double { multiClass ? Double(argmax(out.row(r))) : out[r, 0] }

        let title = multiClass ? "Decision regions (argmax of \(network.outputSize) outputs)"
            : classification ? "Network output and decision boundary (output 0.5)" : "Network output over the input plane"
        PlotStyle.preamble(title: title, xlabel: train.featureNames[0], ylabel: train.featureNames[1], text: target.text).forEach { script.add($0) }
        script.add("set xrange [\(lo[0]):\(hi[0])]")
        script.add("set yrange [\(lo[1]):\(hi[1])]")

        if target.text {
            // Characters shade the output; the samples' letters go on top.
            script.addData("shade", rows: (0..<ny).flatMap { i in (0..<nx).map { j in [xs[j], ys[i], value(i * nx + j)] } })
            let (low, high) = multiClass ? (0, Double(network.outputSize - 1)) : classification ? (0, 1) : span(out.storage)
            script.add("shade(v) = (i = int((v - \(low)) / \(max(high - low, 1e-12)) * 7.999), i < 0 ? 0 : i > 7 ? 7 : i)")
            script.add("char(v) = substr(' .:-=+*#', shade(v) + 1, shade(v) + 1)")
            // What the shading means goes above the plot, right, on the line of the y label.
            let legend = multiClass ? "shading ' .:-=+*#': class 1 to \(network.outputSize)" : "shading ' .:-=+*#': output \(format(low)) to \(format(high))"
            script.add("set label 2 \(GnuplotQuoting.quoted(legend)) at graph 1, graph 1 right offset 0, character 1")
            let points = classification ? classPoints(&script, train: train, test: test, target: target)
                : regressionPoints2D(&script, train: train, test: test, target: target)
            script.add(PlotStyle.keyColumns(points, rows: test == nil ? 1 : 2))
            script.add("plot $shade using 1:2:(char($3)) with labels notitle, " + points.joined(separator: ", "))
            return
        }

        var rows: [[Double]] = []
        rows.reserveCapacity(ny * (nx + 1))
        for i in 0..<ny {
            for j in 0..<nx { rows.append([xs[j], ys[i], value(i * nx + j)]) }
            rows.append([])  // a blank line between scan lines makes it a grid for the contour and the image
        }
        script.addData("grid", rows: rows)
        if multiClass {
            let k = network.outputSize
            script.add("set palette maxcolors \(k)")
            script.add("set palette defined (" + (0..<k).map { "\($0) '\(PlotStyle.tint($0))'" }.joined(separator: ", ") + ")")
            script.add("set cbrange [-0.5:\(Double(k) - 0.5)]")
            script.add("unset colorbox")
            // `with image` draws one bitmap; `pixels` would draw n² rectangles with hairline seams between them.
            let points = classPoints(&script, train: train, test: test, target: target)
            script.add(PlotStyle.keyColumns(points, rows: test == nil ? 1 : 2))
            script.add("plot $grid using 1:2:3 with image notitle, " + points.joined(separator: ", "))
        } else if classification {
            script.add(PlotStyle.outputPalette)
            script.add("set cbrange [0:1]")
            script.add("set cblabel 'network output'")
            var layers = classPoints(&script, train: train, test: test, target: target)
            let (low, high) = span(out.storage)
            if low < 0.5 && high > 0.5 {
                // The 0.5 contour, traced by gnuplot into a datablock, is the decision boundary.
                script.add("set contour base; set cntrparam levels discrete 0.5; unset surface; set view map")
                script.add("set table $contour")
                script.add("splot $grid using 1:2:3 with lines notitle")
                script.add("unset table; unset contour; set surface")
                layers.append("$contour using 1:2 with lines lw 2 lc rgb '#1A1A1A' title 'boundary (output 0.5)'")
            }
            script.add(PlotStyle.keyColumns(layers, rows: test == nil ? 1 : 2))
            script.add("plot $grid using 1:2:3 with image notitle, " + layers.joined(separator: ", "))
        } else {
            let targets = train.targets.storage + (test?.targets.storage ?? [])
            let (low, high) = span(out.storage + targets)
            script.add(PlotStyle.sequentialPalette)
            script.add("set cbrange [\(low):\(high)]")
            script.add("set cblabel 'network output and target'")
            let points = regressionPoints2D(&script, train: train, test: test, target: target)
            script.add("plot $grid using 1:2:3 with image notitle, " + points.joined(separator: ", "))
        }
    }

    /// Samples of 2 inputs and a numeric target, coloured by the target on the heat map's scale.
    private func regressionPoints2D(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, target: PlotKind.Target) -> [String] {
        sampleLayers(&script, train: train, test: test, block: "0", using: "1:2:3", color: "palette", textColor: nil, target: target) {
            [$0.inputs[$1, 0], $0.inputs[$1, 1], $0.targets[$1, 0]]
        }
    }

    /// The network's function over its one raw input, one curve per output, with the samples.
    func addFit(_ script: inout GnuplotScript, target: PlotKind.Target) throws {
        let (network, train, test) = try rawSamples(inputs: 1) { data, network in
            "plot fit needs 1 raw input; this data has \(data) and the network takes \(network) (for 2 inputs use plot boundary)"
        }
        let (lo, hi) = extent(of: [train] + (test.map { [$0] } ?? []), columns: 1, margin: 0.05)
        let count = target.text ? 120 : 400
        let xs = (0..<count).map { lo[0] + (hi[0] - lo[0]) * Double($0) / Double(count - 1) }
        let out = evaluate(network, inputs: xs.map { [$0] })
        let outputs = min(network.outputSize, PlotStyle.colors.count)
        script.addData("fit", rows: xs.indices.map { r in [xs[r]] + (0..<outputs).map { j in out[r, j] } })
        let ylabel = outputs == 1 ? "output, target" : "outputs, targets"
        PlotStyle.preamble(title: "Network fit: output against \(train.featureNames[0])", xlabel: train.featureNames[0], ylabel: ylabel, text: target.text).forEach { script.add($0) }
        script.add("set xrange [\(lo[0]):\(hi[0])]")
        var layers: [String] = []
        for j in 0..<outputs {
            let name = outputs == 1 ? "network output" : j < train.classNames.count ? "output \(j + 1) (\(PlotStyle.legendName(train.classNames[j], text: target.text)))" : "output \(j + 1)"
            layers.append("$fit using 1:\(j + 2) with lines ls \(j + 1) lw 3 title \(GnuplotQuoting.quoted(name))")
            layers += regressionPoints(&script, train: train, test: test, output: j, suffix: outputs == 1 ? "" : ", target \(j + 1)", target: target)
        }
        script.add("plot " + layers.joined(separator: ", "))
    }

    // MARK: Helpers

    /// The network and the raw training and test samples (nil when there are
    /// none) of a plot over `inputs` raw inputs; `refusal(data, network)`
    /// words the error when the data or the network has another count.
    private func rawSamples(inputs: Int, refusal: (Int, Int) -> String) throws -> (Network, Dataset, Dataset?) {
        let (network, data) = try requireNetworkAndData()
        let train = data.rawTrain, test = data.rawTest.flatMap { $0.isEmpty ? nil : $0 }
        guard train.inputs.columns == inputs, network.inputMapping.rawInputs == inputs else {
            throw LabError(refusal(train.inputs.columns, network.inputMapping.rawInputs))
        }
        return (network, train, test)
    }

    /// The network's outputs for raw inputs (one row each), mapped as the
    /// network maps inputs (features, scaling), in one batched forward pass.
    private func evaluate(_ network: Network, inputs: [[Double]]) -> Matrix {
        var mapped = Matrix(rows: inputs.count, columns: network.inputSize)
        for (r, raw) in inputs.enumerated() {
            let input = network.inputMapping.apply(raw)
            for c in 0..<network.inputSize { mapped[r, c] = input[c] }
        }
        let pass = Propagation(shapeOf: network, capacity: inputs.count)
        pass.forward(network, inputs: mapped, targets: nil)
        return pass.outputs
    }

    /// The range of the first `columns` inputs over the data sets, widened
    /// by `margin` of its width on each side (at least 0.1).
    private func extent(of sets: [Dataset], columns: Int, margin: Double) -> (lo: [Double], hi: [Double]) {
        var lo = Array(repeating: Double.infinity, count: columns), hi = Array(repeating: -Double.infinity, count: columns)
        for set in sets { for r in 0..<set.count { for c in 0..<columns {
            let v = set.inputs[r, c]
            guard v.isFinite else { continue }
            lo[c] = min(lo[c], v); hi[c] = max(hi[c], v)
        } } }
        for c in 0..<columns {
            if lo[c] > hi[c] { lo[c] = -1; hi[c] = 1 }
            let pad = max((hi[c] - lo[c]) * margin, 0.1)
            lo[c] -= pad; hi[c] += pad
        }
        return (lo, hi)
    }

    /// Smallest and largest finite value (0, 1 when there is none; widened when equal).
    private func span(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return (0, 1) }
        if low == high { low -= 0.5; high += 0.5 }
        return (low, high)
    }
}
