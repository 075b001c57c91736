import Foundation
import Testing
@testable import Lab

@Suite struct TranscriptTests {
    static let sessionsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sessions")

    static var lessons: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sessionsFolder.path)) ?? [])
            .filter { $0.hasSuffix(".bpl") }.sorted()
    }

    /// Every transcript shipped in sessions/ replays with identical output.
    @Test(arguments: lessons)
    func lessonReplaysIdentically(_ name: String) throws {
        let harness = SessionHarness(baseDirectory: Self.sessionsFolder.path)
        let result = try Replay.run(file: Self.sessionsFolder.appendingPathComponent(name).path, in: harness.session, mode: .check)
        #expect(result.commands > 0)
        #expect(result.differences == 0)
        #expect(result.problems.isEmpty)
    }

    @Test func lessonsExist() {
        for lesson in ["xor.bpl", "chain-rule.bpl", "deep.bpl"] {
            #expect(Self.lessons.contains(lesson))
        }
    }

    @Test func parseAndRenderRoundTrip() {
        let text = """
            # prose
            bp> data xor
            data xor: 4 samples

            # more prose
            bp> eval
            line one

            line three

            """
        let transcript = Transcript(parsing: text)
        #expect(transcript.commands.map(\.command) == ["data xor", "eval"])
        #expect(transcript.commands[1].output == ["line one", "", "line three"])
        #expect(transcript.commands[1].line == 6)
        #expect(Transcript(parsing: transcript.render()) == transcript)
    }

    @Test func malformedTranscriptsReplayWhatTheyCan() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-tr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("bad.bpl")
        try "junk\u{1}\nbp> data xor\nwrong output\nbp> trian\nerror: unknown command 'trian' (did you mean 'train'?); type help for the list\nbp> net 2 2".write(to: file, atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder.path)
        let result = try Replay.run(file: file.path, in: harness.session, mode: .check)
        #expect(result.commands == 3)
        #expect(result.differences == 2)  // the wrong output and the truncated last command; the expected error matches
        #expect(result.problems == ["line 1: text outside any command: 'junk'"])
        #expect(harness.session.state.network != nil)
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: file)
        #expect(throws: LabError.self) { try Replay.run(file: file.path, in: harness.session, mode: .check) }
    }

    @Test func saveSessionWritesAReplayableTranscript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-save-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["# a note", "data xor", "net 2 2:sigmoid 1:sigmoid", "grad w1[1,1]"])
        #expect(harness.run("save session demo") == ["saved 3 commands to sessions/demo.bpl"])
        #expect(harness.run("save session demo").first == "error: save: sessions/demo.bpl exists; add overwrite=yes to replace it")
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try Replay.run(file: folder + "/sessions/demo.bpl", in: fresh.session, mode: .check)
        #expect(result.commands == 3 && result.differences == 0)
    }

    @Test func stepModeWaitsAndStopsOnQ() throws {
        let harness = SessionHarness(baseDirectory: Self.sessionsFolder.path)
        var keys = ["", "", "q"]
        let result = try Replay.run(file: Self.sessionsFolder.appendingPathComponent("xor.bpl").path, in: harness.session,
                                    mode: .step, nextKey: { keys.isEmpty ? nil : keys.removeFirst() })
        #expect(result.stopped)
        #expect(result.commands == 2)
    }

    @Test func unifiedDiff() {
        let diff = LineDiff.unified(expected: ["a", "b", "c"], actual: ["a", "x", "c"])
        #expect(diff == ["--- recorded", "+++ replayed", "@@ -1,3 +1,3 @@", " a", "-b", "+x", " c"])
        #expect(LineDiff.unified(expected: ["same"], actual: ["same"]).isEmpty)
    }

    @Test func modelFilesRoundTripThroughCommands() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-model-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 3:tanh 1:sigmoid", "train 10 lr=0.5"])
        let trained = harness.session.state.network
        harness.run("save model m.json")
        harness.run("net 2 1")
        harness.run("load model m.json")
        #expect(harness.session.state.network?.parameters == trained?.parameters)
        try "{ not json".write(toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
        #expect(harness.run("load model bad.json").first?.contains("malformed model file: not valid JSON") == true)
    }
}
