import Foundation
import Testing
@testable import Gnuplot
import TestSupport

/// The live gnuplot: outputs, errors, crashes, restarts. These tests run the
/// real gnuplot (`apt-get install gnuplot-nox`).
@Suite struct GnuplotProcessTests {
    @Test func pngHasTheRequestedSize() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plot.png").path
        let text = try GnuplotProcess().run(Support.sinePlot(on: .png(width: 640, height: 360), output: file))
        #expect(text.isEmpty, "a file plot printed on stdout: \(text.prefix(80))")
        let size = try #require(Support.pngSize(try Data(contentsOf: URL(fileURLWithPath: file))), "not a PNG")
        #expect(size.width == 640 && size.height == 360)
    }

    @Test func dumbTerminalReturnsTextOfTheRequestedSize() throws {
        let text = try GnuplotProcess().run(Support.sinePlot(on: .dumb(columns: 60, lines: 20)))
        // gnuplot starts each page with a form feed, then exactly `lines` lines of `columns` characters.
        let lines = text.drop { $0 == "\u{0C}" }.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 20, "\(lines.count) lines:\n\(text)")
        #expect(lines.allSatisfy { $0.count == 60 })
        #expect(text.contains("+-----"), "no border in:\n\(text)")
        #expect(text.contains("sine"), "no key title in:\n\(text)")
        for tick in ["0.8", "-0.8", "1", "4"] {
            #expect(lines.contains { $0.split(separator: " ").contains(Substring(tick)) }, "no tick label \(tick) in:\n\(text)")
        }
        #expect(!text.contains("\u{1B}"), "colour escapes in a mono plot")
    }

    @Test func colourDumbUsesAnsiEscapes() throws {
        let text = try GnuplotProcess().run(Support.sinePlot(on: .dumb(columns: 60, lines: 20, color: true)))
        #expect(text.contains("\u{1B}["))
    }

    /// gnuplot's SVG driver carries colour state from one plot to the next;
    /// a red plot in between, or a fresh process, must not change the bytes.
    @Test func svgIsByteIdenticalAcrossRunsAndProcesses() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = GnuplotProcess()
        var outputs: [Data] = []
        for (k, gnuplot) in [shared, shared, GnuplotProcess()].enumerated() {
            let file = folder.appendingPathComponent("plot\(k).svg").path
            _ = try gnuplot.run(Support.sinePlot(on: .svg(width: 500, height: 300), output: file))
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: file)))
            var other = try GnuplotScript(terminal: .svg(width: 200, height: 100), output: folder.appendingPathComponent("other.svg").path)
            try other.add("plot x lc rgb '#ff0000' title 'red'")
            _ = try gnuplot.run(other)
        }
        // The same bytes as a standalone `gnuplot FILE.gp` run of the same script.
        let standalone = try Support.sinePlot(on: .svg(width: 500, height: 300), output: "alone.svg")
        try Data(standalone.render().utf8).write(to: folder.appendingPathComponent("alone.gp"))
        try Support.runGnuplot(arguments: ["-d", "alone.gp"], in: folder)
        outputs.append(try Data(contentsOf: folder.appendingPathComponent("alone.svg")))
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2] && outputs[2] == outputs[3])
        let svg = String(decoding: outputs[0], as: UTF8.self)
        #expect(svg.hasPrefix("<?xml") && svg.contains("width=\"500\" height=\"300\""))
    }

    @Test func svgScriptsAreRecognised() {
        #expect(GnuplotProcess.drawsSVG(GnuplotTerminal.svg(width: 1, height: 1).setup + "\nplot x\n"))
        #expect(GnuplotProcess.drawsSVG("set term svg\n"))
        #expect(!GnuplotProcess.drawsSVG(GnuplotTerminal.png(width: 1, height: 1).setup + "\nset title 'set terminal svg'\n"))
    }

    @Test func pdfHasTheRequestedPageSize() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plot.pdf").path
        _ = try GnuplotProcess().run(Support.sinePlot(on: .pdf(width: 576, height: 432), output: file))
        let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        #expect(pdf.hasPrefix("%PDF-"))
        #expect(pdf.contains("/MediaBox [ 0 0 576 432 ]"))
    }

    /// A PDF's text is as large against its page as a PNG's against its
    /// picture (pdfcairo alone would halve it): gnuplot's own measure, a
    /// character's height over the page's, after drawing each.
    @Test func pdfTextIsAsLargeAsInAPNG() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gnuplot = GnuplotProcess()
        func characterHeight(_ terminal: GnuplotTerminal, _ file: String) throws -> Double {
            var script = try Support.sinePlot(on: terminal, output: folder.appendingPathComponent(file).path)
            try script.add("set print '-'")
            try script.add("print GPVAL_TERM_VCHAR * 1.0 / GPVAL_TERM_YMAX")
            return try #require(Double(gnuplot.run(script).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let pdf = try characterHeight(.pdf(width: 800, height: 600), "plot.pdf")
        let png = try characterHeight(.png(width: 800, height: 600), "plot.png")
        #expect(pdf > 0.9 * png && pdf < 1.1 * png, "pdf \(pdf), png \(png)")
    }

    @Test func anErrorNamesGnuplotsMessageAndLineAndTheNextScriptStillWorks() throws {
        let gnuplot = GnuplotProcess()
        var bad = try GnuplotScript(terminal: .dumb(columns: 40, lines: 12))
        try bad.add("plot undefined_function_here(x)")
        try bad.add("print 'not reached'")
        let error = try #require(throws: GnuplotError.self) { try gnuplot.run(bad) }
        #expect(error.description == "gnuplot: line 3: undefined function: undefined_function_here (in: plot undefined_function_here(x))")
        var good = try GnuplotScript(terminal: .dumb(columns: 40, lines: 12))
        try good.add("plot x title 'fine'")
        #expect(try gnuplot.run(good).contains("fine"))
    }

    @Test func gnuplotsDetailLinesAreKept() throws {
        let gnuplot = GnuplotProcess()
        let script = try GnuplotScript(terminal: .png(width: 100, height: 100), output: "/nonexistent-dir-bplab/x.png")
        let error = try #require(throws: GnuplotError.self) { try gnuplot.run(script) }
        #expect(error.description.contains("line 2: cannot open file; output not changed"), "\(error)")
        #expect(error.description.contains("No such file or directory"), "\(error)")
        #expect(error.description.contains("(in: set output '/nonexistent-dir-bplab/x.png')"), "\(error)")
    }

    @Test func warningsAreNotErrors() throws {
        var script = try GnuplotScript(terminal: .dumb(columns: 60, lines: 20))
        script.addData("flat", rows: [[1, 2], [2, 2]]) // gnuplot warns "empty y range" and widens it
        try script.add("plot $flat using 1:2 with lines title 'flat'")
        #expect(try GnuplotProcess().run(script).contains("flat"))
    }

    /// `with image` needs a 2 × 2 grid; below it gnuplot only warns and
    /// leaves the series out. A picture missing what it was asked to show is
    /// a failure, not a success with a warning.
    @Test func aSeriesThatDrawsNothingIsAnError() throws {
        let folder = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var script = try GnuplotScript(terminal: .png(width: 200, height: 150), output: folder.appendingPathComponent("x.png").path)
        script.addData("row", rows: [[1, 1, 0.5], [2, 1, 0.7]])
        try script.add("plot $row using 1:2:3 with image")
        let error = try #require(throws: GnuplotError.self) { try GnuplotProcess().run(script) }
        #expect(error.description.contains("Image grid must be at least 4 points"), "\(error)")
        var empty = try GnuplotScript(terminal: .dumb(columns: 40, lines: 12))
        empty.addData("none", rows: [])
        empty.addData("some", rows: [[1, 2], [2, 3]])
        try empty.add("plot $some using 1:2 with lines, $none using 1:2 with lines")
        #expect(throws: GnuplotError.self) { try GnuplotProcess().run(empty) }
    }

    @Test func eachScriptStartsFromTheDefaults() throws {
        let gnuplot = GnuplotProcess()
        _ = try gnuplot.run(Support.printing(["'x'"]).withLeftovers())
        // A previous script's datablocks, variables and terminal are gone.
        #expect(try gnuplot.run(Support.printing(["exists('$kept')", "exists('leftover')", "GPVAL_TERM"])) == "0\n0\nunknown\n")
    }

    @Test func aKilledGnuplotIsNoticedAndRestarted() throws {
        let gnuplot = GnuplotProcess()
        let script = try Support.sinePlot(on: .dumb(columns: 60, lines: 20), title: "alive")
        #expect(try gnuplot.run(script).contains("alive"))
        let pid = try #require(gnuplot.processIdentifier)
        #expect(kill(pid, SIGKILL) == 0)
        usleep(200_000)
        // Either the death is reported as a crash, or gnuplot was already seen to be gone and restarted.
        do { #expect(try gnuplot.run(script).contains("alive")) } catch let error as GnuplotError {
            guard case .crashed = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try gnuplot.run(script).contains("alive"))
        #expect(gnuplot.processIdentifier != nil && gnuplot.processIdentifier != pid)
    }

    @Test func aDeathDuringAScriptIsReportedAsACrash() throws {
        let gnuplot = GnuplotProcess()
        _ = try gnuplot.run(Support.printing(["'started'"]))
        let pid = try #require(gnuplot.processIdentifier)
        var script = GnuplotScript()
        try script.add("pause 20")
        try script.add("print 'not reached'")
        // (A script may not run `system`, so the kill comes from outside, while gnuplot pauses.)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { kill(pid, SIGKILL) }
        let error = try #require(throws: GnuplotError.self) { try gnuplot.run(script) }
        #expect(error.description.contains("was killed by signal 9 before finishing the script"), "\(error)")
        #expect(try gnuplot.run(Support.printing(["'back'"])) == "back\n")
    }

    @Test func aHungGnuplotIsStoppedAfterTheTimeout() throws {
        let gnuplot = GnuplotProcess(timeout: 1)
        var script = GnuplotScript()
        try script.add("pause 30")
        let started = Date()
        let error = try #require(throws: GnuplotError.self) { try gnuplot.run(script) }
        #expect(error.description.contains("no answer within 1 s"), "\(error)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try gnuplot.run(Support.printing(["'back'"])) == "back\n")
    }

    @Test func aProgramThatIsNotGnuplotIsReportedNotAwaited() throws {
        let gnuplot = GnuplotProcess(binary: "/bin/true", timeout: 20)
        let script = try Support.printing(["1"])
        let error = try #require(throws: GnuplotError.self) { try gnuplot.run(script) }
        guard case .crashed = error else { Issue.record("unexpected \(error)"); return }
    }

    @Test func aMissingBinaryExplainsHowToInstall() throws {
        let gnuplot = GnuplotProcess(binary: "/nonexistent/gnuplot")
        #expect(throws: GnuplotError.missing("/nonexistent/gnuplot")) { try gnuplot.run(GnuplotScript()) }
        #expect(throws: GnuplotError.missing("/nonexistent/gnuplot")) { try gnuplot.terminals() }
        #expect(GnuplotError.missing("/nonexistent/gnuplot").description.contains("apt-get install gnuplot-nox"))
        #expect(throws: GnuplotError.missing("no-such-gnuplot-binary")) {
            try GnuplotProcess(binary: "no-such-gnuplot-binary").run(GnuplotScript())
        }
    }

    @Test func theBinaryComesFromTheInitializerThenBPLAB_GNUPLOTThenPath() {
        #expect(GnuplotProcess.resolveBinary("/opt/gp", environment: ["BPLAB_GNUPLOT": "/usr/bin/gp"]) == "/opt/gp")
        #expect(GnuplotProcess.resolveBinary(nil, environment: ["BPLAB_GNUPLOT": "/nonexistent"]) == "/nonexistent")
        #expect(GnuplotProcess.resolveBinary(nil, environment: ["BPLAB_GNUPLOT": ""]) == "gnuplot")
        #expect(GnuplotProcess.resolveBinary(nil, environment: [:]) == "gnuplot")
    }

    @Test func terminalsListsTheDrivers() throws {
        let drivers = try GnuplotProcess().terminals()
        #expect(drivers.isSuperset(of: ["dumb", "svg", "pngcairo", "pdfcairo"]), "\(drivers.sorted())")
        #expect(!drivers.contains("GPVAL_TERMINALS"))
    }

    @Test func sixelComesBackOnStdout() throws {
        let gnuplot = GnuplotProcess()
        let terminal = GnuplotTerminal.sixel(width: 200, height: 120).ifAvailable(try gnuplot.terminals(), else: .dumb(columns: 40, lines: 12))
        let text = try gnuplot.run(Support.sinePlot(on: terminal))
        if case .sixel = terminal {
            #expect(text.hasPrefix("\u{1B}P"), "no sixel introducer") // DCS … q starts a sixel image
            #expect(text.hasSuffix("\u{1B}\\"), "no string terminator")
        } else {
            #expect(text.contains("sine"))
        }
    }

    @Test func scriptsFromManyThreadsRunOneAfterAnother() async throws {
        let gnuplot = GnuplotProcess()
        let outputs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for k in 0..<6 {
                group.addTask { (k, try gnuplot.run(Support.printing(["'task \(k)'", "\(k) * 10"]))) }
            }
            var all: [Int: String] = [:]
            for try await (k, text) in group { all[k] = text }
            return all
        }
        for k in 0..<6 { #expect(outputs[k] == "task \(k)\n\(k * 10)\n") }
    }
}

extension GnuplotScript {
    /// This script after a datablock `$kept` and a variable `leftover` (tests only).
    fileprivate func withLeftovers() throws -> GnuplotScript {
        var script = GnuplotScript()
        script.addData("kept", rows: [[1]])
        try script.add("leftover = 1")
        try script.append(self)
        return script
    }
}
