import BackpropCore
import Foundation
import Gnuplot

/// `plot weights L`: W_L as a matrix of cells, row i (neuron i of layer
/// L−1, from the top) and column j (neuron j of layer L), as `w2[i,j]` is
/// written. Colour shows sign and size on a scale symmetric around 0 (blue
/// negative, red positive); small matrices also print each value. Text
/// plots draw a character per weight, a line per row (`addWeightsText`).
///
/// Cells are filled boxes, so a layer with one input or one output (a
/// binary classifier's last layer) draws like any other: gnuplot's `with
/// image` needs a 2 × 2 grid at least and silently draws nothing below it.
/// Very large matrices, where a box per weight would be slow, use `with
/// image` (always at least 2 × 2 there).
extension CommandContext {
    func addWeights(_ script: inout GnuplotScript, network: Network, layer l: Int, target: inout PlotKind.Target) {
        let shape = network.layers[l - 1]
        let w = network.weights(l - 1)
        let (rows, columns) = (shape.inputs, shape.outputs)
        let largest = max(w.storage.filter(\.isFinite).map(abs).max() ?? 1, 1e-12)
        PlotStyle.preamble(title: "Weights W\(l): w\(l)[i,j] from neuron i of layer \(l - 1) to neuron j of layer \(l)",
                           xlabel: "j (neuron of layer \(l))", ylabel: "i (neuron of layer \(l - 1))", text: target.text).forEach { script.add($0) }
        if target.text {
            addWeightsText(&script, w, layer: l, largest: largest, target: &target)
            return
        }
        var cells: [[Double]] = []
        for i in 0..<rows { for j in 0..<columns { cells.append([Double(j + 1), Double(i + 1), w[i, j]]) } }
        script.addData("w", rows: cells)
        script.add("set xrange [0.5:\(Double(columns) + 0.5)]")
        script.add("set yrange [\(Double(rows) + 0.5):0.5]")
        script.add(PlotStyle.indexTics("x", count: columns))
        script.add(PlotStyle.indexTics("y", count: rows))
        script.add("unset grid")
        script.add(PlotStyle.weightPalette)
        script.add("set cbrange [-\(largest):\(largest)]")
        script.add("set cblabel 'weight (largest |w| = \(Format.number(largest, digits: 3)))'")
        script.add("unset key")
        var layers: [String]
        if rows >= 2 && columns >= 2 && rows * columns > 4096 {
            layers = ["$w using 1:2:3 with image"]
        } else {
            // Up to 400 weights, boxes a little narrower than a cell, outlined in grey: a white
            // line separates neighbours, and a weight near 0 (white) still shows its cell.
            let few = rows * columns <= 400
            layers = ["$w using 1:2:(\(few ? 0.47 : 0.5)):(\(few ? 0.47 : 0.5)):3 with boxxyerror fillstyle solid 1.0 "
                + (few ? "border lc rgb '#C0C0C0'" : "noborder") + " lc palette"]
        }
        if rows <= 12 && columns <= 12 {
            // Each value in its cell: white on the dark ends of the scale, black elsewhere.
            let dark = 0.55 * largest
            layers.append("$w using 1:2:(abs($3) > \(dark) ? sprintf('%.2g', $3) : '') with labels textcolor rgb '#FFFFFF'")
            layers.append("$w using 1:2:(abs($3) > \(dark) ? '' : sprintf('%.2g', $3)) with labels textcolor rgb '#1A1A1A'")
        }
        script.add("plot " + layers.joined(separator: ", "))
    }

    /// Most rows a text plot gives a line each; more are shown in blocks.
    private static let weightsTextRows = 40

    /// W_L in characters. Rows less than a line apart, or columns less than
    /// a character apart, would overwrite each other, so every row gets a
    /// line (the terminal grows up to `weightsTextRows` of them) and every
    /// column a character. A larger matrix is shown in blocks of rows and
    /// columns, each by its weight of largest |w| (averages of mixed signs
    /// would fade to 0), and the plot says so and how to see every weight.
    ///
    /// The margins are set, not left to gnuplot, so that the plot area holds
    /// exactly the rows and the columns, each evenly spaced.
    ///
    /// A NaN or infinite weight is `!`, never a sign and size, and a block
    /// holding one shows it (the legend lists `!` only then).
    private func addWeightsText(_ script: inout GnuplotScript, _ w: Matrix, layer l: Int, largest: Double, target: inout PlotKind.Target) {
        let (rows, columns) = (w.rows, w.columns)
        let rowBlock = (rows + Self.weightsTextRows - 1) / Self.weightsTextRows
        let shownRows = (rows + rowBlock - 1) / rowBlock
        let rowLabels = (0..<shownRows).map { k in
            let (first, last) = (k * rowBlock + 1, min((k + 1) * rowBlock, rows))
            return first == last ? "\(first)" : "\(first)-\(last)"
        }
        // Left of the border: a blank, the row labels, a blank. Between the borders: shown columns + 1
        // steps of `step` characters (neither the first column nor the last on a border), centred.
        let labelWidth = rowLabels.map(\.count).max()! + 3
        let inside = max(target.columns - 1 - labelWidth - 2, 2)
        let columnBlock = (columns + inside - 2) / (inside - 1)
        let shownColumns = (columns + columnBlock - 1) / columnBlock
        let step = inside / (shownColumns + 1)
        let left = labelWidth + (inside - step * (shownColumns + 1)) / 2
        // What blocks there are, and how to see every weight, each in lines that fit the width.
        let sizes = [rowBlock > 1 ? "\(rowBlock) rows" : nil, columnBlock > 1 ? "\(columnBlock) columns" : nil].compactMap { $0 }
        let blocked = !sizes.isEmpty
        let note = blocked ? PlotStyle.wrapped(["blocks of \(sizes.joined(separator: " × ")),", "each shown by its largest |w|"], width: target.columns - 3) : []
        let hint = blocked ? PlotStyle.wrapped(["all \(rows)×\(columns) weights:", "export weights \(l) w\(l).svg"], width: target.columns - 3) : []
        let nonFinite = w.storage.contains { !$0.isFinite }
        // Small matrices print each value, when every one fits between its neighbours.
        let valueFormat = columns <= 8 && rows <= 12 ? Self.valueFormat(w.storage, width: step - 1) : nil
        // Above the plot: a blank line, the title, the note, the y label. Below: the x tics, the x label,
        // two lines of legend (three with `!`), the hint. Between the borders: shown rows + 1 steps of as
        // many lines as the terminal has room for, at least one; the terminal is then made exactly that tall.
        let top = 3 + note.count, bottom = 4 + (nonFinite ? 1 : 0) + hint.count
        let rowStep = max((target.lines - 1 - top - bottom) / (shownRows + 1), 1)
        target.lines = top + rowStep * (shownRows + 1) + bottom + 1

        var cells: [[Double]] = []
        for bi in 0..<shownRows {
            for bj in 0..<shownColumns {
                let block = (bi * rowBlock..<min((bi + 1) * rowBlock, rows)).flatMap { i in
                    (bj * columnBlock..<min((bj + 1) * columnBlock, columns)).map { w[i, $0] }
                }
                // NaN is neither larger nor smaller than anything: `max` could pass over it.
                let v = block.first { !$0.isFinite } ?? block.max { abs($0) < abs($1) }!
                cells.append([Double(bj + 1), Double(bi + 1), v.isFinite ? v : 0, v.isFinite ? 0 : 1])
            }
        }
        script.addData("w", rows: cells)
        script.add("set tmargin \(top); set bmargin \(bottom); set lmargin \(left); set rmargin \(target.columns - 1 - left - step * (shownColumns + 1))")
        script.add("set title offset 0,\(top - 2)")  // on the second line, above the note
        script.add("set xrange [0:\(shownColumns + 1)]")
        script.add("set yrange [\(shownRows + 1):0]")
        script.add("set ytics (" + rowLabels.enumerated().map { "'\($1)' \($0 + 1)" }.joined(separator: ", ") + ")")
        // Ticks name columns, far enough apart for their numbers; in blocks, each stands at the block
        // holding its column.
        let ticks = PlotStyle.indexTicks(count: columns, labels: step * (shownColumns + 1) / (2 * ("\(columns)".count + 1)))
        script.add("set xtics (" + ticks.map { "'\($0)' \(($0 - 1) / columnBlock + 1)" }.joined(separator: ", ") + ")")
        script.add("unset grid")
        script.add("set tics scale 0")  // tick marks would run into the numbers and symbols of the outer cells
        script.add("unset key")
        // Lines of text, centred: the note's from the second line down, the hint's up from the last.
        var labels = 1  // label 1 is the y label
        func addLine(_ text: String, linesUp: Int, from: String) {
            labels += 1
            script.add("set label \(labels) \(GnuplotQuoting.quoted(text)) at graph 0.5, \(from) center offset 0, character \(linesUp)")
        }
        for (k, line) in note.enumerated() { addLine(line, linesUp: note.count + 1 - k, from: "graph 1") }
        for (k, line) in hint.enumerated() { addLine(line, linesUp: hint.count - 1 - k, from: "screen 0") }
        // Column 4 flags a non-finite cell (its column 3 is 0): `!`, in purple where colour shows.
        let color = "($4 > 0 ? 0x762A83 : $3 >= 0 ? 0xB2182B : 0x2166AC)"
        var legend: [String] = []
        let mark: String
        if let valueFormat {
            // The numbers themselves, red positive and blue negative where colour shows.
            mark = "sprintf('\(valueFormat)', $3)"
        } else {
            // One character per weight, by sign and size; the legend under the x label says which is which.
            let half = largest / 2
            script.add("sign(v) = v >= \(half) ? '#' : v > 0 ? '+' : v > -\(half) ? '-' : '='")
            mark = "sign($3)"
            let h = Format.number(half, digits: 2)
            let pairs = [("# w >= \(h)", "- -\(h) < w < 0"), ("+ 0 <= w < \(h)", "= w <= -\(h)")]
            let width = pairs.map(\.0.count).max()! + 3, width2 = pairs.map(\.1.count).max()!
            // Padded to one length, so that the centred lines line up.
            legend = pairs.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) + $1.padding(toLength: width2, withPad: " ", startingAt: 0) }
        }
        if nonFinite { legend.append("! NaN or infinite") }
        for (k, line) in legend.enumerated() { addLine(line, linesUp: hint.count + legend.count - 1 - k, from: "screen 0") }
        script.add("plot $w using 1:2:($4 > 0 ? '!' : \(mark)):\(color) with labels textcolor rgb variable")
    }

    /// The printf format that writes each finite value in at most `width` characters,
    /// two significant digits or else one; nil when even one does not fit.
    static func valueFormat(_ values: [Double], width: Int) -> String? {
        ["%.2g", "%.1g"].first { format in values.allSatisfy { !$0.isFinite || String(format: format, $0).count <= width } }
    }
}
