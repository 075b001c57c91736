import BackpropCore
import Gnuplot

/// A `NetDiagram` in characters, for a terminal without graphics: the
/// layers side by side, each neuron with its bias and the weights coming
/// into it, named and valued (`w1[2,1] = 0.2`); what `plot paths` highlights
/// is marked `*`. Columns that do not fit the width go on below. Networks
/// too large to list (more than `NetDiagram.labelledEdges` weights, or
/// folded) get their layer sizes and the command that draws them.
///
/// The text is a `TextPage`, so it goes wherever text plots go.
struct NetText {
    let diagram: NetDiagram
    let values: NetValues
    let title: String
    let inputNames: [String], outputNames: [String]
    /// Lines under the columns (the paths and their products).
    var legend: [String] = []
    /// Edges and neurons (layer, neuron) on a highlighted path.
    var marked: (edges: Set<NetDiagram.Edge>, neurons: Set<[Int]>)? = nil
    /// The command that draws this plot, for the hint of a large network.
    let command: String
    let format: (Double) -> String

    func script(target: inout PlotTarget) throws -> GnuplotScript {
        let width = target.columns - 4
        var lines = PlotStyle.wrapped(title.split(separator: " ").map(String.init), width: width) + [""]
        if diagram.labelled {
            lines += columns(width: width)
        } else {
            let weights = diagram.network.layers.reduce(0) { $0 + $1.weightCount }
            lines += PlotStyle.wrapped(["network \(NetworkCommands.shape(diagram.network)): \(LargeCount.grouped(weights)) weights,", "too many to list here;",
                                        "draw them with", "`export \(command) net.svg`", "(or `set terminal png`)"], width: width)
        }
        if !legend.isEmpty { lines += [""] + legend.flatMap { Self.wrapped($0, width: width) } }
        return try TextPage.script(lines, target: &target)
    }

    /// A line broken at spaces into lines of at most `width` characters, the
    /// continuations indented.
    static func wrapped(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let indent = String(line.prefix { $0 == " " }) + "    "
        let words = line.split(separator: " ").map(String.init)
        var lines = PlotStyle.wrapped(words, width: width - indent.count)
        lines = lines.enumerated().map { $0 == 0 ? String(line.prefix { $0 == " " }) + $1 : indent + $1 }
        return lines
    }

    /// The layers side by side, as many as fit `width` in each band of columns.
    private func columns(width: Int) -> [String] {
        let blocks = diagram.columns.map(block)
        var lines: [String] = [], band: [[String]] = []
        func flush() {
            guard !band.isEmpty else { return }
            let widths = band.map { $0.map(\.count).max() ?? 0 }
            for row in 0..<(band.map(\.count).max() ?? 0) {
                let cells = band.indices.map { c in
                    let cell = row < band[c].count ? band[c][row] : ""
                    return c == band.count - 1 ? cell : cell.padding(toLength: widths[c] + 3, withPad: " ", startingAt: 0)
                }
                lines.append(cells.joined())
            }
            if !lines.isEmpty { lines.append("") }
            band = []
        }
        for block in blocks {
            let used = band.reduce(0) { $0 + ($1.map(\.count).max() ?? 0) + 3 }
            if used + (block.map(\.count).max() ?? 0) > width { flush() }
            band.append(block)
        }
        flush()
        return Array(lines.dropLast())
    }

    /// One layer's column: its heading, then each neuron with its bias, its own values and the weights into it.
    private func block(_ column: NetDiagram.Column) -> [String] {
        let l = column.layer, depth = diagram.network.depth
        var lines = [l == 0 ? "input" : "\(NetDiagram.layerName(l, depth: depth)): \(diagram.network.layers[l - 1].activation.rawValue)"]
        for j in column.neurons {
            let mark = marked?.neurons.contains([l, j]) == true ? "*" : " "
            var head = mark + (l == 0 ? "x[\(j + 1)]" : "a\(l)[\(j + 1)]")
            if l == 0, j < inputNames.count, inputNames[j] != "x\(j + 1)" { head += " " + inputNames[j] }
            if l == depth, j < outputNames.count { head += " " + outputNames[j] }
            if l > 0 { head += "  \(values.biasName(l, j)) = \(format(values.bias(l, j)))" }
            lines.append(head)
            for (name, value) in values.neuron(l, j) { lines.append("    \(name) = \(format(value))") }
            guard l > 0 else { continue }
            for edge in diagram.edges where edge.layer == l && edge.to == j {
                let on = marked?.edges.contains(edge) == true ? "*" : " "
                lines.append("  \(on) \(values.edgeName(l, edge.from, j)) = \(format(values.edge(l, edge.from, j)))")
            }
        }
        return lines
    }
}
