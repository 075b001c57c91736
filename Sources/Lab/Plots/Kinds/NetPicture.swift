import BackpropCore
import Foundation
import Gnuplot

/// A `NetDiagram` drawn in pixels: neurons as circles, edges coloured by
/// sign (vermillion positive, blue negative: a pair colour-blind readers
/// tell apart) and thicker for larger |value|, a bias mark above each
/// neuron, a key, and the diagram's notes under the drawing. Small networks
/// name every edge (`w2[1,2] = 0.45`), bias and neuron.
///
/// Edge labels sit on their edge, at the first of a few places along it
/// where the label overlaps no neuron and no label placed before it, on an
/// opaque white box, so crossing edges never share a label's place.
///
/// `highlight` (from `plot paths`) draws the given edges in their path's
/// colour and fades every other edge to a thin grey.
struct NetPicture {
    static let positive = "#D55E00", negative = "#0072B2"
    /// Text colours for labels of each sign: darker, for contrast on white.
    static let positiveText = "#A04000", negativeText = "#004C80"
    static let faded = "#D9D9D9"

    let diagram: NetDiagram
    let values: NetValues
    let title: String
    /// Names of the inputs (features) and of the outputs (classes), when known.
    let inputNames: [String], outputNames: [String]
    /// Lines under the drawing besides the diagram's notes (the paths' products).
    var legend: [(text: String, color: String)] = []
    /// Edges of highlighted paths and the colour each is drawn in (`plot paths`).
    var highlight: [NetDiagram.Edge: String]? = nil
    /// Their thickness: bold for paths told apart, thinner for every edge of many.
    var highlightWidth = 4.0
    let digits: Int

    /// The picture's size in pixels that labels are placed for (`PlotStyle.defaultSize`).
    private static let (pictureWidth, pictureHeight) = (Double(PlotStyle.defaultSize.width), Double(PlotStyle.defaultSize.height))
    /// A line of the notes under the drawing, in pixels.
    private static let lineHeight = 15.0

    func script() throws -> GnuplotScript {
        var script = GnuplotScript()
        let edgeValues = diagram.edges.map { values.edge($0.layer, $0.from, $0.to) }
        let largestEdge = edgeValues.filter(\.isFinite).map(abs).max() ?? 0
        let labelled = diagram.labelled
        let depth = diagram.network.depth
        var notes = diagram.notes.map { ($0, "#404040") } + legend
        if highlight == nil {
            notes.insert(("thickness: |\(values.edgeSymbol)| (the largest: \(Format.number(largestEdge, digits: digits)); "
                           + "faint: under 1% of it)", "#404040"), at: 0)
        }
        // Room under the drawing: the key, then one line per note.
        let bottom = (2.2 + Double(notes.count)) * Self.lineHeight + 8
        let top = 44.0
        let xpad = labelled ? 0.62 : 0.45
        let (x0, x1) = (-xpad, diagram.width + xpad)
        // A colour box for the neurons' values takes the right edge.
        let right = values.kind == .weights ? 10.0 : 90
        let plotWidth = Self.pictureWidth - 10 - right, plotHeight = Self.pictureHeight - top - bottom
        let xUnit = plotWidth / (x1 - x0)
        // Rows as far apart as the height allows (at most 170 pixels), with room above the top row for its
        // bias mark and the layer headings, and below the bottom row for a neuron's own values.
        let rows = Double(diagram.tallest - 1)
        let ownLines = Double(values.neuron(diagram.network.depth, 0).count)
        let (above, below) = (22.0 + 10 + 16 + 36, 22.0 + 12 + 13 * ownLines)
        let yUnit = rows > 0 ? min(170, (plotHeight - above - below) / rows) : 170
        let slack = (plotHeight - rows * yUnit - above - below) / 2
        let (y0, y1) = (-rows / 2 - (below + slack) / yUnit, rows / 2 + (above + slack) / yUnit)
        // Neurons: as large as the spacing allows, at most 22 pixels in radius.
        let radius = max(3, min(22, 0.32 * yUnit, 0.18 * xUnit))
        let headingY = rows / 2 + (radius + 10 + 16 + 6) / yUnit

        try script.add(["set termoption noenhanced", "set encoding utf8",
                        "set title \(GnuplotQuoting.quoted(title)) font ',12'",
                        "unset border", "unset tics", "unset grid",
                        "set lmargin at screen \(10 / Self.pictureWidth)", "set rmargin at screen \(1 - right / Self.pictureWidth)",
                        "set tmargin at screen \(1 - top / Self.pictureHeight)", "set bmargin at screen \(bottom / Self.pictureHeight)",
                        "set xrange [\(x0):\(x1)]", "set yrange [\(y0):\(y1)]", 
                        "set style textbox opaque noborder margins 1.5, 0.8",
                        "set key at screen 0.5, screen \((bottom - 4) / Self.pictureHeight) center top horizontal nobox Left reverse samplen 2 maxcols 4"])

        // Edges, a block per sign and thickness class, drawn under the neurons.
        let largest = max(largestEdge, 1e-300)
        let thin = diagram.edges.count > 100 ? 0.6 : 1.0
        var layers: [String] = []
        var blocks: [String: [[Double]]] = [:]
        var styles: [String: String] = [:]
        for (edge, v) in zip(diagram.edges, edgeValues) {
            guard let a = diagram.position(layer: edge.layer - 1, neuron: edge.from),
                  let b = diagram.position(layer: edge.layer, neuron: edge.to) else { continue }
            let size = v.isFinite ? min(abs(v) / largest, 1) : 1
            // Class 0, under 1% of the largest, is drawn faint: vanishing gradients fade out.
            let thickness = size < 0.01 ? 0 : Int((size * 5).rounded(.up)).clamped(1, 5)
            let key: String, style: String
            if let highlight {
                if let color = highlight[edge] {
                    key = "h" + color.dropFirst()
                    style = "lw \(highlightWidth) lc rgb '\(color)'"
                } else {
                    (key, style) = ("faded", "lw 1 lc rgb '\(Self.faded)'")
                }
            } else {
                key = (v < 0 ? "n" : "p") + "\(thickness)"
                let color = v < 0 ? Self.negative : Self.positive
                style = "lw \(thin * [0.5, 0.7, 1.4, 2.3, 3.4, 4.8][thickness]) lc rgb '\(thickness == 0 ? PlotStyle.mix(color, amount: 0.65) : color)'"
            }
            blocks[key, default: []].append([a.x, a.y, b.x - a.x, b.y - a.y])
            styles[key] = style
        }
        // Faded edges first, so the highlighted ones lie on top.
        for key in blocks.keys.sorted(by: { ($0 == "faded" ? 0 : 1, $0) < ($1 == "faded" ? 0 : 1, $1) }) {
            script.addData("e_\(key)", rows: blocks[key]!)
            layers.append("$e_\(key) using 1:2:3:4 with vectors nohead \(styles[key]!) notitle")
        }
        if highlight == nil {
            let symbol = values.edgeSymbol
            layers.append("NaN with lines lw 3 lc rgb '\(Self.positive)' title '\(symbol) > 0'")
            layers.append("NaN with lines lw 3 lc rgb '\(Self.negative)' title '\(symbol) < 0'")
        }

        // Neurons, filled white, or by their value on the weight palette (grads, values).
        var neurons: [[Double]] = [], fills: [Double] = [0]
        for column in diagram.columns {
            for (k, j) in column.neurons.enumerated() {
                let fill = values.fill(column.layer, j)
                neurons.append([column.x, column.y(k), radius / xUnit, fill ?? 0])
                if let fill, fill.isFinite { fills.append(abs(fill)) }
            }
        }
        script.addData("neurons", rows: neurons)
        if values.kind == .weights {
            layers.append("$neurons using 1:2:3 with circles fs solid 1.0 border lc rgb '#333333' lc rgb '#FFFFFF' notitle")
        } else {
            let span = max(fills.max()!, 1e-300)
            try script.add(PlotStyle.weightPalette)
            try script.add("set cbrange [-\(span):\(span)]")
            try script.add("set colorbox vertical user origin screen 0.905, screen 0.3 size screen 0.012, screen 0.4")
            try script.add("set cblabel \(GnuplotQuoting.quoted(values.kind == .grads ? "neuron: d" : "neuron: a")) offset -0.5,0")
            try script.add("set cbtics font ',8'")
            layers.append("$neurons using 1:2:3:4 with circles fs solid 1.0 noborder lc palette notitle")
            layers.append("$neurons using 1:2:3 with circles fs empty border lc rgb '#333333' notitle")
        }

        // Bias marks: a small square above each neuron after the input, coloured by sign, joined to it.
        var marks: [[Double]] = []
        let markGap = (radius + 10) / yUnit
        for column in diagram.columns where column.layer > 0 {
            for (k, j) in column.neurons.enumerated() {
                marks.append([column.x, column.y(k) + markGap, values.bias(column.layer, j)])
            }
        }
        if !marks.isEmpty {
            script.addData("bias", rows: marks)
            let stub = (markGap * yUnit - radius) / yUnit
            layers.append("$bias using 1:2:(0):(-\(stub)) with vectors nohead lw 1 lc rgb '#808080' notitle")
            // Beside highlighted paths, biases are grey: they are on no path.
            let color = highlight == nil ? "($3 < 0 ? 0x\(Self.negative.dropFirst()) : 0x\(Self.positive.dropFirst()))" : "(0xA0A0A0)"
            layers.append("$bias using 1:2:\(color) with points pt 5 ps \(min(1.0, radius / 14)) lc rgb variable "
                          + (highlight == nil ? "title 'bias'" : "notitle"))
        }

        // Few edges leave room for labels a class can read from the back.
        var labels = Labels(xUnit: xUnit, yUnit: yUnit, size: diagram.edges.count <= 16 ? 11 : 9)
        let small = ",\(labels.size)"
        for column in diagram.columns {
            // Layer headings above the columns, in two lines; where columns stand close, their numbers and widths.
            let l = column.layer
            let narrow = xUnit < 125
            let name = narrow ? (l == 0 ? "in" : l == depth ? "out" : "\(l)") : l == 0 ? "input" : l == depth ? "output (layer \(l))" : "layer \(l)"
            let size = "\(diagram.network.width(ofLayer: l))" + (narrow || l == 0 ? "" : " \(diagram.network.layers[l - 1].activation.rawValue)")
            labels.add(name, x: column.x, y: headingY + 15 / yUnit, align: "center", font: ",10", placed: false)
            labels.add(size, x: column.x, y: headingY, align: "center", font: narrow ? ",8" : ",10", placed: false)
            let sampled = column.neurons.count < diagram.network.width(ofLayer: l)
            for (k, j) in column.neurons.enumerated() {
                let y = column.y(k)
                labels.blocked(x: column.x, y: y, width: 2 * radius + 8, height: 2 * radius + 4)
                if sampled {
                    // Which neurons a wide layer shows: their numbers beside them.
                    labels.add("\(j + 1)", x: column.x - (radius + 3) / xUnit, y: y, align: "right", font: ",7", placed: false)
                } else if labelled || radius >= 14 {
                    // White on the dark ends of the fill's scale.
                    let dark = values.fill(l, j).map { abs($0) > 0.55 * fills.max()! } ?? false
                    labels.add(l == 0 ? "x[\(j + 1)]" : "a\(l)[\(j + 1)]", x: column.x, y: y, align: "center", font: ",9",
                               color: dark ? "#FFFFFF" : "#1A1A1A", placed: false, box: false)
                }
                if l == 0, j < inputNames.count, labelled || diagram.columns[0].neurons.count <= 20, inputNames[j] != "x\(j + 1)" {
                    labels.add(inputNames[j], x: column.x - (radius + 6) / xUnit, y: y, align: "right", font: ",10", placed: false)
                }
                if l == depth, j < outputNames.count {
                    labels.add(outputNames[j], x: column.x + (radius + 6) / xUnit, y: y, align: "left", font: ",10", placed: false)
                }
                if l > 0 && labelled {
                    let b = values.bias(l, j)
                    labels.add("\(values.biasName(l, j)) = \(Format.number(b, digits: digits))", x: column.x + 9 / xUnit, y: y + markGap,
                               align: "left", font: small, color: highlight != nil ? "#909090" : b < 0 ? Self.negativeText : Self.positiveText)
                }
                let own = values.neuron(l, j)
                if !own.isEmpty && labelled {
                    let text = own.map { "\($0.name) = \(Format.number($0.value, digits: digits))" }
                    for (line, part) in text.enumerated() {
                        labels.add(part, x: column.x, y: y - (radius + 9 + Double(line) * labels.height) / yUnit, align: "center", font: small)
                    }
                }
            }
        }
        for fold in diagram.folds {
            labels.add("⋯ layers \(fold.layers.lowerBound)–\(fold.layers.upperBound) ⋯", x: fold.x, y: 0, align: "center", font: ",10", placed: false)
        }
        // A few highlighted paths name their edges on any network.
        if labelled || (highlight.map { $0.count <= 12 } ?? false) {
            // Each edge's name and value, on the edge; two digits where many labels share the room.
            let edgeDigits = diagram.edges.count > 20 ? min(digits, 2) : digits
            for (edge, v) in zip(diagram.edges, edgeValues) {
                if let highlight, highlight[edge] == nil { continue }
                guard let a = diagram.position(layer: edge.layer - 1, neuron: edge.from),
                      let b = diagram.position(layer: edge.layer, neuron: edge.to) else { continue }
                let text = "\(values.edgeName(edge.layer, edge.from, edge.to)) = \(Format.number(v, digits: edgeDigits))"
                labels.onSegment(text, from: a, to: b, color: highlight != nil ? "#1A1A1A" : v < 0 ? Self.negativeText : Self.positiveText)
            }
        }
        for (k, note) in notes.enumerated() {
            labels.screen(note.text, line: k, bottom: bottom, color: note.color)
        }
        try script.add(labels.commands)
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}

/// The picture's text labels, placed so that the labels that must not
/// collide (edge values, biases, neuron numbers) overlap nothing placed
/// before them, in pixels of the default picture.
private struct Labels {
    let xUnit: Double, yUnit: Double
    private(set) var commands: [String] = []
    /// Boxes taken, in pixels: centre x, centre y, half width, half height.
    private var taken: [(Double, Double, Double, Double)] = []
    /// The labels' font size; a character's width and a label's height with its box, in pixels.
    let size: Int
    var charWidth: Double { 0.73 * Double(size) }
    var height: Double { 1.85 * Double(size) }

    init(xUnit: Double, yUnit: Double, size: Int) { (self.xUnit, self.yUnit, self.size) = (xUnit, yUnit, size) }

    /// Marks a region (a neuron) that labels placed along edges avoid.
    mutating func blocked(x: Double, y: Double, width: Double, height: Double) {
        taken.append((x * xUnit, y * yUnit, width / 2, height / 2))
    }

    mutating func add(_ text: String, x: Double, y: Double, align: String, font: String, color: String = "#1A1A1A",
                      placed: Bool = true, box: Bool = true) {
        commands.append("set label \(commands.count + 1) \(GnuplotQuoting.quoted(text)) at \(x), \(y) \(align) front "
                        + "font '\(font)' textcolor rgb '\(color)'" + (box ? " boxed" : ""))
        if placed {
            let half = Double(text.count) * charWidth / 2
            let cx = align == "left" ? x * xUnit + half : align == "right" ? x * xUnit - half : x * xUnit
            taken.append((cx, y * yUnit, half + 3, height / 2))
        }
    }

    /// A label on the segment from a to b, at the first place along it that overlaps nothing taken
    /// (else the place of least overlap).
    mutating func onSegment(_ text: String, from a: (x: Double, y: Double), to b: (x: Double, y: Double), color: String) {
        let half = (Double(text.count) * charWidth / 2 + 3, height / 2)
        func overlap(_ t: Double) -> Double {
            let cx = (a.x + (b.x - a.x) * t) * xUnit, cy = (a.y + (b.y - a.y) * t) * yUnit
            return taken.reduce(0.0) { sum, box in
                let dx = max(0, half.0 + box.2 - abs(cx - box.0)), dy = max(0, half.1 + box.3 - abs(cy - box.1))
                return sum + dx * dy
            }
        }
        // Places along the edge, nearest the source's side first (where edges fan out) to the target's.
        let places = stride(from: 0.12, through: 0.88, by: 0.04).sorted { abs($0 - 0.3) < abs($1 - 0.3) }
        let t = places.first { overlap($0) == 0 } ?? places.min { overlap($0) < overlap($1) }!
        add(text, x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, align: "center", font: ",\(size)", color: color)
    }

    /// A line of text under the drawing, centred, `line` lines below the key.
    mutating func screen(_ text: String, line: Int, bottom: Double, color: String) {
        let y = (bottom - 8 - (2.2 + Double(line)) * 15) / Double(PlotStyle.defaultSize.height)
        commands.append("set label \(commands.count + 1) \(GnuplotQuoting.quoted(text)) at screen 0.5, screen \(y) center "
                        + "font ',10' textcolor rgb '\(color)'")
    }
}

fileprivate extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
