import Foundation
import Testing
@testable import Gnuplot
import TestSupport

/// Scripts as text ("script only" mode) and the data they carry.
@Suite struct GnuplotScriptTests {
    @Test func rendersDatablocksThenCommands() throws {
        var script = try GnuplotScript(terminal: .png(width: 320, height: 200), output: "out.png")
        script.addData("line", rows: [[1, 2.5], [2, -3]])
        try script.add("plot $line using 1:2 with lines title \(GnuplotQuoting.quoted("it's"))")
        script.addData("grid", blocks: [[[0, 0, 1], [0, 1, 2]], [[1, 0, 3], [1, 1, 4]]])
        #expect(script.render() == """
            $line << EOD
            1.0 2.5
            2.0 -3.0
            EOD
            $grid << EOD
            0 0 1.0
            0 1.0 2.0

            1.0 0 3.0
            1.0 1.0 4.0
            EOD
            set terminal pngcairo size 320,200 noenhanced font 'DejaVu Sans,10'
            set output 'out.png'
            plot $line using 1:2 with lines title 'it' . "'" . 's'

            """)
    }

    @Test func datablocksCarryFullPrecisionAndNaN() {
        var script = GnuplotScript()
        script.addData("d", rows: [[0.1 + 0.2, 1.0 / 3, 5e-324, .nan, -0.0, .infinity, -.infinity, 1e300]])
        #expect(script.render() == "$d << EOD\n0.30000000000000004 0.3333333333333333 5e-324 NaN 0 NaN NaN 1e+300\nEOD\n")
    }

    /// gnuplot's own data reader gives back the very same Doubles.
    @Test func numbersRoundTripThroughGnuplotsDataReader() throws {
        var generator = SystemRandomNumberGenerator()
        let values: [Double] = [0.1 + 0.2, 1.0 / 3, .pi, -2.5e17, 1e-300, .ulpOfOne, .greatestFiniteMagnitude,
                                .leastNormalMagnitude, 123456789.123456789, -7]
            + (0..<10).map { _ in Double(bitPattern: UInt64.random(in: 0x0010_0000_0000_0000...0x7FE0_0000_0000_0000, using: &generator)) }
        var script = GnuplotScript()
        script.addData("d", rows: values.map { [$0] })
        try script.add("set print '-'")
        for k in values.indices {
            try script.add("stats $d every ::\(k)::\(k) using 1 nooutput")
            try script.add("print sprintf('%.17g', STATS_min)")
        }
        let read = try GnuplotProcess().run(script).split(separator: "\n").map { Double(String($0)) }
        #expect(read == values.map { Optional($0) })
    }

    @Test func nonFiniteValuesAreSkippedByGnuplot() throws {
        var script = GnuplotScript()
        script.addData("d", rows: [[1, 1], [2, .nan], [3, .infinity], [4, 4], [5, -.infinity]])
        try script.add("stats $d using 2 nooutput")
        try script.add("set print '-'")
        try script.add("print STATS_records, STATS_invalid, STATS_max")
        #expect(try GnuplotProcess().run(script) == "2 3 4.0\n")
    }

    @Test func gridBlocksDrawAsASurface() throws {
        var script = try GnuplotScript(terminal: .dumb(columns: 60, lines: 20))
        script.addData("g", blocks: (0..<5).map { i in (0..<5).map { j in [Double(i), Double(j), Double(i * j)] } })
        try script.add("splot $g using 1:2:3 with pm3d title 'surface'")
        #expect(try GnuplotProcess().run(script).contains("surface"))
    }

    @Test func datablockNamesMustBeIdentifiers() {
        for good in ["d", "class0", "_x", "grid_2"] { #expect(GnuplotScript.Datablock.isIdentifier(good), "\(good)") }
        for bad in ["", "0d", "a b", "EOD\n", "a$", "é", "x-y", "a\nplot"] { #expect(!GnuplotScript.Datablock.isIdentifier(bad), "\(bad)") }
    }

    /// The rendered text is a `.gp` file that a separate `gnuplot FILE.gp` runs.
    @Test func anExportedScriptRunsOnItsOwn() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try Support.sinePlot(on: .png(width: 300, height: 200), output: "sine.png", title: "it's")
        try Data(script.render().utf8).write(to: folder.appendingPathComponent("sine.gp"))
        #expect(try Support.runGnuplot(arguments: ["-d", "sine.gp"], in: folder) == 0)
        let png = try Data(contentsOf: folder.appendingPathComponent("sine.png"))
        #expect(Support.pngSize(png)?.width == 300 && Support.pngSize(png)?.height == 200)
    }
}
