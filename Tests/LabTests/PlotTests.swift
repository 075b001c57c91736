import BackpropCore
import Foundation
import Testing
@testable import Lab
import TestSupport

/// Every plot kind through the real gnuplot, as a PNG file and as text.
@Suite(.serialized) struct PlotTests {
    static let setup = ["data circle n=120 noise=0.05", "net 2 5:tanh 1:sigmoid", "train 20 lr=0.5 batch=10"]
    static let kinds = ["loss", "boundary", "data", "grads", "weights 1", "activation tanh", "landscape w1[1,1]"]

    static func folder() throws -> String {
        let path = try Support.temporaryDirectory("plots").path
        return path
    }

    @Test(arguments: kinds)
    func rendersToPNGOfTheRequestedSize(_ kind: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let output = harness.run("export \(kind) plot.png size=640x480")
        #expect(output == ["exported \(kind.split(separator: " ")[0]) to plot.png"], "\(output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/plot.png"))
        #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 640 && height == 480)
    }

    @Test(arguments: kinds)
    func rendersAsTextWithAxes(_ kind: String) throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        harness.run("set terminal dumb")
        let output = harness.run("plot \(kind)")
        #expect(!output.contains { $0.hasPrefix("error:") }, "\(output)")
        #expect(output.contains { $0.contains("+-----") }, "no axes in \(output.joined(separator: "\n"))")
    }

    @Test func exportRefusesToOverwriteAndSVGIsByteIdentical() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export boundary b.svg")
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg"))
        #expect(harness.run("export boundary b.svg").first == "error: export: b.svg exists; add overwrite=yes to replace it")
        harness.run("export boundary b.svg overwrite=yes")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg")) == first)
        #expect(harness.run("export loss |touch x.png").first?.hasPrefix("error:") == true)
    }

    @Test func gpExportRunsUnderGnuplot() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export loss loss.gp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot", "loss.gp"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/loss.png"))
    }

    /// The picture a `.gp` file draws is an output path like any other: one
    /// gnuplot would pipe into a shell is refused, and nothing is written.
    @Test func gpExportChecksThePictureItDraws() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let output = harness.run("export loss \"|touch x.gp\"")
        #expect(output.count == 1 && output[0].hasPrefix("error: export: unsafe output path: '|touch x.png'"), "\(output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

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

    /// A 40-layer sigmoid net: one line against the layer index, every layer
    /// in it, ticks listed a few decades apart without minor ticks, and no
    /// colour a reader cannot see on white.
    @Test func deepNetGradientsShowEveryLayer() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data 0.1 0.2 0.3 0.4 -> 1", "net 4 " + Array(repeating: "4:sigmoid", count: 39).joined(separator: " ") + " 1:sigmoid",
                     "train 3 lr=0.5 batch=1"])
        harness.run("export grads g.gp")
        let script = try String(contentsOfFile: folder + "/g.gp", encoding: .utf8)
        let norms = Self.block("norms", in: script)
        #expect(norms.map { $0[0] } == (1...40).map(Double.init))
        #expect(norms.last![1] / norms.first![1] > 1e8, "the gradient does not vanish toward layer 1")
        #expect(script.contains("unset mytics") && script.contains("set ytics (1e"))
        #expect(!script.uppercased().contains("F0E442"))
        for (name, option) in [("layer.png", ""), ("epoch.png", " by=epoch")] {
            #expect(harness.run("export grads \(name)\(option)") == ["exported grads to \(name)"])
        }
    }

    /// Held-out samples are drawn, hollow and named, in pictures and text.
    @Test func dataPlotsShowTestSamples() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data circle n=100 test=0.3", "net 2 4:tanh 1:sigmoid"])
        for kind in ["data", "boundary"] {
            harness.run("export \(kind) \(kind).gp")
            let script = try String(contentsOfFile: folder + "/\(kind).gp", encoding: .utf8)
            #expect(Self.block("test0", in: script).count + Self.block("test1", in: script).count == 30)
            #expect(Self.block("train0", in: script).count + Self.block("train1", in: script).count == 70)
            #expect(script.contains("title 'inside (test)'") && script.contains("title 'outside (test)'"))
        }
        harness.run("set terminal dumb")
        let text = harness.run("plot data")
        #expect(text.contains { $0.contains("o   outside") } && text.contains { $0.contains("O   outside (test)") }, "\(text.joined(separator: "\n"))")
    }

    /// Text plots say which symbol is which class, and keep their y label.
    @Test func textPlotsNameTheirSymbolsAndAxes() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        harness.run("set terminal dumb")
        let boundary = harness.run("plot boundary")
        #expect(boundary.contains { $0.contains("o   outside") && $0.contains("x   inside") }, "\(boundary.joined(separator: "\n"))")
        #expect(boundary.contains { $0.contains("shading ' .:-=+*#': output") })
        #expect(harness.run("plot loss").contains { $0.contains("loss (mse)") })
        #expect(harness.run("plot grads").contains { $0.contains("‖dE/dW‖") })
    }

    /// On a colour terminal text plots are in colour; the transcript keeps them plain.
    @Test func colourIsShownButNotRecorded() throws {
        final class Lines: @unchecked Sendable { var all: [String] = []; let lock = NSLock() }
        let shown = Lines()
        let session = Session(output: OutputTarget(write: { line in shown.lock.withLock { shown.all.append(line) } },
                                                   isTerminal: true, color: true, columns: 80, lines: 24),
                              baseDirectory: try Self.folder())
        for line in ["set sixel no"] + Self.setup { session.run(line) }
        shown.lock.withLock { shown.all = [] }
        session.run("plot data")
        #expect(shown.lock.withLock { shown.all.contains { $0.contains("\u{1B}[") } }, "no colour on a colour terminal")
        guard case let .command(_, _, recorded) = try #require(session.record.entries.last) else { Issue.record("not a command"); return }
        #expect(recorded.count > 10 && !recorded.contains { $0.contains("\u{1B}") })
        #expect(recorded.contains { $0.contains("o   outside") })
    }

    /// `train live=yes` draws the loss curve on the progress channel only,
    /// never in the output or the record, and not when plots go to files.
    @Test func liveLossIsDrawnOnTheProgressChannel() throws {
        final class Lines: @unchecked Sendable { var all: [String] = []; let lock = NSLock() }
        let shown = Lines(), progress = Lines()
        let session = Session(output: OutputTarget(write: { line in shown.lock.withLock { shown.all.append(line) } },
                                                   isTerminal: true, columns: 80, lines: 24,
                                                   progress: { text in progress.lock.withLock { progress.all.append(text) } }),
                              baseDirectory: try Self.folder())
        for line in ["set terminal dumb", "data circle n=60", "net 2 4:tanh 1:sigmoid", "train 5 live=yes"] { session.run(line) }
        let drawn = progress.lock.withLock { progress.all.joined() }
        #expect(drawn.contains("Loss during training") && drawn.contains("+-----"), "\(drawn)")
        #expect(!shown.lock.withLock { shown.all.contains { $0.contains("Loss during training") } })
        progress.lock.withLock { progress.all = [] }
        session.run(["set terminal svg", "train 5 live=yes"].joined(separator: "; "))
        #expect(!progress.lock.withLock { progress.all.joined() }.contains("Loss during training"))
    }

    /// With one input, boundary draws the fit: the network's function over
    /// the input range, whose values are what `predict` says.
    @Test func fitDrawsTheNetworksFunction() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data sine n=60 test=0.25", "net 1 6:tanh 1:linear", "train 30 lr=0.1"])
        for kind in ["boundary", "fit"] {
            harness.run("export \(kind) \(kind).gp")
            let script = try String(contentsOfFile: folder + "/\(kind).gp", encoding: .utf8)
            #expect(script.contains("Network fit"))
            let fit = Self.block("fit", in: script)
            #expect(fit.count == 400)
            for row in [fit[0], fit[200], fit[399]] {
                let said = try #require(harness.run("predict \(row[0])").first)
                let value = try #require(said.split(separator: "[").last?.split(separator: "]").first.flatMap { Double($0) }, "\(said)")
                #expect(abs(value - row[1]) <= 1e-5 * max(1, abs(value)), "predict \(row[0]) = \(value), plotted \(row[1])")
            }
            #expect(Self.block("test0", in: script).count == 15)
        }
        #expect(harness.run("export fit fit.png") == ["exported fit to fit.png"])
        harness.run(["data circle n=50", "net 2 3:tanh 1:sigmoid"])
        #expect(harness.run("plot fit").first?.contains("plot fit needs 1 raw input") == true)
    }

    /// gnuplot never gets to name bplab's temporary file.
    @Test func anUnwritableFolderIsReportedByTheUsersPath() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        let output = harness.run("export loss /proc/x.png")
        #expect(output.count == 1 && output[0].hasPrefix("error: export: cannot write /proc/x.png"), "\(output)")
        #expect(!output[0].contains(".tmp"))
    }

    /// One size for every picture unless size= says otherwise.
    @Test func picturesHaveOneDefaultSize() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run(["export loss l.png", "set terminal png", "plot loss"])
        for file in ["l.png", "plots/loss-1.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == PlotStyle.defaultSize.width && height == PlotStyle.defaultSize.height, "\(file): \(width)×\(height)")
        }
    }

    /// Each plot takes only its own options, and export the file's besides:
    /// another kind's option is one error naming it and what the kind takes,
    /// before anything is drawn or written (plots would go to files here).
    @Test(arguments: [
        ("plot data res=50", "column 11: plot data has no option 'res=' (plot data takes no options)"),
        ("plot loss range=2", "column 11: plot loss has no option 'range=' (accepted: log=)"),
        ("plot grads log=yes", "column 12: plot grads has no option 'log=' (accepted: by=)"),
        ("plot weights 1 by=layer", "column 16: plot weights has no option 'by=' (plot weights takes no options)"),
        ("plot landscape w1[1,1] res=20", "column 24: plot landscape has no option 'res=' (accepted: range=)"),
        ("export boundary b.png log=yes", "column 23: export boundary has no option 'log=' (accepted: res= size= overwrite=)"),
        ("export data d.gp res=20", "column 18: export data has no option 'res=' (accepted: size= overwrite=)"),
        ("export pytorch f.py size=10x10 log=yes", "column 21: export pytorch has no option 'size=' (accepted: overwrite=)"),
        ("export notebook n.md size=400x300", "column 22: export notebook has no option 'size=' (accepted: overwrite=)"),
    ])
    func optionsOfAnotherKindAreRefused(_ line: String, _ expected: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup + ["set terminal png"])
        let before = harness.session.state
        let command = line.split(separator: " ")[0]
        #expect(harness.run(line) == ["error: \(command): \(expected)"])
        #expect(harness.session.state == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// The options each kind does take reach its script.
    @Test func eachKindTakesItsOwnOptions() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup + ["set terminal dumb"])
        for line in ["plot loss log=yes", "plot boundary res=20", "plot grads by=layer", "plot landscape w1[1,1] range=2"] {
            let output = harness.run(line)
            #expect(!output.contains { $0.hasPrefix("error:") } && output.contains { $0.contains("+-----") }, "\(line): \(output)")
        }
        #expect(harness.run("export loss f.svg size=400x300") == ["exported loss to f.svg"])
        #expect(try String(contentsOfFile: folder + "/f.svg", encoding: .utf8).contains("width=\"400\" height=\"300\""))
        #expect(harness.run("export boundary b.gp res=20 size=640x480") == ["exported boundary to b.gp"])
        #expect(Self.block("grid", in: try String(contentsOfFile: folder + "/b.gp", encoding: .utf8)).filter { !$0.isEmpty }.count == 20 * 20)
        #expect(harness.run("export loss l.gp log=yes") == ["exported loss to l.gp"])
        #expect(try String(contentsOfFile: folder + "/l.gp", encoding: .utf8).contains("set logscale y"))
        #expect(harness.run("export pytorch f.py overwrite=yes").first?.hasSuffix("to f.py; run it with python3") == true)
    }

    /// res= is checked with one input too, where boundary draws the fit and does not use it.
    @Test func boundaryResolutionIsCheckedWithOneInput() {
        let harness = SessionHarness()
        harness.run(["data sine n=20", "net 1 4:tanh 1:linear"])
        #expect(harness.run("plot boundary res=5") == ["error: plot: column 15: res= must be in 10…1000, got 5"])
    }

    @Test func boundaryNeedsTwoInputs() {
        let harness = SessionHarness()
        harness.run(["data 1 2 3 -> 1", "net 3 1:sigmoid"])
        #expect(harness.run("plot boundary").first?.contains("plot boundary needs 2 raw inputs") == true)
        #expect(harness.run("plot loss").first?.contains("no training yet") == true)
        #expect(harness.run("plot nosuch").first?.contains("unknown plot 'nosuch'") == true)
    }
}
