import Foundation
import Testing
@testable import Lab
import TestSupport

/// Replays inside sessions, saving what was replayed, and transcripts that
/// write files: each checked by replaying the saved transcript again.
@Suite struct ReplayTests {
    static func folder(_ name: String) throws -> String {
        let folder = try Support.temporaryDirectory(name).path
        return folder
    }

    static func parse(_ path: String) throws -> Transcript {
        Transcript(parsing: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func prose(_ transcript: Transcript) -> [String] {
        transcript.entries.compactMap { if case .prose(let line) = $0 { return line } else { return nil } }
    }

    /// `replay xor.bpl; eval; save session s`: the saved session is xor's
    /// commands, outputs and prose, then eval — no `replay` line holding
    /// `bp>` lines — and it replays with check; a notebook shows every plot.
    @Test func nestedReplayRecordsTheReplayedEntries() throws {
        let folder = try Self.folder("nested")
        let lesson = TranscriptTests.sessionsFolder.appendingPathComponent("xor.bpl").path
        try FileManager.default.copyItem(atPath: lesson, toPath: folder + "/xor.bpl")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("replay xor.bpl; eval; save session s")
        let xor = try Self.parse(lesson), saved = try Self.parse(folder + "/sessions/s.bpl")
        #expect(saved.commands.map(\.command) == xor.commands.map(\.command) + ["eval"])
        #expect(saved.commands.dropLast().map(\.output) == xor.commands.map(\.output))
        #expect(Self.prose(saved) == Self.prose(xor))
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/s.bpl", in: fresh.session, mode: .check) }
        #expect(result.commands == xor.commands.count + 1 && result.differences == 0 && result.problems.isEmpty)
        harness.run("export notebook nb.html")
        let html = try String(contentsOfFile: folder + "/nb.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<figure>").count - 1 == 2)  // plot boundary and plot loss
        #expect(html.contains("<p>Lesson: XOR"))
        #expect(html.contains("<b>eval</b>"))
    }

    /// A replay check that finds differences fails, so the session is put
    /// back — and its record too: only the failed `replay` line is kept.
    @Test func failedReplayCheckLeavesNoReplayedEntries() throws {
        let folder = try Self.folder("rollback")
        try "bp> data xor\nnot what it prints\n".write(toFile: folder + "/bad.bpl", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder)
        let output = harness.run("replay bad.bpl check")
        #expect(output.last == "error: replay: 1 of 1 output differ from the recording")
        #expect(harness.session.state.data == nil)
        #expect(harness.session.record.commands.map(\.command) == ["replay bad.bpl check"])
    }

    /// A tab typed in a command is a blank: the saved session holds a space
    /// there (not an escaped `\t`, which would be a different word), so it
    /// replays with check — and so does the journal, which renders the same way.
    @Test func tabsInCommandsReplay() throws {
        let folder = try Self.folder("tab")
        let harness = SessionHarness(baseDirectory: folder)
        var journal: [Transcript.Entry] = []
        harness.session.onRecord = { journal += $0 }
        harness.run(["data xor", "net 2\t3:tanh 1:sigmoid", "save session tab"])
        let text = try String(contentsOfFile: folder + "/sessions/tab.bpl", encoding: .utf8)
        #expect(text.contains("bp> net 2 3:tanh 1:sigmoid\n"), "\(text)")
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/tab.bpl", in: fresh.session, mode: .check) }
        #expect(result.commands == 2 && result.differences == 0)
        let restored = Transcript(parsing: Data(Transcript(entries: journal).render().utf8))
        #expect(restored.commands.map(\.command).contains("net 2 3:tanh 1:sigmoid"))
    }

    /// The journal gets exactly the record: a replay's entries are passed on
    /// once the replay succeeded, and never when it failed (the record drops them).
    @Test func journalFollowsTheRecordAfterReplays() throws {
        let folder = try Self.folder("journal")
        try "bp> data xor\nnot what it prints\n".write(toFile: folder + "/bad.bpl", atomically: true, encoding: .utf8)
        try "# good\nbp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n".write(toFile: folder + "/good.bpl", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder)
        var journal: [Transcript.Entry] = []
        harness.session.onRecord = { journal += $0 }
        harness.run("replay bad.bpl check")
        #expect(journal == harness.session.record.entries)
        harness.run("replay good.bpl check; eval")
        #expect(journal == harness.session.record.entries)
        #expect(harness.session.record.commands.map(\.command) == ["replay bad.bpl check", "data xor", "eval"])
    }

    /// A quiet replay (restoring a journal) prints nothing, checks nothing,
    /// and records the commands and prose as if typed.
    @Test func quietReplayPrintsNothing() throws {
        let folder = try Self.folder("quiet")
        let journal = Transcript(parsing: Data("# note\n\(Transcript.directoryPrefix)\(folder)\nbp> data xor\nwhatever\nbp> net 2 2 1\n".utf8))
        let harness = SessionHarness(baseDirectory: folder)
        let result = try Replay.run(journal, from: "/elsewhere/journal-1.bpl", in: harness.session, mode: .quiet)
        #expect(harness.output.isEmpty)
        #expect(result.commands == 2 && result.differences == 0)
        #expect(harness.session.state.network != nil)
        #expect(harness.session.record.commands.map(\.command) == ["data xor", "net 2 2 1"])
        #expect(harness.session.baseDirectory == folder)
    }

    @Test func oneLineSaveSessionSavesTheCommandsBeforeIt() throws {
        let folder = try Self.folder("oneline")
        let harness = SessionHarness(baseDirectory: folder)
        #expect(harness.run("data xor; save session s").last == "saved 1 command to sessions/s.bpl")
        #expect(try Self.parse(folder + "/sessions/s.bpl").commands.map(\.command) == ["data xor"])
    }

    @Test func oddSessionNamesAreRefused() throws {
        let folder = try Self.folder("names")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("data xor")
        for name in ["''", ".", ".hidden", "a/", "'a b'", "'x\ty'", "sub/dir", "../up", "a..b", "a.", "é", String(repeating: "a", count: 101)] {
            let output = harness.run("save session \(name)")
            #expect(output.first?.contains("is not a session name") == true, "\(name): \(output)")
        }
        #expect(harness.run("save session x.bpl").first
                == "error: save: column 14: 'x.bpl' is a file name; give the session's name without .bpl (`save session x` writes sessions/x.bpl)")
        #expect(harness.run("save session ../up").first?.contains("(a name, not a path: sessions go to sessions/)") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/sessions"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(harness.run("save session my-xor.v2").first == "saved 15 commands to sessions/my-xor.v2.bpl")  // data and the failed saves
    }

    /// `load iris.csv; save session mine` in the project folder, then a check
    /// of sessions/mine.bpl from anywhere: its directory line says `..`.
    @Test func savedSessionsResolveFilesWhereTheyRan() throws {
        let folder = try Self.folder("relative")
        try FileManager.default.copyItem(atPath: TranscriptTests.sessionsFolder.appendingPathComponent("data/iris.csv").path,
                                         toPath: folder + "/iris.csv")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["# iris from the project folder", "load iris.csv target=species test=0.2", "net 4 3:softmax",
                     "save model m.json", "save session mine"])
        let text = try String(contentsOfFile: folder + "/sessions/mine.bpl", encoding: .utf8)
        #expect(text.hasPrefix("# iris from the project folder\n\(Transcript.directoryPrefix)..\nbp> load iris.csv"))
        let elsewhere = SessionHarness(baseDirectory: try Self.folder("elsewhere"))
        let result = try withExtendedLifetime(elsewhere) { try Replay.run(file: folder + "/sessions/mine.bpl", in: elsewhere.session, mode: .check) }
        #expect(result.commands == 3 && result.differences == 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/sessions/iris.csv"))
    }

    /// A transcript that exports files and numbers plots checks the same way
    /// twice in the same folder; files outside its folder are still kept.
    @Test func transcriptsThatWriteFilesCheckTwice() throws {
        let folder = try Self.folder("twice")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid", "train 5 batch=4", "export loss f.svg", "export loss f.gp",
                     "set terminal svg", "plot loss", "plot loss", "export notebook nb.md", "save model m.json",
                     "save session t"])
        let first = try String(contentsOfFile: folder + "/f.svg", encoding: .utf8)
        for _ in 0..<2 {
            let fresh = SessionHarness(baseDirectory: folder)
            let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/t.bpl", in: fresh.session, mode: .check) }
            #expect(result.commands == 10 && result.differences == 0)
        }
        #expect(try String(contentsOfFile: folder + "/f.svg", encoding: .utf8) == first)
        #expect(!FileManager.default.fileExists(atPath: folder + "/plots/loss-3.svg"))
        // Outside the transcript's folder, an existing file is not replaced.
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try "bp> data xor\nbp> net 2 1\nbp> export loss ../f.svg\nexported loss to ../f.svg\n"
            .write(toFile: folder + "/sub/out.bpl", atomically: true, encoding: .utf8)
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sub/out.bpl", in: fresh.session, mode: .check) }
        #expect(result.differences == 3)  // data and net print, and the export is refused
        #expect(try String(contentsOfFile: folder + "/f.svg", encoding: .utf8) == first)
    }

    /// Recorded while plots/loss-1.svg was there, a plot says loss-2.svg; the
    /// replay writes loss-2.svg too, so it checks in a clean folder, and in its
    /// own folder it leaves loss-1.svg, which it never wrote, alone.
    @Test func plotsReplayUnderTheirRecordedNames() throws {
        let folder = try Self.folder("plots-taken")
        try FileManager.default.createDirectory(atPath: folder + "/plots", withIntermediateDirectories: true)
        try "mine".write(toFile: folder + "/plots/loss-1.svg", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid", "train 5 batch=4", "set terminal svg"])
        #expect(harness.run("plot loss") == ["plot loss written to plots/loss-2.svg"])
        harness.run("save session t")
        let clean = try Self.folder("plots-clean")
        try FileManager.default.createDirectory(atPath: clean + "/sessions", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: folder + "/sessions/t.bpl", toPath: clean + "/sessions/t.bpl")
        func replay(in place: String, _ mode: Replay.Mode) throws -> Replay.Result {
            let fresh = SessionHarness(baseDirectory: place)
            return try withExtendedLifetime(fresh) { try Replay.run(file: place + "/sessions/t.bpl", in: fresh.session, mode: mode) }
        }
        for place in [clean, folder] {
            let result = try replay(in: place, .check)
            #expect(result.commands == 5 && result.differences == 0, "\(place)")
        }
        #expect(!FileManager.default.fileExists(atPath: clean + "/plots"))  // a check writes in its scratch folder
        _ = try replay(in: clean, .show)
        #expect(FileManager.default.fileExists(atPath: clean + "/plots/loss-2.svg"))
        #expect(!FileManager.default.fileExists(atPath: clean + "/plots/loss-1.svg"))
        #expect(try String(contentsOfFile: folder + "/plots/loss-1.svg", encoding: .utf8) == "mine")
    }

    /// The other way: a lesson recorded in a clean folder (loss-1.svg) checks
    /// in a session that has already plotted loss-1.svg, and the session saved
    /// after it — naming loss-1.svg twice, then loss-2.svg — checks too.
    @Test func plotsReplayUnderTheirRecordedNamesAfterOtherPlots() throws {
        let clean = try Self.folder("lesson-clean")
        let recorder = SessionHarness(baseDirectory: clean)
        let commands = ["data xor", "net 2 2:sigmoid 1:sigmoid", "train 5 batch=4", "set terminal svg", "plot loss"]
        recorder.run(commands + ["save session lesson"])
        let folder = try Self.folder("lesson-plots")
        try FileManager.default.createDirectory(atPath: folder + "/sessions", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: clean + "/sessions/lesson.bpl", toPath: folder + "/sessions/lesson.bpl")
        let harness = SessionHarness(baseDirectory: folder)
        #expect(harness.run(commands) == ["plot loss written to plots/loss-1.svg"])
        #expect(harness.run("replay sessions/lesson.bpl check").last == "sessions/lesson.bpl: 5 commands replayed, every output matches")
        #expect(harness.run("plot loss") == ["plot loss written to plots/loss-2.svg"])
        harness.run("save session mine")
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/mine.bpl", in: fresh.session, mode: .check) }
        #expect(result.commands == 11 && result.differences == 0)
    }

    /// A replay follows only a recorded plots/KIND-N.EXT of the plot's own kind
    /// and format, in order within a command; any other name is numbered as typed.
    @Test func onlyRecordedPlotNamesOfTheirOwnFormAreFollowed() throws {
        let folder = try Self.folder("plot-names")
        try """
        bp> data xor
        bp> net 2 1
        bp> train 2
        bp> set terminal svg
        bp> plot loss; plot loss
        plot loss written to plots/loss-9.svg
        plot loss written to plots/loss-8.svg
        bp> plot loss
        plot loss written to ../outside.svg
        bp> plot loss
        plot loss written to plots/loss-07.svg
        bp> plot loss
        plot loss written to plots/loss-7.png
        bp> plot boundary
        plot loss written to plots/loss-7.svg
        """.write(toFile: folder + "/names.bpl", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder)
        _ = try withExtendedLifetime(harness) { try Replay.run(file: folder + "/names.bpl", in: harness.session, mode: .show) }
        #expect(harness.output.filter { $0.hasPrefix("plot ") } == [
            "plot loss written to plots/loss-9.svg", "plot loss written to plots/loss-8.svg",
            "plot loss written to plots/loss-1.svg", "plot loss written to plots/loss-2.svg",
            "plot loss written to plots/loss-3.svg", "plot boundary written to plots/boundary-1.svg",
        ])
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).deletingLastPathComponent + "/outside.svg"))
    }

    /// Under `set terminal sixel` the image goes to the screen, a placeholder to the record.
    @Test func sixelImagesAreNotRecorded() throws {
        let folder = try Self.folder("sixel")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2 1", "train 3", "set terminal sixel"])
        let shown = harness.run("plot loss")
        #expect(shown.joined().contains("\u{1B}P"))  // the sixel image itself reached the screen
        harness.run("save session six")
        let text = try String(contentsOfFile: folder + "/sessions/six.bpl", encoding: .utf8)
        #expect(text.hasSuffix("bp> plot loss\n[plot loss: sixel image, not recorded]\n"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
        let fresh = SessionHarness(baseDirectory: folder)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: folder + "/sessions/six.bpl", in: fresh.session, mode: .check) }
        #expect(result.commands == 5 && result.differences == 0)
    }

    /// The key reader of `replay FILE step`: lines, then nil at end of input.
    @Test func keyLinesComeFromTheDescriptor() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("\nq\nlast".utf8))
        try pipe.fileHandleForWriting.close()
        let fd = pipe.fileHandleForReading.fileDescriptor
        #expect(KeyLine.readLine(from: fd) == "")
        #expect(KeyLine.readLine(from: fd) == "q")
        #expect(KeyLine.readLine(from: fd) == "last")
        #expect(KeyLine.readLine(from: fd) == nil)
    }
}
