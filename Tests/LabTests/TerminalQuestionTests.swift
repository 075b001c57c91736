import Foundation
import Testing

/// bplab asks a terminal whether it shows sixels (`ESC [ c`) only when TERM
/// says it can answer: under TERM=dumb the first plot sends no question (and
/// so does not wait for an answer that never comes). Read from everything
/// bplab writes to a real tmux pane (`pipe-pane`).
@Suite(.serialized) struct TerminalQuestionTests {
    /// What bplab wrote to the pane while plotting, under `term`.
    static func writtenWhilePlotting(term: String) async throws -> String {
        let executable = try #require(ExecutableTests.executable)
        let screen = TerminalTests.Screen()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-pane-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try await screen.tmux(["new-session", "-d", "-x", "100", "-y", "30",
                               "env XDG_STATE_HOME=\(screen.state) TERM=\(term) NO_COLOR=1 \(executable.path)"])
        do {
            try await screen.wait(for: "bp>")
            try await screen.tmux(["pipe-pane", "-o", "cat >> \(log.path)"])
            try await screen.keys("data xor; net 2 2 1; train 20; plot loss", "Enter")
            try await screen.wait(for: "epoch")
            try await screen.keys("quit", "Enter")
            try await Task.sleep(for: .milliseconds(300))
        } catch {
            await screen.close()
            throw error
        }
        await screen.close()
        return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }

    @Test func aDumbTerminalIsNeverAsked() async throws {
        let dumb = try await Self.writtenWhilePlotting(term: "dumb")
        #expect(dumb.contains("epoch"), "\(dumb)")
        #expect(!dumb.contains("\u{1B}[c"))
        // The same plot under xterm does ask: the question is there to be seen.
        let xterm = try await Self.writtenWhilePlotting(term: "xterm")
        #expect(xterm.contains("\u{1B}[c"), "\(xterm.debugDescription)")
    }
}
