import Foundation
import Testing
@testable import Lab

/// The one command loop, driven by a list of lines and a Ctrl-C flag of its
/// own (never the process's, which other tests share).
@Suite struct CommandLoopTests {
    /// A session with a `ctrl-c` command that presses Ctrl-C while it runs,
    /// as a person would during a long command that cannot stop midway.
    static func harness() -> SessionHarness {
        let interrupt = Interrupt()
        let ctrlC = Command("ctrl-c", group: "Test", syntax: "ctrl-c", summary: "press Ctrl-C", example: "ctrl-c") { _, _ in
            interrupt.request()
        }
        return SessionHarness(commands: CommandTable.all + [ctrlC], interrupt: interrupt)
    }

    static func run(_ lines: [String], interactive: Bool, in session: Session) -> CommandLoop.Outcome {
        var reader = ListReader(lines)
        return CommandLoop.run(session, reader: &reader, interactive: interactive)
    }

    /// A script stops at its first failing line, as under `set -e`; `keepGoing` runs the rest.
    @Test func aScriptStopsAtItsFirstError() {
        let harness = Self.harness()
        #expect(Self.run(["data xor", "net 2 2 1", "eval"], interactive: false, in: harness.session) == .finished(failed: false))
        #expect(Self.run(["trian", "eval"], interactive: false, in: harness.session) == .finished(failed: true))
        #expect(harness.run("history").suffix(2) == ["   3  eval", "   4  trian"])
        var reader = ListReader(["trian", "eval"])
        #expect(CommandLoop.run(harness.session, reader: &reader, interactive: false, keepGoing: true) == .finished(failed: true))
        #expect(harness.run("history").suffix(2) == ["   6  trian", "   7  eval"])
    }

    /// Errors and warnings go to the diagnostic channel (the console's
    /// stderr) with the line's place in front; the record keeps them plain.
    @Test func errorsNameTheirFileAndLine() {
        let lines = LockedLines(), diagnostics = LockedLines()
        let session = Session(output: OutputTarget(write: lines.append, writeDiagnostic: { diagnostic in
            let shown = diagnostic.lines()
            (shown.message + shown.caret).forEach(diagnostics.append)
        }))
        var reader = ListReader(["data xor", "", "net 2 0", "eval"])
        #expect(CommandLoop.run(session, reader: &reader, interactive: false, source: "lesson.txt") == .finished(failed: true))
        #expect(diagnostics.all == ["lesson.txt:3: error: net: column 7: layer size must be in 1…1000000, got 0"])
        #expect(lines.all == ["data xor: 4 samples, 2 inputs → 1 target"])
        #expect(session.record.commands.last?.output == ["error: net: column 7: layer size must be in 1…1000000, got 0"])
        #expect(session.location == nil)
    }

    @Test func quitEndsTheLoop() {
        let harness = Self.harness()
        #expect(Self.run(["quit", "data xor"], interactive: false, in: harness.session) == .finished(failed: false))
        #expect(harness.session.state.data == nil)
    }

    /// In a script, Ctrl-C abandons the rest of its line and every line after.
    @Test func ctrlCStopsAScript() {
        let harness = Self.harness()
        let outcome = Self.run(["data xor", "ctrl-c; net 2 2 1; eval", "net 2 2 1"], interactive: false, in: harness.session)
        #expect(outcome == .interrupted)
        #expect(harness.session.state.data != nil && harness.session.state.network == nil)
        #expect(harness.output.last == "interrupted: ctrl-c cannot stop midway and ran to its end; the rest of the line was not run (2 commands)")
    }

    /// At the prompt, Ctrl-C abandons its line only; the next line runs, with no flag left over.
    @Test func ctrlCAtThePromptAbandonsOneLine() {
        let harness = Self.harness()
        let outcome = Self.run(["data xor", "ctrl-c; net 2 2 1", "net 2 3 1"], interactive: true, in: harness.session)
        #expect(outcome == .finished(failed: true))
        #expect(harness.session.state.network?.layers.first?.outputs == 3)
        #expect(!harness.session.interrupt.isRequested)
    }

    /// Training stops at the next batch, keeps its weights and says so; the rest of the line is skipped.
    @Test func ctrlCStopsTrainingAndTheRestOfTheLine() {
        let harness = Self.harness()
        harness.run(["data xor", "net 2 2 1"])
        let before = harness.session.state.network
        harness.session.interrupt.request()
        #expect(Self.run(["train 1000; eval"], interactive: false, in: harness.session) == .interrupted)
        #expect(harness.output.contains { $0.hasPrefix("stopped by Ctrl-C after 0 full epochs, 0 steps") })
        #expect(harness.output.last == "interrupted: the rest of the line was not run (1 command)")
        #expect(!harness.output.contains { $0.hasPrefix("train:") })
        // The weights are those before the first step (training still records the data's class names).
        #expect(harness.session.state.network?.parameters == before?.parameters)
        #expect(harness.session.state.network?.layers == before?.layers)
    }

    /// A replay stops between its commands.
    @Test func ctrlCStopsAReplay() throws {
        let harness = Self.harness()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-loop-\(UUID().uuidString).bpl")
        try "bp> data xor\nbp> ctrl-c\nbp> net 2 2 1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(Self.run(["replay \(file.path); eval"], interactive: false, in: harness.session) == .interrupted)
        #expect(harness.session.state.network == nil)
        #expect(harness.output.contains("replay stopped by Ctrl-C before line 3"))
        #expect(harness.output.last == "interrupted: the rest of the line was not run (1 command)")
    }
}
