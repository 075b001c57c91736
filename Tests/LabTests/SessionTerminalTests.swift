import Foundation
import Testing

/// Sessions under a real terminal (tmux, as in `TerminalTests`): Ctrl-C at the
/// `replay FILE step` prompt, and a restored journal journaled again.
@Suite(.serialized) struct SessionTerminalTests {
    /// Ctrl-C while `replay FILE step` waits for Enter stops the replay, and the prompt answers again.
    @Test func ctrlCStopsAStepReplay() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await TerminalTests.Screen.start(executable)
        defer { Task { await screen.close() } }
        let lesson = TranscriptTests.sessionsFolder.appendingPathComponent("xor.bpl").path
        try await screen.keys("replay \(lesson) step", "Enter")
        try await screen.wait(for: "bp> data xor   [Enter: run, q: stop]")
        try await screen.keys("Enter")
        try await screen.wait(for: "bp> show data   [Enter: run, q: stop]")
        try await screen.keys("C-c")
        try await screen.wait(for: "replay stopped by Ctrl-C before line 7")
        try await screen.keys("eval", "Enter")
        try await screen.wait(for: "error: eval: no network yet")
        // The first command ran, the second did not.
        #expect(await screen.lines().contains { $0.hasPrefix("data xor: 4 samples") })
        #expect(await !screen.lines().contains { $0.hasPrefix("class 0: 2") })
        await screen.close()
    }

    /// bplab started with `journal` left in its state folder as `name`, a
    /// journal no running session holds locked; returns the screen and that folder.
    static func start(leaving journal: String, as name: String) async throws -> (TerminalTests.Screen, String) {
        let executable = try #require(ExecutableTests.executable)
        let screen = TerminalTests.Screen()
        let folder = screen.state + "/bplab"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try journal.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        try await screen.tmux(["new-session", "-d", "-x", "120", "-y", "40",
                               "env XDG_STATE_HOME=\(screen.state) TERM=xterm NO_COLOR=1 \(executable.path)"])
        return (screen, folder)
    }

    /// A restored session is journaled by the new process, so a second crash loses nothing.
    @Test func restoredCommandsAreJournaledAgain() async throws {
        let (screen, folder) = try await Self.start(leaving: "# restored prose\nbp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\nbp> net 2 2 1\n",
                                                    as: "journal-2147483000.bpl")
        defer { Task { await screen.close() } }
        try await screen.wait(for: "[r]estore it, [d]iscard it, or keep it for later [Enter]:")
        try await screen.keys("r", "Enter")
        try await screen.wait(for: "restored: 2 commands replayed")
        try await screen.keys("eval", "Enter")
        try await screen.wait(for: "train:  loss")
        let journals = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("journal-") }
        #expect(journals.count == 1 && journals.first != "journal-2147483000.bpl", "\(journals)")
        let text = try String(contentsOfFile: folder + "/" + (journals.first ?? ""), encoding: .utf8)
        #expect(text.contains("# restored prose\n"))
        #expect(text.contains("bp> data xor\ndata xor: 4 samples"))
        #expect(text.contains("bp> net 2 2 1\n"))
        #expect(text.contains("bp> eval\ntrain:  loss"))
        await screen.close()
    }

    /// Enter at the restore prompt keeps the journal: it is offered again next time.
    @Test func enterKeepsAnUnfinishedJournal() async throws {
        let (screen, folder) = try await Self.start(leaving: "bp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n",
                                                    as: "journal-1-kept.bpl")
        defer { Task { await screen.close() } }
        try await screen.wait(for: "keep it for later [Enter]:")
        try await screen.keys("Enter")
        try await screen.wait(for: "kept it: it is offered again at the next start")
        #expect(FileManager.default.fileExists(atPath: folder + "/journal-1-kept.bpl"))
        await screen.close()
    }
}
