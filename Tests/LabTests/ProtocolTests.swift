import Foundation
import Testing
@testable import Lab

/// The machine protocol (docs/protocol.md) driven in-process: one request
/// at a time, the JSON it sends back parsed.
final class ProtocolHarness: @unchecked Sendable {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-protocol-\(UUID().uuidString)").path
    private(set) var sent: [[String: Any]] = []
    private(set) var server: ProtocolServer!

    init() {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        server = ProtocolServer(baseDirectory: folder, interrupt: Interrupt()) { [unowned self] line in
            sent.append((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": line])
        }
    }

    /// The messages sent for `request`, its reply last; and whether the server goes on.
    @discardableResult
    func answer(_ request: String) -> (messages: [[String: Any]], goesOn: Bool) {
        sent = []
        let goesOn = server.answer(request)
        return (sent, goesOn)
    }

    func run(_ code: String, plots: String = "") -> [[String: Any]] {
        let data = try! JSONSerialization.data(withJSONObject: ["code": code])
        let fields = String(decoding: data, as: UTF8.self).dropFirst().dropLast()
        return answer(#"{"id":7,"op":"run",\#(fields)\#(plots.isEmpty ? "" : "," + plots)}"#).messages
    }

    static func texts(_ message: [String: Any]) -> [String] {
        ((message["output"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
    }
}

@Suite struct ProtocolTests {
    @Test func greetsWithItsVersion() {
        let harness = ProtocolHarness()
        harness.server.serve(programVersion: "9.9") { nil }
        #expect(harness.sent.count == 1)
        #expect(harness.sent[0]["type"] as? String == "hello" && harness.sent[0]["version"] as? Int == ProtocolServer.version)
        #expect(harness.sent[0]["bplab"] as? String == "9.9")
    }

    @Test func aCellReportsEachCommandAndStopsAtItsFirstError() {
        let harness = ProtocolHarness()
        let messages = harness.run("data xor; net 2 2:sigmoid 1:sigmoid\n\ntrian\nshow net")
        #expect(messages.map { $0["type"] as? String } == ["command", "command", "command", "reply"])
        #expect(messages.map { $0["id"] as? Int } == [7, 7, 7, 7])
        #expect(messages.prefix(3).map { $0["command"] as? String } == ["data xor", "net 2 2:sigmoid 1:sigmoid", "trian"])
        #expect(messages.prefix(3).map { $0["column"] as? Int } == [1, 11, 1])
        #expect(messages.prefix(3).map { $0["line"] as? Int } == [1, 1, 3])
        #expect(ProtocolHarness.texts(messages[0]) == ["data xor: 4 samples, 2 inputs → 1 target\n"])
        #expect(messages[2]["status"] as? String == "error" && ProtocolHarness.texts(messages[2]).isEmpty)
        let error = messages[2]["error"] as? [String: Any]
        #expect(error?["message"] as? String == "unknown command 'trian' (did you mean 'train'?); type help for the list")
        #expect(error?["line"] as? Int == 3)
        let reply = messages[3]
        #expect(reply["status"] as? String == "error" && reply["skipped_lines"] as? Int == 1 && reply["commands"] as? Int == 3)
        // The error was recorded as the session's own output, as typed.
        #expect(harness.server.session.record.commands.last?.output.last?.hasPrefix("error: unknown command") == true)
    }

    @Test func plotsComeAsPicturesWithTheirTextAndWriteNoFile() throws {
        let harness = ProtocolHarness()
        let messages = harness.run("plot activation tanh", plots: #""plots":{"formats":["png","svg"],"width":300,"height":200}"#)
        let part = try #require((messages[0]["output"] as? [[String: Any]])?.first?["plot"] as? [String: Any])
        #expect((part["text"] as? String)?.contains("tanh") == true)
        let png = try #require(Data(base64Encoded: part["png"] as? String ?? ""))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        #expect((part["svg"] as? String)?.hasPrefix("<svg") == true && (part["svg"] as? String)?.contains("width=\"300\"") == true)
        #expect(part["width"] as? Int == 300 && part["height"] as? Int == 200)
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.folder).isEmpty)
        // Without a picture format only the text form comes.
        let text = try #require((harness.run("plot activation relu")[0]["output"] as? [[String: Any]])?.first?["plot"] as? [String: Any])
        #expect(text["png"] == nil && (text["text"] as? String)?.isEmpty == false)
    }

    /// A plot the command itself writes to a file is also given as a picture.
    @Test func aPlotWrittenToAFileComesAsAPictureToo() throws {
        let harness = ProtocolHarness()
        let messages = harness.run("set terminal svg\nplot activation tanh", plots: #""plots":{"formats":["png"]}"#)
        let parts = try #require(messages[1]["output"] as? [[String: Any]])
        #expect(parts.first?["text"] as? String == "plot activation written to plots/activation-1.svg\n")
        #expect((parts.last?["plot"] as? [String: Any])?["png"] != nil)
        #expect(FileManager.default.fileExists(atPath: harness.folder + "/plots/activation-1.svg"))
    }

    @Test func completesAsTheREPLDoes() {
        let harness = ProtocolHarness()
        let reply = harness.answer(##"{"op":"complete","code":"# é\ntrain 10 l","cursor":14}"##).messages[0]
        #expect(reply["matches"] as? [String] == ["lr=", "l1=", "l2=", "live="])
        #expect(reply["cursor_start"] as? Int == 13 && reply["cursor_end"] as? Int == 14)
        let middle = harness.answer(#"{"op":"complete","code":"tra lr=1","cursor":3}"#).messages[0]
        #expect(middle["matches"] as? [String] == ["train"] && middle["cursor_start"] as? Int == 0)
        let value = harness.answer(#"{"op":"complete","code":"set opt="}"#).messages[0]
        #expect(value["cursor_start"] as? Int == 8 && (value["matches"] as? [String])?.contains("adam") == true)
    }

    @Test func inspectGivesTheHelpOfTheCommandAtTheCursor() {
        let harness = ProtocolHarness()
        func help(_ code: String, _ cursor: Int? = nil) -> String? {
            let cursorField = cursor.map { ",\"cursor\":\($0)" } ?? ""
            return harness.answer(#"{"op":"inspect","code":"\#(code)"\#(cursorField)}"#).messages[0]["text"] as? String
        }
        #expect(help("plot loss", 7)?.hasPrefix("usage: plot loss") == true)  // loss is a command too, but plot's argument here
        #expect(help("help loss")?.hasPrefix("usage: loss") == true)
        #expect(help("data xor; train 10", 12)?.hasPrefix("usage: train") == true)
        #expect(help("data xor\\nnet 2 1", 3)?.hasPrefix("usage: data") == true)
        #expect(harness.answer(#"{"op":"inspect","code":"xyz"}"#).messages[0]["found"] as? Bool == false)
    }

    /// Completion and help leave nothing in the session: history and the record hold the cells' lines only.
    @Test func onlyTheCellsAreRecorded() {
        let harness = ProtocolHarness()
        harness.run("data xor")
        harness.answer(#"{"op":"complete","code":"net 2 4:ta"}"#)
        harness.answer(#"{"op":"inspect","code":"train"}"#)
        harness.run("net 2 2:sigmoid 1:sigmoid; eval")
        #expect(harness.server.session.lineHistory == ["data xor", "net 2 2:sigmoid 1:sigmoid; eval"])
        #expect(harness.server.session.record.commands.map(\.command) == ["data xor", "net 2 2:sigmoid 1:sigmoid", "eval"])
    }

    @Test func badRequestsAreRefusedAndTheServerGoesOn() {
        let harness = ProtocolHarness()
        let cases = [
            ("junk", "not a request: not a JSON object"),
            (#"{"id":3}"#, "not a request: 'op' is missing"),
            (#"{"op":"run"}"#, "run needs code"),
            (#"{"op":"run","code":"eval","plots":{"formats":["gif"]}}"#, "plots: 'gif' is not a picture format (png, svg)"),
            (#"{"op":"run","code":"eval","plots":{"formats":["png"],"width":20}}"#, "plots: width and height are pixels, each 50…10000"),
            (#"{"id":"x","op":"fly"}"#, "unknown op 'fly' (run, complete, inspect, shutdown)"),
        ]
        for (request, message) in cases {
            let (messages, goesOn) = harness.answer(request)
            #expect(messages.count == 1 && goesOn)
            #expect(messages[0]["status"] as? String == "invalid")
            #expect((messages[0]["error"] as? [String: Any])?["message"] as? String == message, "\(request)")
        }
        #expect(harness.answer(#"{"id":"x","op":"fly"}"#).messages[0]["id"] as? String == "x")
        #expect(harness.server.session.lineHistory.isEmpty)
    }

    @Test func quitAndShutdownEndTheServer() {
        let harness = ProtocolHarness()
        let (messages, goesOn) = harness.answer(#"{"op":"run","code":"quit\ndata xor"}"#)
        #expect(!goesOn && messages.last?["closing"] as? Bool == true && messages.last?["status"] as? String == "ok")
        let (shutdown, ends) = ProtocolHarness().answer(#"{"op":"shutdown"}"#)
        #expect(!ends && shutdown[0]["closing"] as? Bool == true)
    }

    /// Lines from a pipe: a line over the limit is skipped whole, and said so.
    @Test func inputSkipsLinesOverTheLimit() throws {
        let pipe = Pipe()
        try pipe.fileHandleForWriting.write(contentsOf: Data(("a\n" + String(repeating: "x", count: 100) + "\nb").utf8))
        try pipe.fileHandleForWriting.close()
        var input = ProtocolInput(descriptor: pipe.fileHandleForReading.fileDescriptor, limit: 10)
        #expect(input.next() == .text("a"))
        #expect(input.next() == .tooLong(limit: 10))
        #expect(input.next() == .text("b"))
        #expect(input.next() == nil)
    }
}
