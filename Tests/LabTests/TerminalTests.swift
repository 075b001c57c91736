import Foundation
import Subprocess
import Testing

/// bplab under a real terminal (tmux): readline completion, history, Ctrl-C
/// at the prompt and during training, Ctrl-D. Reads the screen like a person.
@Suite(.serialized) struct TerminalTests {
    /// A tmux session of its own (a private server socket) running bplab.
    struct Screen {
        let socket = "bplab-test-\(UUID().uuidString.prefix(8))"
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-tty-\(UUID().uuidString)").path

        /// Starts bplab (in its state folder, the current directory) in a
        /// window of `columns`×`lines`, with NO_COLOR as `noColor` says (nil:
        /// unset), and waits for its prompt; `arguments` runs it as
        /// `bplab ARGUMENTS` and does not wait.
        static func start(_ executable: URL, columns: Int = 120, lines: Int = 40, noColor: String? = "1",
                          arguments: String? = nil) async throws -> Screen {
            let screen = Screen()
            try FileManager.default.createDirectory(atPath: screen.state, withIntermediateDirectories: true)
            let color = noColor.map { "NO_COLOR=\($0)" } ?? "-u NO_COLOR"
            try await screen.tmux(["new-session", "-d", "-x", "\(columns)", "-y", "\(lines)", "-c", screen.state,
                                   "env \(color) XDG_STATE_HOME=\(screen.state) TERM=xterm \(executable.path) \(arguments ?? "")"])
            if arguments == nil { try await screen.wait(for: "bp>") }
            return screen
        }

        /// Ends the tmux server, and bplab with it if it still runs.
        func close() async { _ = try? await tmux(["kill-server"]) }

        /// Runs tmux against this screen's server and returns what it printed.
        /// Through Subprocess, not Foundation's Process: the server tmux forks
        /// would inherit the descriptor Process watches for the client's exit,
        /// and waiting for the client would then never end.
        @discardableResult
        func tmux(_ arguments: [String]) async throws -> String {
            let result = try await run(.name("tmux"), arguments: Arguments(["-L", socket, "-f", "/dev/null"] + arguments),
                                       output: .string(limit: 1 << 20))
            return result.standardOutput
        }

        func keys(_ keys: String...) async throws { try await tmux(["send-keys"] + keys) }

        func lines() async -> [String] {
            ((try? await tmux(["capture-pane", "-p"])) ?? "").split(separator: "\n").map(String.init)
        }

        /// Waits up to `seconds` for text on the screen.
        func wait(for text: String, seconds: Int = 10) async throws {
            for _ in 0..<(seconds * 10) {
                if await lines().contains(where: { $0.contains(text) }) { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("'\(text)' never appeared on the screen:\n\(await lines().joined(separator: "\n"))")
        }
    }

    @Test func completionHistoryAndInterrupts() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await Screen.start(executable)
        do {
            try await type(on: screen)
        } catch {
            await screen.close()
            throw error
        }
        await screen.close()
    }

    private func type(on screen: Screen) async throws {
        try await screen.keys("data xor", "Enter")
        try await screen.keys("net 2 2:sigmoid 1:sigmoid", "Enter")
        try await screen.wait(for: "network 2-2-1")
        // Tab completes the command, an option key and its value.
        try await screen.keys("tra", "Tab")
        try await screen.keys("3 o", "Tab")
        try await screen.keys("ad", "Tab")
        try await screen.wait(for: "bp> train 3 opt=adam")
        try await screen.keys("Enter")
        try await screen.wait(for: "trained 3 epochs")
        // Ctrl-C at the prompt throws the line away.
        try await screen.keys("show weights")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.keys("C-c")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.keys("eval", "Enter")
        try await screen.wait(for: "train:  loss")
        #expect(await !screen.lines().contains { $0.hasPrefix("W1 (") })
        // Parameter names of the current network.
        try await screen.keys("grad w", "Tab", "Tab")
        try await screen.wait(for: "w2[")
        try await screen.keys("C-u")
        // File paths complete, a folder with no space after it.
        try FileManager.default.createDirectory(atPath: screen.state + "/models", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: screen.state + "/models/tab-target.json"))
        try await screen.keys("save model \(screen.state)/mo", "Tab")
        try await screen.keys("ta", "Tab")
        try await screen.wait(for: "bp> save model \(screen.state)/models/tab-target.json")
        try await screen.keys("C-u")
        // The up arrow recalls the previous line.
        try await screen.keys("Up")
        try await screen.wait(for: "bp> eval")
        try await screen.keys("C-u")
        // Ctrl-C during training stops at a batch boundary and keeps the network.
        try await screen.keys("train 10000000 lr=0.5", "Enter")
        try await Task.sleep(for: .milliseconds(800))
        try await screen.keys("C-c")
        try await screen.wait(for: "stopped by Ctrl-C")
        // A command that cannot stop midway says so when it ends, and leaves
        // one fresh prompt, not a second empty one from a Ctrl-C left over.
        // (exporting two million samples takes seconds, and its files are written whole or not at all)
        try await screen.keys("data spiral n=2000000", "Enter")
        try await screen.wait(for: "2,000,000 samples")
        try await screen.keys("net 2 4:tanh 1", "Enter")
        try await screen.wait(for: "network 2-4-1")
        try await screen.keys("export pytorch \(screen.state)/large.py", "Enter")
        try await Task.sleep(for: .milliseconds(300))
        try await screen.keys("C-c")
        // (On a loaded machine the export takes many times as long.)
        try await screen.wait(for: "interrupted: export cannot stop midway and ran to its end", seconds: 90)
        // The fresh prompt may come late on a busy machine: wait for it, then for a second one that must not come.
        for _ in 0..<100 where await !screen.lines().drop(while: { !$0.contains("interrupted: export") }).contains(where: { $0.hasPrefix("bp>") }) {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(300))
        let after = await screen.lines().drop { !$0.contains("interrupted: export") }
        #expect(after.filter { $0.hasPrefix("bp>") }.count == 1, "\(after)")
        try await screen.keys("show net", "Enter")
        try await screen.wait(for: "layer  neurons")
        // Ctrl-D leaves, and the history file has the lines without empty ones.
        try await screen.keys("C-d")
        try await Task.sleep(for: .milliseconds(500))
        let history = try String(contentsOfFile: screen.state + "/bplab/history", encoding: .utf8)
        let lines = history.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.contains("data xor") && lines.contains("eval") && lines.contains("show net"))
        #expect(!lines.contains(""))
        // A clean exit removes the journal.
        let left = try FileManager.default.contentsOfDirectory(atPath: screen.state + "/bplab").filter { $0.hasPrefix("journal") }
        #expect(left.isEmpty)
    }
}
