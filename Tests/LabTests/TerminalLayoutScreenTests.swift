import Foundation
import Testing
@testable import Lab

/// What a person sees in a real terminal (tmux): an error's quoted line and
/// caret never broken at 60 columns and its message red in every piece,
/// long help paged at 24 lines (and never with -c), and help, a long
/// `show weights`, a text plot and a caret that fit the window after a
/// resize to 80×24 and to 130×30.
@Suite(.serialized) struct TerminalLayoutScreenTests {
    typealias Screen = TerminalTests.Screen

    /// A line whose mistake (`1e999`) is far into it.
    static let longLine = TerminalLayoutTests.line

    @Test(arguments: ["", "1"])
    func errorsAt60Columns(noColor: String) async throws {
        let screen = try await Screen.start(try #require(ExecutableTests.executable), columns: 60, lines: 24, noColor: noColor)
        defer { Task { await screen.close() } }
        try await screen.keys("data xor; net 2 40 1", "Enter")
        try await screen.keys("C-l")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.keys(Self.longLine, "Enter")
        try await screen.wait(for: "^")
        let rows = await screen.lines()
        let first = try #require(rows.firstIndex { $0.hasPrefix("error: set:") }, "\(rows)")
        let caretRow = try #require(rows.firstIndex { $0.hasSuffix("^") && $0.dropLast().allSatisfy { $0 == " " } }, "\(rows)")
        // The quote and the caret are one row each: the character above the caret is the 1 of 1e999.
        let quote = Array(rows[caretRow - 1]), caret = Array(rows[caretRow])
        #expect(quote.first == " " && quote.contains("…") && quote.count <= 60, "\(rows)")
        #expect(String(quote[(caret.count - 1)...].prefix(5)) == "1e999", "\(rows)")
        // The message is broken between words only.
        let message = rows[first..<(caretRow - 1)]
        #expect(message.count >= 2, "\(rows)")
        let expected = "error: set: column \(TerminalLayoutTests.column): w1 value must be a finite number, got '1e999'"
        #expect(message.joined(separator: " ").split(separator: " ") == expected.split(separator: " "), "\(message)")
        // Every piece of the message red, unless NO_COLOR is set to a value; never the quote.
        let red = try await Self.redRows(screen)
        if noColor.isEmpty {
            #expect(Array(red[first..<(caretRow - 1)]) == Array(repeating: true, count: message.count), "\(red)")
            #expect(!red[caretRow - 1] && !red[caretRow])
        } else {
            #expect(!red.contains(true))
        }
    }

    /// The rows of the screen, empty ones too, to its last non-empty one,
    /// without trailing blanks.
    static func rows(_ screen: Screen, joined: Bool = false) async throws -> [String] {
        let text = try await screen.tmux(["capture-pane", "-p"] + (joined ? ["-J"] : []))
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { row in
            String(row.reversed().drop { $0 == " " }.reversed())
        }
        return Array(rows.reversed().drop { $0.isEmpty }.reversed())
    }

    /// For each row of the screen, whether all of its visible characters are red.
    static func redRows(_ screen: Screen) async throws -> [Bool] {
        let text = try await screen.tmux(["capture-pane", "-p", "-e"])
        var red = false, result: [Bool] = []
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var all = true, any = false
            var characters = Substring(row)
            while let first = characters.first {
                if first == "\u{1B}", let end = characters.firstIndex(where: { $0.isLetter && $0 != "[" }) {
                    let codes = characters[characters.index(characters.startIndex, offsetBy: 2)..<end].split(separator: ";")
                    if codes.contains("31") { red = true }
                    if codes.isEmpty || codes.contains("0") || codes.contains("39") { red = false }
                    characters = characters[characters.index(after: end)...]
                    continue
                }
                if first != " " { any = true; all = all && red }
                characters = characters.dropFirst()
            }
            result.append(any && all)
        }
        return result
    }

    @Test func longHelpPagesAt24Lines() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await Screen.start(executable, columns: 80, lines: 24)
        defer { Task { await screen.close() } }
        try await screen.keys("C-l")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.keys("help all", "Enter")
        try await screen.wait(for: "-- more (Enter: next page, q: stop) --")
        var rows = try await Self.rows(screen)
        #expect(rows.count == 24 && rows[0] == "bp> help all" && rows[1] == "Data" && rows[23].hasPrefix("-- more"), "\(rows)")
        // Enter: the next page, the prompt again at the bottom, the one before erased.
        try await screen.keys("Enter")
        try await screen.wait(for: "Derivatives")
        rows = try await Self.rows(screen)
        #expect(rows.last?.hasPrefix("-- more") == true && rows.filter { $0.contains("-- more") }.count == 1, "\(rows)")
        // Another key asks again; q stops, and the prompt is back.
        try await screen.keys("x")
        try await Task.sleep(for: .milliseconds(300))
        #expect(await screen.lines().last?.hasPrefix("-- more") == true)
        try await screen.keys("q")
        try await Task.sleep(for: .milliseconds(300))
        rows = try await Self.rows(screen)
        #expect(rows.last == "bp>" && !rows.contains { $0.contains("-- more") }, "\(rows)")
        // The record has the whole text.
        try await screen.keys("save session paged", "Enter")
        try await screen.wait(for: "saved 1 command")
        let saved = try String(contentsOfFile: screen.state + "/sessions/paged.bpl", encoding: .utf8)
        #expect(saved.contains(Help.everyCommand(CommandTable.all).joined(separator: "\n")))
        // A replayed transcript's help is written whole.
        try saved.write(toFile: screen.state + "/long.bpl", atomically: true, encoding: .utf8)
        try await screen.keys("C-l")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.keys("replay long.bpl", "Enter")
        try await screen.wait(for: "quit     leave bplab (Ctrl-D does too)")
        #expect(await !screen.lines().contains { $0.contains("-- more") })
    }

    /// `-c` on a terminal and a pipe write long help whole, without waiting.
    @Test func longHelpIsNotPagedWithDashCOrAPipe() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await Screen.start(executable, columns: 80, lines: 24,
                                            arguments: "-c 'help all'; echo finished-help; sleep 30")
        defer { Task { await screen.close() } }
        try await screen.wait(for: "finished-help")
        #expect(await !screen.lines().contains { $0.contains("-- more") })
        let piped = try ExecutableTests.run(["-"], input: "help all\n")
        #expect(piped.output == Help.everyCommand(CommandTable.all).joined(separator: "\n") + "\n", "\(piped.output)")
    }

    /// After resizes to 80×24 and 130×30, nothing the commands print is
    /// wider than the window (no row the terminal had to break), text
    /// plots take its width, a matrix's rows line up under their column
    /// labels, and the caret is under its character.
    @Test func outputFitsAfterAResize() async throws {
        let executable = try #require(ExecutableTests.executable)
        let screen = try await Screen.start(executable)
        defer { Task { await screen.close() } }
        try await screen.keys("set terminal dumb; data xor; net 2 8 8 1; train 20", "Enter")
        try await screen.wait(for: "trained 20 epochs")
        for (columns, lines) in [(80, 24), (130, 30)] {
            try await screen.tmux(["resize-window", "-x", "\(columns)", "-y", "\(lines)"])
            try await Task.sleep(for: .milliseconds(300))
            let help = try await Self.shown("help", on: screen)
            #expect(help.contains("help all       every command with what it does") && help.allSatisfy { $0.count <= columns })
            let train = try await Self.shown("help train", on: screen)
            #expect(train.allSatisfy { $0.count <= columns }, "\(train)")
            #expect(train.contains { $0.hasPrefix("  lr=") })
            let weights = try await Self.shown("show weights", on: screen)
            #expect(weights.allSatisfy { $0.count <= columns }, "\(weights)")
            Self.expectAligned(weights)
            let plot = try await Self.shown("plot loss", on: screen)
            // gnuplot draws to the window less its last column (the rows are read without trailing blanks).
            #expect(((columns - 4)...(columns - 1)).contains(plot.map(\.count).max() ?? 0), "\(plot)")
            let error = try await Self.shown("set w1 = [[1,2,3,4,5,6,7,8],[1,2,3,4,5,6,7,1e999]] " + String(repeating: " ", count: 100) + "# a long line",
                                              on: screen)
            let caret = Array(error.last ?? ""), quote = Array(error.dropLast().last ?? "")
            #expect(caret.last == "^" && quote.count <= columns && String(quote[(caret.count - 1)...].prefix(5)) == "1e999", "\(error)")
        }
    }

    /// Every row of a matrix block has one number under each column label.
    static func expectAligned(_ lines: [String]) {
        var labels = 0
        for line in lines {
            let fields = line.split(separator: " ")
            if fields.first?.hasPrefix("j=") == true { labels = fields.count; continue }
            if fields.first?.hasPrefix("i=") == true { #expect(fields.count == labels + 1, "\(line) in \(lines)") }
        }
    }

    /// Clears the screen, runs `line` and returns the rows it printed as
    /// the window shows them (rows the terminal wrapped are joined, so one
    /// too wide shows), paging through long help with Enter.
    static func shown(_ line: String, on screen: Screen) async throws -> [String] {
        try await screen.keys("C-l")
        try await Task.sleep(for: .milliseconds(200))
        try await screen.tmux(["clear-history"])
        try await screen.keys(line, "Enter")
        var seen: [String] = []
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            let content = try await rows(screen, joined: true)
            guard let last = content.last, last == "bp>" || last.hasPrefix("-- more") else { continue }
            seen += content.dropLast().filter { !$0.hasPrefix("bp> ") }
            if last == "bp>" { return seen }
            try await screen.keys("Enter")
        }
        Issue.record("'\(line)' never ended with a prompt")
        return []
    }
}
