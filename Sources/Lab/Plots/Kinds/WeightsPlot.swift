import BackpropCore
import Foundation
import Gnuplot

/// `plot weights L`: W_L as a matrix of cells, row i (neuron i of layer
/// L−1, from the top) and column j (neuron j of layer L), as `w2[i,j]` is
/// written. Colour shows sign and size on a scale symmetric around 0 (blue
/// negative, red positive); small matrices also print each value. Text
/// plots draw a character per weight, a line per row (`WeightsText`).
///
/// Cells are filled boxes, so a layer with one input or one output (a
/// binary classifier's last layer) draws like any other: gnuplot's `with
/// image` needs a 2 × 2 grid at least and silently draws nothing below it.
/// Very large matrices, where a box per weight would be slow, use `with
/// image` (always at least 2 × 2 there).
struct WeightsPlot: PlotBuilder {
    /// The layer is read once the network is known: its range is the network's depth.
    let arguments: Arguments

    init(_ arguments: Arguments) { self.arguments = arguments }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let network = try input.network()
        let l = try arguments.int(at: PlotKind.argumentIndex, name: "layer", default: 1, in: 1...network.depth)
        let w = network.weights(l - 1)
        let (rows, columns) = (w.rows, w.columns)
        let largest = max(w.storage.filter(\.isFinite).map(abs).max() ?? 1, 1e-12)
        var script = GnuplotScript()
        try script.add(PlotStyle.preamble(title: "Weights W\(l): w\(l)[i,j] from neuron i of layer \(l - 1) to neuron j of layer \(l)",
                                          xlabel: "j (neuron of layer \(l))", ylabel: "i (neuron of layer \(l - 1))", text: target.text))
        if target.text {
            let text = WeightsText(w, layer: l, largest: largest, target: target)
            target.lines = text.lines
            try text.add(to: &script)
            return script
        }
        var cells: [[Double]] = []
        for i in 0..<rows { for j in 0..<columns { cells.append([Double(j + 1), Double(i + 1), w[i, j]]) } }
        script.addData("w", rows: cells)
        try script.add(["set xrange [0.5:\(Double(columns) + 0.5)]", "set yrange [\(Double(rows) + 0.5):0.5]",
                        PlotStyle.indexTics("x", count: columns), PlotStyle.indexTics("y", count: rows), "unset grid",
                        PlotStyle.weightPalette, "set cbrange [-\(largest):\(largest)]",
                        "set cblabel 'weight (largest |w| = \(Format.number(largest, digits: 3)))'", "unset key"])
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
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}

/// W_L in characters. Rows less than a line apart, or columns less than a
/// character apart, would overwrite each other, so every row gets a line
/// (the terminal grows up to `maxRows` of them) and every column a
/// character. A larger matrix is shown in blocks of rows and columns, each
/// by its weight of largest |w| (averages of mixed signs would fade to 0),
/// and the plot says so and how to see every weight.
///
/// The margins are set, not left to gnuplot, so that the plot area holds
/// exactly the rows and the columns, each evenly spaced.
///
/// A NaN or infinite weight is `!`, never a sign and size, and a block
/// holding one shows it (the legend lists `!` only then).
struct WeightsText {
    /// Most rows a text plot gives a line each; more are shown in blocks.
    static let maxRows = 40

    let w: Matrix, largest: Double
    /// The terminal's width in characters.
    let width: Int
    let rowBlock: Int, shownRows: Int, rowLabels: [String]
    let columnBlock: Int, shownColumns: Int, step: Int, left: Int
    /// What blocks there are, and how to see every weight, each in lines that fit the width.
    let note: [String], hint: [String]
    let nonFinite: Bool
    /// Small matrices print each value, when every one fits between its neighbours.
    let valueFormat: String?
    let top: Int, bottom: Int
    /// How tall the terminal is made.
    let lines: Int

    init(_ w: Matrix, layer l: Int, largest: Double, target: PlotTarget) {
        (self.w, self.largest, width) = (w, largest, target.columns)
        let (rows, columns) = (w.rows, w.columns)
        let rowBlock = (rows + Self.maxRows - 1) / Self.maxRows
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
        (self.rowBlock, self.shownRows, self.rowLabels) = (rowBlock, shownRows, rowLabels)
        (self.columnBlock, self.shownColumns, self.step) = (columnBlock, shownColumns, step)
        left = labelWidth + (inside - step * (shownColumns + 1)) / 2
        let sizes = [rowBlock > 1 ? "\(rowBlock) rows" : nil, columnBlock > 1 ? "\(columnBlock) columns" : nil].compactMap { $0 }
        let blocked = !sizes.isEmpty
        note = blocked ? PlotStyle.wrapped(["blocks of \(sizes.joined(separator: " × ")),", "each shown by its largest |w|"], width: target.columns - 3) : []
        hint = blocked ? PlotStyle.wrapped(["all \(rows)×\(columns) weights:", "export weights \(l) w\(l).svg"], width: target.columns - 3) : []
        nonFinite = w.storage.contains { !$0.isFinite }
        valueFormat = columns <= 8 && rows <= 12 ? Self.valueFormat(w.storage, width: step - 1) : nil
        // Above the plot: a blank line, the title, the note, the y label. Below: the x tics, the x label,
        // two lines of legend (three with `!`), the hint. Between the borders: shown rows + 1 steps of as
        // many lines as the terminal has room for, at least one; the terminal is then made exactly that tall.
        top = 3 + note.count
        bottom = 4 + (nonFinite ? 1 : 0) + hint.count
        let rowStep = max((target.lines - 1 - top - bottom) / (shownRows + 1), 1)
        lines = top + rowStep * (shownRows + 1) + bottom + 1
    }

    /// One cell per shown block: column, row, its weight of largest |w| (0
    /// when not finite), and 1 when it holds a NaN or infinity.
    private var cells: [[Double]] {
        var cells: [[Double]] = []
        for bi in 0..<shownRows {
            for bj in 0..<shownColumns {
                let block = (bi * rowBlock..<min((bi + 1) * rowBlock, w.rows)).flatMap { i in
                    (bj * columnBlock..<min((bj + 1) * columnBlock, w.columns)).map { w[i, $0] }
                }
                // NaN is neither larger nor smaller than anything: `max` could pass over it.
                let v = block.first { !$0.isFinite } ?? block.max { abs($0) < abs($1) }!
                cells.append([Double(bj + 1), Double(bi + 1), v.isFinite ? v : 0, v.isFinite ? 0 : 1])
            }
        }
        return cells
    }

    func add(to script: inout GnuplotScript) throws {
        script.addData("w", rows: cells)
        try script.add("set tmargin \(top); set bmargin \(bottom); set lmargin \(left); set rmargin \(width - 1 - left - step * (shownColumns + 1))")
        try script.add("set title offset 0,\(top - 2)")  // on the second line, above the note
        try script.add("set xrange [0:\(shownColumns + 1)]")
        try script.add("set yrange [\(shownRows + 1):0]")
        try script.add("set ytics (" + rowLabels.enumerated().map { "'\($1)' \($0 + 1)" }.joined(separator: ", ") + ")")
        // Ticks name columns, far enough apart for their numbers; in blocks, each stands at the block
        // holding its column.
        let ticks = PlotStyle.indexTicks(count: w.columns, labels: step * (shownColumns + 1) / (2 * ("\(w.columns)".count + 1)))
        try script.add("set xtics (" + ticks.map { "'\($0)' \(($0 - 1) / columnBlock + 1)" }.joined(separator: ", ") + ")")
        try script.add("unset grid")
        try script.add("set tics scale 0")  // tick marks would run into the numbers and symbols of the outer cells
        try script.add("unset key")
        let (mark, definition, legend) = marks
        // Lines of text, centred: the note's from the second line down, the hint's and legend's up from the last.
        var labels = 1  // label 1 is the y label
        func addLine(_ text: String, linesUp: Int, from: String) throws {
            labels += 1
            try script.add("set label \(labels) \(GnuplotQuoting.quoted(text)) at graph 0.5, \(from) center offset 0, character \(linesUp)")
        }
        for (k, line) in note.enumerated() { try addLine(line, linesUp: note.count + 1 - k, from: "graph 1") }
        for (k, line) in hint.enumerated() { try addLine(line, linesUp: hint.count - 1 - k, from: "screen 0") }
        if let definition { try script.add(definition) }
        for (k, line) in legend.enumerated() { try addLine(line, linesUp: hint.count + legend.count - 1 - k, from: "screen 0") }
        // Column 4 flags a non-finite cell (its column 3 is 0): `!`, in purple where colour shows.
        let color = "($4 > 0 ? 0x762A83 : $3 >= 0 ? 0xB2182B : 0x2166AC)"
        try script.add("plot $w using 1:2:($4 > 0 ? '!' : \(mark)):\(color) with labels textcolor rgb variable")
    }

    /// What stands for each weight, the function it needs, and the legend lines that say which is which.
    private var marks: (mark: String, definition: String?, legend: [String]) {
        var legend: [String] = []
        let mark: String
        var definition: String?
        if let valueFormat {
            // The numbers themselves, red positive and blue negative where colour shows.
            mark = "sprintf('\(valueFormat)', $3)"
        } else {
            // One character per weight, by sign and size; the legend under the x label says which is which.
            let half = largest / 2
            definition = "sign(v) = v >= \(half) ? '#' : v > 0 ? '+' : v > -\(half) ? '-' : '='"
            mark = "sign($3)"
            let h = Format.number(half, digits: 2)
            let pairs = [("# w >= \(h)", "- -\(h) < w < 0"), ("+ 0 <= w < \(h)", "= w <= -\(h)")]
            let first = pairs.map(\.0.count).max()! + 3, second = pairs.map(\.1.count).max()!
            // Padded to one length, so that the centred lines line up.
            legend = pairs.map { $0.padding(toLength: first, withPad: " ", startingAt: 0) + $1.padding(toLength: second, withPad: " ", startingAt: 0) }
        }
        if nonFinite { legend.append("! NaN or infinite") }
        return (mark, definition, legend)
    }

    /// The printf format that writes each finite value in at most `width` characters,
    /// two significant digits or else one; nil when even one does not fit.
    private static func valueFormat(_ values: [Double], width: Int) -> String? {
        ["%.2g", "%.1g"].first { format in values.allSatisfy { !$0.isFinite || String(format: format, $0).count <= width } }
    }
}
