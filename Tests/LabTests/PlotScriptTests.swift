import BackpropCore
import Foundation
import Testing
@testable import Lab
import TestSupport

/// Plot scripts in detail: the golden files, the weights plots (colours,
/// non-finite marks, blocks of rows and columns) and the function plots' axes.
extension PlotTests {
    /// Scripts for fixed inputs match the files in Golden/ (update them
    /// deliberately when a plot's look changes, after looking at the PNGs).
    @Test(arguments: ["activation sigmoid", "weights 1", "weights 2"])
    func scriptsMatchGoldenFiles(_ kind: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["net 2 3:tanh 1:sigmoid", "set w1 = [[0.5, -1, 2], [0.25, 0, -0.75]]"])
        let name = kind.replacingOccurrences(of: " ", with: "-") + ".gp"
        harness.run("export \(kind) \(name)")
        let produced = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/" + name)
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(produced == expected)
    }

    /// Lines of a datablock in an exported script, as rows of numbers (an empty row for a blank line).
    static func block(_ name: String, in script: String) -> [[Double]] {
        guard let start = script.range(of: "$\(name) << EOD\n") else { return [] }
        let body = script[start.upperBound...].prefix { _ in true }
        var rows: [[Double]] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "EOD" { break }
            rows.append(line.split(separator: " ").compactMap { Double($0) })
        }
        return rows
    }

    /// The two bounds of `set yrange [a:b]` (or another axis) in a script.
    static func range(_ axis: String, in script: String) -> (Double, Double)? {
        guard let line = script.split(separator: "\n").first(where: { $0.hasPrefix("set \(axis)range [") }) else { return nil }
        let bounds = line.dropFirst("set \(axis)range [".count).dropLast().split(separator: ":").compactMap { Double($0) }
        return bounds.count == 2 ? (bounds[0], bounds[1]) : nil
    }

    /// Layers of one input or one output (every binary classifier's last
    /// layer) draw each weight in its colour: `with image` would draw
    /// nothing below 2 × 2. The expected colours are the palette's
    /// (#2166AC, #F7F7F7, #B2182B at −m, 0, m) interpolated by hand.
    @Test func weightsOfEveryShapeAreDrawnInTheirColours() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["net 1 3:tanh 1:sigmoid", "set w1 = [[1, -0.5, 0.25]]", "set w2 = [[1], [-0.5], [0.25]]"])
        for layer in [1, 2] {
            #expect(harness.run("export weights \(layer) w\(layer).svg") == ["exported weights to w\(layer).svg"])
            let svg = try String(contentsOfFile: folder + "/w\(layer).svg", encoding: .utf8).replacingOccurrences(of: " ", with: "")
            for color in ["rgb(178,24,43)", "rgb(140,175,210)", "rgb(230,191,196)"] {
                #expect(svg.contains("fill='\(color)'"), "layer \(layer): no cell in \(color)")
            }
            harness.run("export weights \(layer) w\(layer).gp")
            let script = try String(contentsOfFile: folder + "/w\(layer).gp", encoding: .utf8)
            // Ticks on the neurons' 1-based numbers only.
            #expect(script.contains(layer == 1 ? "set xtics (1, 2, 3)" : "set xtics (1)"))
            #expect(script.contains(layer == 1 ? "set ytics (1)" : "set ytics (1, 2, 3)"))
        }
        harness.run("set terminal dumb")
        let text = harness.run("plot weights 2").joined(separator: "\n")
        #expect(text.contains("-0.5") && text.contains("0.25"), "the signed values are not in:\n\(text)")
    }

    /// A text weights plot, line by line, checked against `w`: a line per
    /// row (or block of `rowBlock` rows), labelled with its rows, in order,
    /// holding a character per column (or block of `columnBlock` columns):
    /// the mark of its weight, or of its block's weight of largest |w|;
    /// `!` for a NaN or infinite weight or a block holding one, and in the
    /// legend only then.
    static func expectWeightsText(_ lines: [String], _ w: Matrix, rowBlock: Int, columnBlock: Int,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let text = lines.joined(separator: "\n")
        // "  label | marks |": a labelled line between the borders (the note on blocks has bars too: |w|).
        let drawn = lines.compactMap { line -> (label: String, marks: [Character])? in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].allSatisfy({ $0 == " " }) else { return nil }
            let label = parts[0].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty, label.allSatisfy({ $0.isNumber || $0 == "-" }) else { return nil }
            return (label, parts[1].filter { $0 != " " }.map { $0 })
        }
        let shownRows = (w.rows + rowBlock - 1) / rowBlock, shownColumns = (w.columns + columnBlock - 1) / columnBlock
        let labels = (0..<shownRows).map { k in
            rowBlock == 1 ? "\(k + 1)" : "\(k * rowBlock + 1)-\(min((k + 1) * rowBlock, w.rows))"
        }
        #expect(drawn.map(\.label) == labels, "rows are not a line each:\n\(text)", sourceLocation: sourceLocation)
        let half = (w.storage.filter(\.isFinite).map(abs).max() ?? 1) / 2
        for (k, row) in drawn.enumerated() where k < shownRows {
            let marks = (0..<shownColumns).map { bj -> Character in
                let rows = k * rowBlock..<min((k + 1) * rowBlock, w.rows), columns = bj * columnBlock..<min((bj + 1) * columnBlock, w.columns)
                let block: [Double] = rows.flatMap { i in columns.map { w[i, $0] } }
                if block.contains(where: { !$0.isFinite }) { return "!" }
                let v = block.max { abs($0) < abs($1) }!
                if v >= half { return "#" }
                return v > 0 ? "+" : v > -half ? "-" : "="
            }
            #expect(row.marks == marks, "row \(row.label): \(String(row.marks)), not \(String(marks))\n\(text)", sourceLocation: sourceLocation)
        }
        #expect(text.contains("! NaN or infinite") == w.storage.contains { !$0.isFinite }, "legend:\n\(text)", sourceLocation: sourceLocation)
    }

    /// Gives the network's weights named in `changes` values that no command sets
    /// (NaN, ±infinity), as a diverged computation could leave them.
    static func plant(_ changes: [(String, Double)], in harness: SessionHarness) throws {
        var network = try #require(harness.session.state.network)
        for (name, value) in changes {
            for index in try ParameterReference(parsing: name, in: network).parameterIndices(in: network) { network.parameters[index] = value }
        }
        harness.session.state.network = network
    }

    /// The numbers of each labelled row of a text weights plot, as printed (`!` included).
    static func printedRows(_ lines: [String]) -> [[String]] {
        lines.compactMap { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, Int(parts[0].trimmingCharacters(in: .whitespaces)) != nil else { return nil }
            return parts[1].split(separator: " ").map(String.init)
        }
    }

    /// NaN and infinite weights are `!`, apart from the marks of large
    /// negative weights, whether the plot prints values, a character per
    /// weight, or blocks (where one would lose to a finite weight's |w|).
    @Test func nonFiniteTextWeightsAreMarked() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(["net 2 3:tanh 1:sigmoid", "set w1 = [[0.5, -1, 2], [0.25, 0, -0.75]]", "set terminal dumb"])
        try Self.plant([("w1[1,2]", .nan), ("w1[2,3]", -.infinity)], in: harness)
        var lines = harness.run("plot weights 1")
        #expect(Self.printedRows(lines) == [["0.5", "!", "2"], ["0.25", "0", "!"]], "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("! NaN or infinite") })

        harness.run(["net 2 10:tanh 1:sigmoid", "set w1[2,5] = -5"])
        try Self.plant([("w1[1,2]", .nan), ("w1[2,4]", .infinity), ("w1[2,6]", -.infinity)], in: harness)
        Self.expectWeightsText(harness.run("plot weights 1"), try #require(harness.session.state.network).weights(0), rowBlock: 1, columnBlock: 1)

        let narrow = SessionHarness(baseDirectory: try Self.folder(), columns: 41)
        narrow.run(["net 3 200:tanh 1:sigmoid", "set terminal dumb", "set w1[1,1] = 9", "set w1[2,1] = -9"])
        try Self.plant([("w1[1,2]", .nan), ("w1[2,2]", .infinity)], in: narrow)
        lines = narrow.run("plot weights 1")
        let note = try #require(lines.first { $0.contains("blocks of") })
        let block = try #require(Int(note.split(separator: " ").drop { $0 != "of" }.dropFirst().first ?? ""))
        Self.expectWeightsText(lines, try #require(narrow.session.state.network).weights(0), rowBlock: 1, columnBlock: block)
        // w1[1,1] = 9 and w1[2,1] = -9 share their blocks with the NaN and the infinity.
        #expect(block > 1 && Self.printedRows(lines).prefix(2).map { $0.first?.first } == ["!", "!"], "\(lines.joined(separator: "\n"))")
    }

    /// A small matrix's printed values never run into each other: at every
    /// width they take as few digits as they must, or give way to the
    /// one-character picture when even one digit does not fit.
    @Test(arguments: [41, 50, 80, 120])
    func textWeightValuesFitTheirColumns(_ columns: Int) throws {
        let harness = SessionHarness(baseDirectory: try Self.folder(), columns: columns)
        harness.run(["net 8 8:tanh 1:sigmoid", "init uniform(-0.01,0.01)", "set w1[3,7] = -8.2e-05", "set terminal dumb"])
        let lines = harness.run("plot weights 1"), text = lines.joined(separator: "\n")
        let w = try #require(harness.session.state.network).weights(0)
        if lines.contains(where: { $0.contains("# w >=") }) {
            Self.expectWeightsText(lines, w, rowBlock: 1, columnBlock: 1)
        } else {
            let rows = Self.printedRows(lines)
            #expect(rows.count == 8 && rows.allSatisfy { $0.count == 8 }, "values run together:\n\(text)")
            for (i, row) in rows.enumerated() {
                for (j, printed) in row.enumerated() {
                    // One significant digit at least: the sign, and |w| within half of it.
                    let v = try #require(Double(printed), "\(printed)")
                    #expect(abs(v - w[i, j]) <= abs(w[i, j]) / 2, "w1[\(i + 1),\(j + 1)] = \(w[i, j]) printed \(printed)")
                }
            }
        }
        #expect(lines.allSatisfy { $0.count < columns }, "\(text)")
    }

    /// A binary classifier's last layer, 40 × 1, as text: the terminal grows
    /// to give each weight a line of its own, so none is drawn over another.
    @Test func textWeightsGiveEveryRowALine() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(["data spiral n=200", "net 2 40:tanh 1:sigmoid", "set terminal dumb"])
        let lines = harness.run("plot weights 2")
        Self.expectWeightsText(lines, try #require(harness.session.state.network).weights(1), rowBlock: 1, columnBlock: 1)
        #expect(!lines.contains { $0.contains("blocks of") })
    }

    /// Beyond 40 rows, text shows blocks of rows, and says so and how to see every weight.
    @Test func tallTextWeightsAreShownInBlocksOfRows() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(["net 64 32:relu 10:softmax", "set terminal dumb"])
        let lines = harness.run("plot weights 1")
        Self.expectWeightsText(lines, try #require(harness.session.state.network).weights(0), rowBlock: 2, columnBlock: 1)
        #expect(lines.contains { $0.contains("blocks of 2 rows, each shown by its largest |w|") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("all 64×32 weights: export weights 1 w1.svg") })
    }

    /// More columns than a narrow terminal has characters: blocks of columns
    /// filling most of its width, and no line wider than the terminal.
    @Test func wideTextWeightsAreShownInBlocksOfColumns() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder(), columns: 41)
        harness.run(["net 3 200:tanh 1:sigmoid", "set terminal dumb"])
        let lines = harness.run("plot weights 1")
        let note = try #require(lines.first { $0.contains("blocks of") }, "no note in \(lines.joined(separator: "\n"))")
        let block = try #require(Int(note.split(separator: " ").drop { $0 != "of" }.dropFirst().first ?? ""))
        #expect(note.contains("blocks of \(block) columns,"))
        #expect(lines.contains { $0.contains("export weights 1 w1.svg") })
        #expect(block > 1 && (200 + block - 1) / block >= 25, "blocks of \(block) leave most of the width empty")
        Self.expectWeightsText(lines, try #require(harness.session.state.network).weights(0), rowBlock: 1, columnBlock: block)
        #expect(lines.allSatisfy { $0.count <= 40 })
    }

    /// The landscape's y axis is E's range, and the tangent (slope: the
    /// gradient `grad` reports) stays inside it, however wide the range.
    @Test func landscapeAxisFollowsTheLossNotTheTangent() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let gradient = try #require(harness.run("grad w1[1,1]").first.flatMap { Double($0.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)) })
        for range in ["1", "1e6"] {
            harness.run("export landscape w1[1,1] l\(range).gp range=\(range)")
            let script = try String(contentsOfFile: folder + "/l\(range).gp", encoding: .utf8)
            let (low, high) = try #require(Self.range("y", in: script))
            let curve = Self.block("curve", in: script).compactMap { $0.count == 2 ? $0[1] : nil }
            #expect(low >= 0 && low <= curve.min()! && high >= curve.max()! && high < curve.max()! + (curve.max()! - curve.min()!) * 0.2 + 1e-3)
            let tangent = Self.block("tangent", in: script)
            #expect(tangent.count == 2)
            #expect(tangent.allSatisfy { $0[1] >= low - 1e-12 && $0[1] <= high + 1e-12 }, "\(tangent) outside [\(low), \(high)]")
            let slope = (tangent[1][1] - tangent[0][1]) / (tangent[1][0] - tangent[0][0])
            #expect(abs(slope - gradient) <= 1e-5 * abs(gradient), "slope \(slope), gradient \(gradient)")
            let (left, right) = try #require(Self.range("x", in: script))
            #expect(abs((right - left) - 2 * Double(range)!) < 1e-6 * Double(range)!, "x axis \(left)…\(right) is not ±range")
        }
    }

    /// f' of ReLU is 0 left of 0 and 1 right of it: two pieces, not a sloped
    /// line between them, with the value used at 0 filled and the other open.
    @Test func reluDerivativeJumpsWithoutAJoiningLine() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("export activation relu r.gp")
        let script = try String(contentsOfFile: folder + "/r.gp", encoding: .utf8)
        let rows = Self.block("f", in: script)
        let gap = try #require(rows.firstIndex { $0.isEmpty })
        #expect(rows[..<gap].allSatisfy { $0[0] <= 0 && $0[2] == 0 })
        #expect(rows[(gap + 1)...].allSatisfy { $0[0] >= 0 && $0[2] == 1 })
        #expect(Self.block("defined", in: script) == [[0, 0]] && Self.block("open", in: script) == [[0, 1]])
        #expect(script.contains("set xrange [-5:5]") && script.contains("set ylabel 'f(z) and f'"))
        harness.run("export activation tanh t.gp")
        #expect(!(try String(contentsOfFile: folder + "/t.gp", encoding: .utf8)).contains("$open"))
    }
}
