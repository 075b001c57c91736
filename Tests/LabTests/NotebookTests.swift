import Foundation
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
        #expect(harness.run("export notebook nb.txt").first?.contains("a notebook is .md or .html") == true)
    }
}
