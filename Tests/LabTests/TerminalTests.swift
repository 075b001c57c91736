import Foundation
import Testing

/// bplab under a real terminal (tmux): readline completion, history, Ctrl-C
/// at the prompt and during training, Ctrl-D. Reads the screen like a person.
@Suite(.serialized) struct TerminalTests {
    final class Screen {
        let name = "bplab-test-\(UUID().uuidString.prefix(8))"
        let state: String

        init(executable: URL) throws {
            state = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-tty-\(UUID().uuidString)").path
            try Self.tmux(["new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                           "env XDG_STATE_HOME=\(state) TERM=xterm NO_COLOR=1 \(executable.path)"])
            try wait(for: "bp>")
        }

        deinit { _ = try? Self.tmux(["kill-session", "-t", name]) }

        /// Runs tmux; only `capture-pane` output is read. A command that may start
        /// the tmux server gets no pipe: the server would inherit it and keep it open.
        @discardableResult
        static func tmux(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["tmux"] + arguments
            guard arguments.first == "capture-pane" else {
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                return ""
            }
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }

        func keys(_ keys: String...) throws { try Self.tmux(["send-keys", "-t", name] + keys) }

        var lines: [String] {
            ((try? Self.tmux(["capture-pane", "-p", "-t", name])) ?? "").split(separator: "\n").map(String.init)
        }

        /// Waits up to 10 s for text on the screen.
        func wait(for text: String) throws {
            for _ in 0..<100 {
                if lines.contains(where: { $0.contains(text) }) { return }
                usleep(100_000)
            }
            Issue.record("'\(text)' never appeared on the screen:\n\(lines.joined(separator: "\n"))")
        }
    }

    @Test func completionHistoryAndInterrupts() throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try Screen(executable: executable)
        try screen.keys("data xor", "Enter")
        try screen.keys("net 2 2:sigmoid 1:sigmoid", "Enter")
        try screen.wait(for: "network 2-2-1")
        // Tab completes the command, an option key and its value.
        try screen.keys("tra", "Tab")
        try screen.keys("3 o", "Tab")
        try screen.keys("ad", "Tab")
        try screen.wait(for: "bp> train 3 opt=adam")
        try screen.keys("Enter")
        try screen.wait(for: "trained 3 epochs")
        // Ctrl-C at the prompt throws the line away.
        try screen.keys("show weights")
        usleep(200_000)
        try screen.keys("C-c")
        usleep(200_000)
        try screen.keys("eval", "Enter")
        try screen.wait(for: "train:  loss")
        #expect(!screen.lines.contains { $0.hasPrefix("W1 (") })
        // Parameter names of the current network.
        try screen.keys("grad w", "Tab", "Tab")
        try screen.wait(for: "w2[")
        try screen.keys("C-u")
        // The up arrow recalls the previous line.
        try screen.keys("Up")
        try screen.wait(for: "bp> eval")
        try screen.keys("C-u")
        // Ctrl-C during training stops at a batch boundary and keeps the network.
        try screen.keys("train 10000000 lr=0.5", "Enter")
        usleep(800_000)
        try screen.keys("C-c")
        try screen.wait(for: "stopped by Ctrl-C")
        try screen.keys("show net", "Enter")
        try screen.wait(for: "layer  neurons")
        // Ctrl-D leaves, and the history file has the lines without empty ones.
        try screen.keys("C-d")
        usleep(500_000)
        let history = try String(contentsOfFile: screen.state + "/bplab/history", encoding: .utf8)
        let lines = history.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.contains("data xor") && lines.contains("eval") && lines.contains("show net"))
        #expect(!lines.contains(""))
        // A clean exit removes the journal.
        let left = try FileManager.default.contentsOfDirectory(atPath: screen.state + "/bplab").filter { $0.hasPrefix("journal") }
        #expect(left.isEmpty)
    }
}
