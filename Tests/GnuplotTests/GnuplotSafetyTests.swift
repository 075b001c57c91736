import Foundation
import Testing
@testable import Gnuplot

/// Hostile text must never make gnuplot run a command: each attempt below
/// would create the marker file if gnuplot executed it.
@Suite(.serialized) struct GnuplotSafetyTests {
    static func hostileTexts(marker: String) -> [String] {
        [
            "`touch \(marker)`",
            "\" . system('touch \(marker)') . \"",
            "' . system('touch \(marker)') . '",
            "x'\nsystem('touch \(marker)')\n'",
            "title\n!touch \(marker)",
            "title\r\n! touch \(marker)",
            "a''b`touch \(marker)`''",
            "\\' ; system(\"touch \(marker)\") ; '",
        ]
    }

    @Test func hostileTitlesAreDrawnNotRun() throws {
        let folder = try GnuplotProcessTests.temporaryDirectory()
        let marker = folder.appendingPathComponent("PWNED").path
        let gnuplot = GnuplotProcess()
        for text in Self.hostileTexts(marker: marker) {
            var script = GnuplotScript()
            script.add("set terminal dumb")
            script.add("set termoption noenhanced")
            script.add("set title \(GnuplotQuoting.quoted(text))")
            script.add("set xlabel \(GnuplotQuoting.quoted(text))")
            script.add("plot x title \(GnuplotQuoting.quoted(text))")
            _ = try gnuplot.run(script)
            #expect(!FileManager.default.fileExists(atPath: marker), "executed: \(text.debugDescription)")
        }
    }

    @Test func quotedLiteralsHaveNoControlCharactersAndSplicedQuotes() {
        #expect(GnuplotQuoting.quoted("it's") == "'it' . \"'\" . 's'")
        #expect(GnuplotQuoting.quoted("''") == "'' . \"'\" . '' . \"'\" . ''")
        #expect(GnuplotQuoting.quoted("a\nb\rc\u{0}d\u{7F}e\u{85}f") == "'abcdef'")
        #expect(GnuplotQuoting.quoted("`x`") == "'`x`'")
    }

    @Test(arguments: ["| touch /tmp/x", "  |cat", "< ls", "!touch x", "", "a\nb"])
    func pipeAndCommandPathsAreRefused(_ path: String) {
        #expect(throws: GnuplotError.self) { try GnuplotQuoting.validateOutputPath(path) }
    }

    @Test func ordinaryPathsAreAccepted() throws {
        try GnuplotQuoting.validateOutputPath("plots/loss curve.png")
        try GnuplotQuoting.validateOutputPath("it's here.svg")
    }

    @Test func hostileFileNamesAreWrittenAsFiles() throws {
        let folder = try GnuplotProcessTests.temporaryDirectory()
        // A file name cannot hold a '/', so the command would create the marker in gnuplot's working directory.
        let marker = FileManager.default.currentDirectoryPath + "/PWNED-gnuplot-test"
        let name = folder.appendingPathComponent("a'b`touch PWNED-gnuplot-test`$(touch PWNED-gnuplot-test).png").path
        try GnuplotQuoting.validateOutputPath(name)
        var script = GnuplotScript()
        script.add(GnuplotTerminal.png(width: 200, height: 100).setup)
        script.add("set output \(GnuplotQuoting.quoted(name))")
        script.add("plot x")
        _ = try GnuplotProcess().run(script)
        #expect(FileManager.default.fileExists(atPath: name))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func datablocksCarryFullPrecision() {
        var script = GnuplotScript()
        script.addData("d", rows: [[0.1 + 0.2, 1.0 / 3, 5e-324, .nan, -0.0]])
        #expect(script.render() == "$d << EOD\n0.30000000000000004 0.3333333333333333 5e-324 NaN 0\nEOD\n")
    }
}
