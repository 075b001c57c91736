import Foundation
import Gnuplot
import Testing
@testable import Lab

/// `export notebook FILE.ipynb`: nbformat 4.5 for the bplab kernel, written
/// as Jupyter writes it (kernel/tests validates it with nbformat and runs it).
@Suite(.serialized) struct JupyterNotebookTests {
    static func notebook(_ harness: SessionHarness, _ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/nb.ipynb"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func codeCells(_ notebook: [String: Any]) -> [[String: Any]] {
        ((notebook["cells"] as? [[String: Any]]) ?? []).filter { $0["cell_type"] as? String == "code" }
    }

    @Test func commandsAreCodeCellsWithTheirOutputs() throws {
        let (harness, folder) = try NotebookTests.session()
        #expect(harness.run("export notebook nb.ipynb") == ["exported the notebook (5 commands) to nb.ipynb"])
        let notebook = try Self.notebook(harness, folder)
        #expect(notebook["nbformat"] as? Int == 4 && notebook["nbformat_minor"] as? Int == 5)
        let kernelspec = (notebook["metadata"] as? [String: Any])?["kernelspec"] as? [String: String]
        #expect(kernelspec?["name"] == "bplab")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["id"] as? String } == (1...cells.count).map { "cell-\($0)" })
        #expect(cells[0]["source"] as? [String] == ["# nb"])
        #expect(cells[1]["source"] as? [String] == ["XOR <b>bold</b> & friends"])
        let code = Self.codeCells(notebook)
        #expect(code.map { $0["source"] as? [String] ?? [] } == [["data xor"], ["net 2 2:sigmoid 1:sigmoid"],
                                                                   ["train 20 lr=2 batch=4"], ["plot loss"], ["trian"]])
        #expect(code.map { $0["execution_count"] as? Int } == [1, 2, 3, 4, 5])
        let first = (code[0]["outputs"] as? [[String: Any]])?.first
        #expect(first?["output_type"] as? String == "stream" && first?["text"] as? [String] == ["data xor: 4 samples, 2 inputs → 1 target\n"])
        let plot = try #require((code[3]["outputs"] as? [[String: Any]])?.first)
        let data = try #require(plot["data"] as? [String: Any])
        #expect(plot["output_type"] as? String == "display_data")
        #expect(Set(data.keys) == ["image/png", "image/svg+xml", "text/plain"])
        #expect(Data(base64Encoded: data["image/png"] as? String ?? "")?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect((data["image/svg+xml"] as? [String])?.first?.hasPrefix("<svg") == true)
        let error = try #require((code[4]["outputs"] as? [[String: Any]])?.first)
        #expect(error["output_type"] as? String == "error")
        #expect(error["traceback"] as? [String] == ["error: unknown command 'trian' (did you mean 'train'?); type help for the list"])
        #expect((code[4]["metadata"] as? [String: [String]])?["tags"] == ["raises-exception"])
    }

    @Test func aPlotGnuplotCannotDrawKeepsItsText() throws {
        let (harness, folder) = try NotebookTests.session()
        harness.session.gnuplot = GnuplotProcess(binary: "/nonexistent/gnuplot")
        let output = harness.run("export notebook nb.ipynb")
        #expect(output.first == "exported the notebook (5 commands) to nb.ipynb")
        #expect(output.last?.hasPrefix("note: 1 plot kept as text only") == true, "\(output)")
        let plot = try #require((Self.codeCells(try Self.notebook(harness, folder))[3]["outputs"] as? [[String: Any]])?.first)
        #expect(plot["output_type"] as? String == "stream")
        #expect((plot["text"] as? [String])?.contains { $0.contains("loss") } == true)
    }

    /// The same session writes the same bytes, wherever it ran: no random ids, no times, no folders.
    @Test func exportsAreByteForByteTheSame() throws {
        let files = try (0..<2).map { _ in
            let (harness, folder) = try NotebookTests.session()
            harness.run("export notebook nb.ipynb")
            return try Data(contentsOf: URL(fileURLWithPath: folder + "/nb.ipynb"))
        }
        #expect(files[0] == files[1])
    }

    /// Python's `json.dumps(indent=1, sort_keys=True, ensure_ascii=False)` and `splitlines(keepends=True)`.
    @Test func jsonIsWrittenAsNbformatWritesIt() {
        let value = NotebookJSON.object(["b": .array([]), "a": .object([:]), "é": .number(1), "c": .array([.string("x\"\\\u{01}\t")])])
        #expect(value.rendered() == "{\n \"a\": {},\n \"b\": [],\n \"c\": [\n  \"x\\\"\\\\\\u0001\\t\"\n ],\n \"é\": 1\n}")
        #expect(NotebookJSON.lines("a\nb") == .array([.string("a\n"), .string("b")]))
        #expect(NotebookJSON.lines("a\r\nb\rc\u{0C}d\n") == .array(["a\r\n", "b\r", "c\u{0C}", "d\n"].map(NotebookJSON.string)))
        #expect(NotebookJSON.lines("") == .array([]))
    }
}
