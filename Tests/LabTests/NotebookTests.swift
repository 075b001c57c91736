import Foundation
import Gnuplot
import Testing
@testable import Lab

/// `export notebook`: prose, commands, outputs and plots as they were made.
@Suite(.serialized) struct NotebookTests {
    static func session() throws -> (SessionHarness, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-nb-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["# XOR <b>bold</b> & friends", "data xor", "net 2 2:sigmoid 1:sigmoid", "train 20 lr=2 batch=4",
                     "plot loss", "trian"])
        return (harness, folder)
    }

    @Test func htmlIsOneSelfContainedFileWithInlinePlots() throws {
        let (harness, folder) = try Self.session()
        #expect(harness.run("export notebook nb.html") == ["exported the notebook (5 commands) to nb.html"])
        let html = try String(contentsOfFile: folder + "/nb.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<p>XOR &lt;b&gt;bold&lt;/b&gt; &amp; friends</p>"))
        #expect(html.contains("<b>train 20 lr=2 batch=4</b>"))
        #expect(html.contains("<figure><svg"))
        #expect(html.contains("error: unknown command &#39;trian&#39;") || html.contains("error: unknown command 'trian'"))
        #expect(!html.contains("src=\"http"))
    }

    @Test func markdownKeepsPlotsBesideIt() throws {
        let (harness, folder) = try Self.session()
        harness.run("export notebook nb.md")
        let markdown = try String(contentsOfFile: folder + "/nb.md", encoding: .utf8)
        #expect(markdown.contains("```\nbp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n```"))
        #expect(markdown.contains("![plot 1](nb-plot-1.svg)"))
        let svg = try String(contentsOfFile: folder + "/nb-plot-1.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg"))
        #expect(harness.run("export notebook nb.md").first == "error: export: nb.md exists; add overwrite=yes to replace it")
        #expect(harness.run("export notebook nb.txt").first?.contains("a notebook is .md, .html or .ipynb") == true)
    }
}

/// Notebooks when gnuplot is missing or a plot failed, and plot files that exist.
@Suite struct NotebookPlotTests {
    @Test func missingGnuplotLeavesPlotsOutWithANote() throws {
        let (harness, folder) = try NotebookTests.session()
        harness.session.gnuplot = GnuplotProcess(binary: "/nonexistent/gnuplot")
        let output = harness.run("export notebook nb.md")
        #expect(output.first == "exported the notebook (5 commands) to nb.md")
        #expect(output.last?.hasPrefix("note: 1 plot left out") == true, "\(output)")
        let markdown = try String(contentsOfFile: folder + "/nb.md", encoding: .utf8)
        #expect(markdown.contains("*(plot omitted: "))
        #expect(markdown.contains("bp> plot loss\n"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/nb-plot-1.svg"))
        harness.run("export notebook nb.html")
        #expect(try String(contentsOfFile: folder + "/nb.html", encoding: .utf8).contains("<p class=\"note\">(plot omitted: "))
    }

    /// A plot command that failed leaves no plot behind for the notebook.
    @Test func failedPlotsAreNotDrawn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-nb-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.session.gnuplot = GnuplotProcess(binary: "/nonexistent/gnuplot")
        harness.run(["data xor", "net 2 2 1", "train 3"])
        #expect(harness.run("plot loss").first?.hasPrefix("error: plot:") == true)
        #expect(harness.session.recordedPlots.isEmpty)
        harness.session.gnuplot = GnuplotProcess()
        #expect(harness.run("export notebook nb.html") == ["exported the notebook (4 commands) to nb.html"])
        #expect(try !String(contentsOfFile: folder + "/nb.html", encoding: .utf8).contains("<figure>"))
    }

    /// The first command of a session comes after a directory line in the
    /// record; its plot still belongs to it (`bplab -c "plot activation tanh;
    /// export notebook n.md"` wrote no svg).
    @Test func aFirstCommandKeepsItsPlot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-nb-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("plot activation tanh; export notebook n.md")
        let markdown = try String(contentsOfFile: folder + "/n.md", encoding: .utf8)
        #expect(markdown.contains("![plot 1](n-plot-1.svg)"), "\(markdown)")
        #expect(try String(contentsOfFile: folder + "/n-plot-1.svg", encoding: .utf8).hasPrefix("<svg"))
    }

    @Test func markdownPlotFilesAreNotOverwritten() throws {
        let (harness, folder) = try NotebookTests.session()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "mine".write(toFile: folder + "/nb-plot-1.svg", atomically: true, encoding: .utf8)
        #expect(harness.run("export notebook nb.md") == ["error: export: nb-plot-1.svg exists; add overwrite=yes to replace it"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/nb.md"))
        #expect(try String(contentsOfFile: folder + "/nb-plot-1.svg", encoding: .utf8) == "mine")
        #expect(harness.run("export notebook nb.md overwrite=yes").first == "exported the notebook (6 commands) to nb.md")
        #expect(try String(contentsOfFile: folder + "/nb-plot-1.svg", encoding: .utf8).hasPrefix("<svg"))
    }

    @Test func outputCannotCloseAMarkdownFence() {
        #expect(NotebookExport.fence(for: ["plain"]) == "```")
        #expect(NotebookExport.fence(for: ["a ```` b", "``"]) == "`````")
    }
}

/// The HTML notebook in a real browser: headless Chromium (from apt, when
/// installed) renders it to a screenshot that is not blank and logs no errors.
@Suite struct NotebookBrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: chromium != nil)) func rendersInHeadlessChromium() throws {
        let (harness, folder) = try NotebookTests.session()
        harness.run("export notebook nb.html")
        let shot = folder + "/nb.png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                             "--screenshot=\(shot)", "--window-size=1000,1400", "file://\(folder)/nb.html"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        // A blank white page compresses to a few kilobytes; text, code and a plot do not.
        #expect(png.count > 40_000, "screenshot of \(png.count) bytes looks blank")
        #expect(!log.contains("CONSOLE") && !log.contains("Uncaught"), "console messages: \(log)")
    }
}
