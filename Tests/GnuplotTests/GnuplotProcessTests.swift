import Foundation
import Testing
@testable import Gnuplot

/// These tests run the real gnuplot (installed by `make test`).
@Suite(.serialized) struct GnuplotProcessTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-gnuplot-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sinePlot(title: String = "sine") -> GnuplotScript {
        var script = GnuplotScript()
        script.addData("curve", rows: (0...50).map { k in [Double(k) / 10, sin(Double(k) / 10)] })
        script.add("set termoption noenhanced")
        script.add("plot $curve using 1:2 with lines title \(GnuplotQuoting.quoted(title))")
        return script
    }

    @Test func dumbTerminalReturnsTextWithAxes() throws {
        let gnuplot = GnuplotProcess()
        var script = GnuplotScript()
        script.add(GnuplotTerminal.dumb(columns: 60, lines: 20).setup)
        for command in Self.sinePlot().commands { script.add(command) }
        script.addData("curve", rows: (0...50).map { k in [Double(k) / 10, sin(Double(k) / 10)] })
        let text = try gnuplot.run(script)
        #expect(text.contains("+-----"), "no border in:\n\(text)")
        #expect(text.contains("sine"))
        #expect(text.split(separator: "\n").count >= 15)
    }

    @Test func pngHasTheRequestedSize() throws {
        let folder = try Self.temporaryDirectory()
        let file = folder.appendingPathComponent("plot.png")
        var script = GnuplotScript()
        script.add(GnuplotTerminal.png(width: 640, height: 360).setup)
        script.add("set output \(GnuplotQuoting.quoted(file.path))")
        script.add("plot sin(x) title 'sine'")
        _ = try GnuplotProcess().run(script)
        let data = try Data(contentsOf: file)
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 640 && height == 360)
    }

    @Test func svgIsByteIdenticalAcrossRuns() throws {
        let folder = try Self.temporaryDirectory()
        var outputs: [Data] = []
        for k in 0..<2 {
            let file = folder.appendingPathComponent("plot\(k).svg")
            var script = GnuplotScript()
            script.add(GnuplotTerminal.svg(width: 500, height: 300).setup)
            script.add("set output \(GnuplotQuoting.quoted(file.path))")
            script.addData("curve", rows: (0...20).map { [Double($0), Double($0 * $0)] })
            script.add("plot $curve using 1:2 with lines title 'square'")
            _ = try GnuplotProcess().run(script)
            outputs.append(try Data(contentsOf: file))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].count > 1000)
    }

    @Test func anErrorNamesTheLineAndTheNextScriptStillWorks() throws {
        let gnuplot = GnuplotProcess()
        var bad = GnuplotScript()
        bad.add("set terminal dumb")
        bad.add("plot undefined_function_here(x)")
        do {
            _ = try gnuplot.run(bad)
            Issue.record("an invalid script ran without error")
        } catch let error as GnuplotError {
            #expect(error.description.contains("undefined function"), "\(error)")
            #expect(error.description.contains("plot undefined_function_here(x)"), "\(error)")
        }
        var good = GnuplotScript()
        good.add("set terminal dumb")
        good.add("plot x title 'fine'")
        #expect(try gnuplot.run(good).contains("fine"))
    }

    @Test func aKilledGnuplotIsNoticedAndRestarted() throws {
        let gnuplot = GnuplotProcess()
        var script = GnuplotScript()
        script.add("set terminal dumb")
        script.add("plot x title 'alive'")
        _ = try gnuplot.run(script)
        let pid = try #require(gnuplot.processIdentifier)
        kill(pid, SIGKILL)
        usleep(100_000)
        // The next script either notices the death or restarts at once; the one after works.
        _ = try? gnuplot.run(script)
        #expect(try gnuplot.run(script).contains("alive"))
        #expect(gnuplot.processIdentifier != pid)
    }

    @Test func aMissingBinaryExplainsHowToInstall() {
        let gnuplot = GnuplotProcess(binary: "/nonexistent/gnuplot")
        #expect(throws: GnuplotError.missing("/nonexistent/gnuplot")) { try gnuplot.run(GnuplotScript()) }
        #expect(GnuplotError.missing("gnuplot").description.contains("apt-get install gnuplot-nox"))
    }
}
