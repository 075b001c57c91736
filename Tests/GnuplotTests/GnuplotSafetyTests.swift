import Foundation
import Testing
@testable import Gnuplot
import TestSupport

/// Hostile text must never make gnuplot run a command: each attempt below
/// would create the marker file if gnuplot executed it.
@Suite struct GnuplotSafetyTests {
    /// Ways to break out of a string into a shell, for a marker file at `marker`.
    static func hostileTexts(marker: String) -> [String] {
        [
            "`touch \(marker)`",
            "\" . system('touch \(marker)') . \"",
            "' . system('touch \(marker)') . '",
            "system(\"touch \(marker)\")",
            "x'\nsystem('touch \(marker)')\n'",
            "title\n!touch \(marker)",
            "title\r\n! touch \(marker)",
            "title\u{85}!touch \(marker)",
            "title\u{2028}!touch \(marker)",
            "a''b`touch \(marker)`''",
            "'''`touch \(marker)`",
            "\\' ; system(\"touch \(marker)\") ; '",
            "| touch \(marker)",
            "< touch \(marker)",
            "$(touch \(marker))",
            "@cmd",
        ]
    }

    @Test func hostileTextInEveryTextSettingIsDrawnNotRun() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let marker = folder.appendingPathComponent("MARKER").path
        let gnuplot = GnuplotProcess()
        for text in Self.hostileTexts(marker: marker) {
            let q = GnuplotQuoting.quoted(text)
            var script = try GnuplotScript(terminal: .dumb(columns: 200, lines: 24))
            try script.add("cmd = \"system('touch \(marker)')\"")
            try script.add("set title \(q)")
            try script.add("set xlabel \(q)")
            try script.add("set label 1 \(q) at 0,0")
            try script.add("set key title \(q)")
            script.addData("d", rows: [[0, 0], [1, 1]])
            try script.add("plot $d using 1:2:(\(q)) with labels title \(q), x title \(q)")
            let drawn = try gnuplot.run(script)
            #expect(!FileManager.default.fileExists(atPath: marker), "executed: \(text.debugDescription)")
            // The title is drawn as text (control characters removed).
            let visible = String(String.UnicodeScalarView(text.unicodeScalars.filter { !GnuplotQuoting.isControl($0) }))
            #expect(drawn.contains(visible.prefix(30)), "\(text.debugDescription) not drawn in:\n\(drawn)")
        }
        #expect(try Support.contents(folder).isEmpty)
    }

    @Test func gnuplotReadsBackExactlyTheQuotedText() throws {
        let texts = ["it's", "'", "''", "'''", "'a'", "a''''b", "`x`", "\\n", "\\", "@macro", "$(x)", "\"", "é ü 中 ∂E/∂w",
                     "a\tb\nc\u{0}d\u{7F}e\u{9B}f\r", "%s %d", "{/Symbol a}_1^2"]
        let script = try Support.printing(texts.map(GnuplotQuoting.quoted))
        let printed = try GnuplotProcess().run(script).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let expected = texts.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { !GnuplotQuoting.isControl($0) })) }
        #expect(printed.map(String.init) == expected)
    }

    @Test func quotedLiteralsHaveNoControlCharactersAndSplicedQuotes() {
        #expect(GnuplotQuoting.quoted("plain") == "'plain'")
        #expect(GnuplotQuoting.quoted("it's") == "'it' . \"'\" . 's'")
        #expect(GnuplotQuoting.quoted("''") == "'' . \"'\" . '' . \"'\" . ''")
        #expect(GnuplotQuoting.quoted("a\nb\rc\u{0}d\u{7F}e\u{85}f\tg\u{1B}h") == "'abcdefgh'")
        #expect(GnuplotQuoting.quoted("`x`") == "'`x`'")
        let everyControl = String(String.UnicodeScalarView((0..<0xA0).compactMap(Unicode.Scalar.init).filter { $0.value < 0x20 || $0.value >= 0x7F }))
        #expect(GnuplotQuoting.quoted("a" + everyControl + "b") == "'ab'")
    }

    @Test(arguments: ["| touch MARKER", "  |cat > MARKER", "\t| touch MARKER", "< touch MARKER", " <ls", "!touch MARKER",
                      "", "   ", "a\nb.png", "plot\r.png", "x\u{0}.png", "x\u{85}.png"])
    func pipeAndCommandPathsAreRefused(_ path: String) {
        #expect(throws: GnuplotError.self) { try GnuplotQuoting.validateOutputPath(path) }
        #expect(throws: GnuplotError.self) { try GnuplotTerminal.png(width: 100, height: 100).preamble(output: path) }
        #expect(throws: GnuplotError.self) { try GnuplotScript(terminal: .svg(width: 100, height: 100), output: path) }
    }

    @Test func refusedPipePathsNeverReachGnuplot() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gnuplot = GnuplotProcess(workingDirectory: folder.path)
        for path in ["| touch MARKER", "|touch MARKER", "< touch MARKER", "!touch MARKER"] {
            do {
                _ = try gnuplot.run(Support.sinePlot(on: .png(width: 100, height: 100), output: path))
                Issue.record("\(path) was accepted")
            } catch let error as GnuplotError {
                guard case .unsafePath = error else { Issue.record("unexpected \(error)"); continue }
                #expect(error.description.contains("shell command"))
            }
        }
        #expect(try Support.contents(folder).isEmpty)
    }

    @Test func ordinaryPathsAreAccepted() throws {
        try GnuplotQuoting.validateOutputPath("plots/loss curve.png")
        try GnuplotQuoting.validateOutputPath("it's here.svg")
        try GnuplotQuoting.validateOutputPath("/tmp/a|b.png")
        try GnuplotQuoting.validateOutputPath("é.pdf")
    }

    @Test func hostileFileNamesAreWrittenAsFiles() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A file name cannot hold a '/', so each command would create MARKER in gnuplot's working directory.
        let gnuplot = GnuplotProcess(workingDirectory: folder.path)
        let names = ["a'b`touch MARKER`$(touch MARKER).png", "''';touch MARKER;'.png", "x\" . system(\"touch MARKER\") . \".png",
                     "@cmd.png", "a|touch MARKER.png"]
        for name in names {
            _ = try gnuplot.run(Support.sinePlot(on: .png(width: 120, height: 80), output: name))
            let written = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(Support.pngSize(written)?.width == 120, "\(name) not written as a PNG")
        }
        #expect(try Support.contents(folder) == names.sorted())
    }
}
