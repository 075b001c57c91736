import Foundation
import Testing

/// The window's size is read when output is drawn, not at start-up: in a
/// real tmux window resized from 120 to 80 columns and then to 130, a text
/// plot is drawn as wide as the window is at that moment, and a long help
/// paragraph is broken between words, each piece within the window.
@Suite(.serialized) struct WindowSizeTests {
    @Test func plotsAndProseFollowAResizedWindow() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await TerminalTests.Screen.start(executable)
        do {
            try await resize(screen)
        } catch {
            await screen.close()
            throw error
        }
        await screen.close()
    }

    private func resize(_ screen: TerminalTests.Screen) async throws {
        try await screen.keys("set terminal dumb", "Enter")
        #expect(try await plotWidth(on: screen) == 119)
        try await screen.tmux(["resize-window", "-x", "80", "-y", "40"])
        #expect(try await plotWidth(on: screen) == 79)
        // Prose wider than the window breaks at blanks: every piece fits, and
        // every word of the page is whole on some line.
        try await clear(screen)
        try await screen.keys("help set", "Enter")
        try await screen.wait(for: "example: set w2[1,2] = 0.5")
        let page = try await screen.tmux(["capture-pane", "-p", "-J"]).split(separator: "\n").map(String.init)
        let details = page.drop { !$0.hasPrefix("Parameters:") }.prefix { !$0.isEmpty }
        #expect(details.count >= 3, "\(page)")
        #expect(details.allSatisfy { $0.count <= 80 }, "\(details)")
        let words = details.joined(separator: " ").split(separator: " ")
        for word in ["(weight", "neuron", "initialisation", "optional", "shuffle-seed,"] {
            #expect(words.contains(Substring(word)), "'\(word)' is broken across lines: \(details)")
        }
        try await screen.tmux(["resize-window", "-x", "130", "-y", "40"])
        #expect(try await plotWidth(on: screen) == 129)
    }

    /// Draws `plot activation tanh` as text and returns the widest line of it
    /// on the screen (lines joined where the window wrapped them).
    private func plotWidth(on screen: TerminalTests.Screen) async throws -> Int {
        try await clear(screen)
        try await screen.keys("plot activation tanh", "Enter")
        for _ in 0..<100 {
            let lines = try await screen.tmux(["capture-pane", "-p", "-J"]).split(separator: "\n").map(String.init)
            let after = lines.drop { !$0.contains("bp> plot activation tanh") }.dropFirst()
            if after.contains(where: { $0.hasPrefix("bp>") }) {
                return after.prefix { !$0.hasPrefix("bp>") }.map(\.count).max() ?? 0
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the plot never ended with a prompt")
        return 0
    }

    /// An empty screen and no scrollback, so what is read next is only what comes next.
    private func clear(_ screen: TerminalTests.Screen) async throws {
        try await screen.keys("C-l")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.tmux(["clear-history"])
    }
}
