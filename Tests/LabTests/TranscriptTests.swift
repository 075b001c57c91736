import Foundation
import Testing
@testable import Lab
import TestSupport

@Suite struct TranscriptTests {
    static let sessionsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sessions")

    static var lessons: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sessionsFolder.path)) ?? [])
            .filter { $0.hasSuffix(".bpl") }.sorted()
    }

    /// The lessons and their data: what `copyOfSessions` copies. (Files a
    /// `replay --check` of a lesson wrote into sessions/ are not among them.)
    static func isShipped(_ name: String) -> Bool { name.hasSuffix(".bpl") || name == "data" }

    /// A copy of sessions/ (lessons and data) in a fresh temporary folder, so
    /// the files lessons write land there and not in the source tree.
    static func copyOfSessions() throws -> String {
        let folder = try Support.temporaryDirectory("lessons").path
        for name in try FileManager.default.contentsOfDirectory(atPath: sessionsFolder.path) where isShipped(name) {
            try FileManager.default.copyItem(atPath: sessionsFolder.appendingPathComponent(name).path, toPath: folder + "/" + name)
        }
        return folder
    }

    /// The files a replay wrote into `folder` (everything but the copied lessons and data).
    static func writtenFiles(in folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder) where !isShipped(name.components(separatedBy: "/")[0]) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            }
        }
        return files
    }

    /// Every transcript shipped in sessions/ replays with identical output,
    /// and a check of it changes nothing: replayed in place, it writes its
    /// files (SVG, .gp) beside it; then, its folder made read-only, a check
    /// writes them into a scratch folder, finds them byte for byte the same,
    /// and leaves the folder exactly as it was.
    @Test(arguments: lessons)
    func lessonReplaysIdentically(_ name: String) throws {
        let folder = try Self.copyOfSessions()
        defer { chmod(folder, 0o755) }
        let shown = SessionHarness(baseDirectory: folder)
        _ = try withExtendedLifetime(shown) { try Replay.run(file: folder + "/" + name, in: shown.session, mode: .show) }
        #expect(!shown.output.contains { $0.hasPrefix("error:") } || name == "deep.bpl", "\(shown.output)")
        let written = try Self.writtenFiles(in: folder)
        let listing = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
        #expect(chmod(folder, 0o555) == 0)
        for _ in 0..<2 {
            let harness = SessionHarness(baseDirectory: folder)
            let result = try withExtendedLifetime(harness) { try Replay.run(file: folder + "/" + name, in: harness.session, mode: .check) }
            #expect(result.commands > 0)
            #expect(result.differences == 0, "\(harness.output)")
            #expect(result.problems.isEmpty)
        }
        #expect(try Self.writtenFiles(in: folder) == written, "a check changed the files beside the transcript")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() == listing)
    }

    /// A check compares the files it writes with those beside the transcript: one changed there is a difference.
    @Test func aCheckFindsAnExportThatDiffers() throws {
        let folder = try Self.copyOfSessions()
        let harness = SessionHarness(baseDirectory: folder)
        _ = try withExtendedLifetime(harness) { try Replay.run(file: folder + "/xor.bpl", in: harness.session, mode: .show) }
        try "<svg>changed</svg>\n".write(toFile: folder + "/xor-boundary.svg", atomically: true, encoding: .utf8)
        let checker = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(checker) { try Replay.run(file: folder + "/xor.bpl", in: checker.session, mode: .check) }
        #expect(result.differences == 1)
        #expect(checker.output.contains("xor-boundary.svg: the file beside the transcript differs from the one the replay wrote"))
        #expect(try String(contentsOfFile: folder + "/xor-boundary.svg", encoding: .utf8) == "<svg>changed</svg>\n")
    }

    /// The xor lesson exports its boundary as SVG and as a gnuplot script, so the suite checks both.
    @Test func xorLessonExportsSVGAndGnuplotFiles() throws {
        let folder = try Self.copyOfSessions()
        let harness = SessionHarness(baseDirectory: folder)
        _ = try withExtendedLifetime(harness) { try Replay.run(file: folder + "/xor.bpl", in: harness.session, mode: .show) }
        let files = try Self.writtenFiles(in: folder)
        #expect(files.keys.sorted() == ["xor-boundary.gp", "xor-boundary.svg"])
        let svg = String(decoding: files["xor-boundary.svg"] ?? Data(), as: UTF8.self)
        #expect(svg.contains("<svg") && svg.contains("width=\"640\" height=\"480\"") && svg.hasSuffix("</svg>\n\n"))
        let script = String(decoding: files["xor-boundary.gp"] ?? Data(), as: UTF8.self)
        #expect(script.contains("set output 'xor-boundary.png'"))
        #expect(!script.contains(folder))  // no machine paths
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
        let transcript = Transcript(parsing: Data(text.utf8))
        #expect(transcript.commands.map(\.command) == ["data xor", "eval"])
        #expect(transcript.commands[1].output == ["line one", "", "line three"])
        #expect(transcript.commands[1].line == 6)
        #expect(Transcript(parsing: Data(transcript.render().utf8)) == transcript)
    }

    @Test func malformedTranscriptsReplayWhatTheyCan() throws {
        let folder = try Support.temporaryDirectory("tr")
        let file = folder.appendingPathComponent("bad.bpl")
        try "junk\u{1}\nbp> data xor\nwrong output\nbp> trian\nerror: unknown command 'trian' (did you mean 'train'?); type help for the list\nbp> net 2 2".write(to: file, atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder.path)
        let result = try Replay.run(file: file.path, in: harness.session, mode: .check)
        #expect(result.commands == 3)
        #expect(result.differences == 2)  // the wrong output and the truncated last command; the expected error matches
        #expect(result.problems == ["line 1: text outside any command: 'junk\\u{1}'"])
        #expect(harness.session.state.network != nil)
        try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: file)
        #expect(throws: LabError.self) { try Replay.run(file: file.path, in: harness.session, mode: .check) }
    }

    /// Output lines starting `bp>`, `#` or `\\` are written with a backslash and
    /// read back without it: no output can become a command or prose.
    @Test func outputCannotForgeCommandsOrProse() {
        let output = ["bp> reset", "bp>", "# not prose", "\\ a backslash", "plain", "bp reset"]
        let transcript = Transcript(entries: [.prose("# note"), .command("eval", line: 2, output: output),
                                              .command("a\nbp> reset", line: 3, output: ["x\r\nbp> quit"])])
        let text = transcript.render()
        #expect(text == "# note\nbp> eval\n\\bp> reset\n\\bp>\n\\# not prose\n\\\\ a backslash\nplain\nbp reset\n"
                + "bp> a\\nbp> reset\nx\n\\bp> quit\n")
        let parsed = Transcript(parsing: Data(text.utf8))
        #expect(parsed.commands.map(\.command) == ["eval", "a\\nbp> reset"])
        #expect(parsed.commands[0].output == output)
        #expect(parsed.entries.filter { if case .prose = $0 { return true } else { return false } } == [.prose("# note")])
        // A file written by hand with an unescaped backslash line keeps working.
        #expect(Transcript(parsing: Data("bp> eval\n\\\\x\n".utf8)).commands[0].output == ["\\x"])
    }

    /// A CSV class name holding a newline and a command: shown escaped, saved
    /// without a forged command, replayed with check.
    @Test func csvNamesCannotInjectCommands() throws {
        let folder = try Support.temporaryDirectory("inject").path
        try "x1,x2,cls\n0,0,\"a\nbp> reset\"\n1,1,b\n0,1,b\n1,0,\"# a\rb\"\n".write(toFile: folder + "/inj.csv", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("load inj.csv target=cls test=0")
        // Kept as written (so a saved model holds the real names), escaped where shown.
        #expect(harness.session.state.data?.train.classNames == ["# a\rb", "a\nbp> reset", "b"])
        let shown = harness.run("show data")
        #expect(shown.contains("class # a\\rb: 1, class a\\nbp> reset: 1, class b: 2"), "\(shown)")
        #expect(!shown.contains { $0.unicodeScalars.contains { $0.value < 0x20 } })
        harness.run(["net 2 2:tanh 3:softmax", "predict 0 0", "show network", "save session inj"])
        let parsed = Transcript(parsing: try Data(contentsOf: URL(fileURLWithPath: folder + "/sessions/inj.bpl")))
        #expect(parsed.commands.map(\.command) == ["load inj.csv target=cls test=0", "show data", "net 2 2:tanh 3:softmax", "predict 0 0", "show network"])
        #expect(parsed.commands.flatMap(\.output).allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } })
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/inj.bpl", in: fresh.session, mode: .check) }
        #expect(result.commands == 5 && result.differences == 0)
    }

    /// Lines that are not UTF-8 are reported; the rest replays.
    @Test func binaryLinesAreReportedAndSkipped() throws {
        let folder = try Support.temporaryDirectory("bin")
        var bytes = Data("bp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n".utf8)
        bytes += Data("bp> net 2 2 1\u{1}".utf8) + Data([0xFF, 0xFE, 0x0A])
        bytes += Data([0x80, 0x81, 0x0A]) + Data("bp> eval\ntrain:  loss 0.12".utf8)
        try bytes.write(to: folder.appendingPathComponent("mixed.bpl"))
        let harness = SessionHarness(baseDirectory: folder.path)
        let result = try Replay.run(file: folder.appendingPathComponent("mixed.bpl").path, in: harness.session, mode: .check)
        #expect(result.problems == ["line 3: not UTF-8 text (bad bytes shown as \u{FFFD}); the command is skipped",
                                    "line 4: not UTF-8 text (bad bytes shown as \u{FFFD})"])
        #expect(result.commands == 2)  // data xor, eval; eval fails (no network) and so differs
        #expect(result.differences == 1)
        #expect(harness.session.state.data != nil && harness.session.state.network == nil)
    }

    @Test func directoryLinesRoundTrip() {
        let transcript = Transcript(entries: [.directory("/a/b"), .command("eval", line: 1, output: []),
                                              .directory("/a/b"), .command("eval", line: 2, output: []),
                                              .directory("/a/c/d"), .command("eval", line: 3, output: [])])
        let text = transcript.render(relativeTo: "/a/b")
        #expect(text == "bp> eval\nbp> eval\n\n\(Transcript.directoryPrefix)../c/d\nbp> eval\n")
        #expect(Transcript(parsing: Data(text.utf8)).entries.contains(.directory("../c/d")))
        #expect(Paths.relativePath(from: "/x/sessions", to: "/x") == "..")
        #expect(Paths.relativePath(from: "/x", to: "/y/z") == "/y/z")
    }

    @Test func saveSessionWritesAReplayableTranscript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-save-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["# a note", "data xor", "net 2 2:sigmoid 1:sigmoid", "grad w1[1,1]"])
        #expect(harness.run("save session demo") == ["saved 3 commands to sessions/demo.bpl"])
        #expect(harness.run("save session demo").first == "error: save: sessions/demo.bpl exists; add overwrite=yes to replace it")
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/demo.bpl", in: fresh.session, mode: .check) }
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

    /// Only Enter runs a command (another key asks again), and stopping at a
    /// command leaves its prose out of the record: nothing dangles after the last command run.
    @Test func stepModeRunsOnlyOnEnterAndStopsCleanly() throws {
        let folder = try Support.temporaryDirectory("step").path
        try Data("# first note\nbp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n# the next note\nbp> reset\nreset: no network, no data, default settings\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/two.bpl"))
        let harness = SessionHarness(baseDirectory: folder)
        var keys = ["x", "", "y", "q"]
        let result = try Replay.run(file: folder + "/two.bpl", in: harness.session, mode: .step,
                                    nextKey: { keys.isEmpty ? nil : keys.removeFirst() })
        #expect(result.stopped && result.commands == 1 && keys.isEmpty)
        #expect(harness.session.state.data != nil, "reset must not have run")
        let hint = "Enter runs this command, q stops the replay   [Enter: run, q: stop]"
        #expect(harness.output == ["# first note", "bp> data xor   [Enter: run, q: stop]", hint, "data xor: 4 samples, 2 inputs → 1 target",
                                   "# the next note", "bp> reset   [Enter: run, q: stop]", hint, "replay stopped before line 5"])
        let prose = harness.session.record.entries.compactMap { if case let .prose(line) = $0 { line } else { nil } }
        #expect(prose == ["# first note"])
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
