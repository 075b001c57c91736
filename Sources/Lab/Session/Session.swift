import BackpropCore
import Foundation
import Gnuplot

/// One REPL session: the state, the command dispatch, undo, and output.
///
/// Every line goes through `run(_:)`, whether typed, given with `-c`, read
/// from a file or replayed from a transcript. A command that fails prints one
/// `error: …` line and leaves the state exactly as it was: commands that
/// change state run on a snapshot that is put back when they throw.
public final class Session {
    public var state = LabState()
    public var output: OutputTarget
    /// Directory that relative file names are resolved against (a replayed
    /// transcript's folder, or the current directory).
    public var baseDirectory: String
    /// Every line run so far, as run (for `history`; `save session` saves `record`).
    public private(set) var lineHistory: [String] = []
    /// Where the line being run comes from, as `FILE:LINE` (a command file,
    /// standard input, a replayed transcript); nil when typed or given with
    /// `-c`. Errors and warnings on a separate channel say it first.
    public var location: String?
    /// Set by `quit`; the REPL loop ends after the current line.
    public var quitRequested = false
    /// Reads one line of keyboard input for `replay FILE step` (nil: none available).
    public var readKey: (() -> String?)?
    /// The Ctrl-C flag this session obeys: the process's, given by the
    /// executable, or a test's own.
    public let interrupt: Interrupt
    public let commands: [Command]
    /// What command handlers see of this session.
    private(set) lazy var context = CommandContext(session: self)
    /// The session's gnuplot, started on the first plot.
    public lazy var gnuplot = GnuplotProcess()

    /// The session's record of itself: its commands, outputs, prose and plots.
    let recording = SessionRecording()
    /// Every line run so far with its output, for `save session` and the journal.
    public var record: Transcript { recording.transcript }
    /// The plots of the recorded `plot` commands, by command number, so a
    /// notebook export can draw each plot as it was.
    public var recordedPlots: [Int: GnuplotScript] { recording.plots }
    /// The numbers of the recorded commands that failed (a notebook shows their errors as errors).
    public var failedCommands: Set<Int> { recording.failures }
    /// Called with the recorded entries once they are final (the journal
    /// appends them to disk): at once for lines typed or given, and for the
    /// lines a replay records in place, all together, when the replay succeeded.
    public var onRecord: (([Transcript.Entry]) -> Void)? {
        get { recording.onRecord }
        set { recording.onRecord = newValue }
    }
    /// Told as each command of a line typed or given ends (not the commands
    /// a replay runs): its text, the column where it starts in the line, and
    /// whether it succeeded. The machine protocol reports commands through it.
    var onCommandEnd: ((_ command: String, _ column: Int, _ ok: Bool) -> Void)?
    /// Output of the command being run, collected for the record and for replay checks.
    private var captured: [String] = []
    /// While true, output is collected but not written (replay check).
    private var muted = false
    /// Nesting depth of `run`: 1 for lines typed or given.
    private var depth = 0
    /// The transcript being replayed, if any: its folders, transcripts and recorded outputs.
    var replaying: ReplayContext?
    /// The transcripts being replayed, outermost first (real paths, and as shown):
    /// `Replay` refuses a cycle and nesting deeper than `Replay.maximumDepth`.
    var replayChain: [(path: String, shown: String)] = []

    private var undoHistory = UndoHistory()
    /// Set when the running command noticed Ctrl-C and stopped early (and said so).
    private var interruptHonoured = false

    public init(output: OutputTarget, baseDirectory: String = ".", interrupt: Interrupt = Interrupt(),
                commands: [Command] = CommandTable.all) {
        self.output = output
        self.baseDirectory = baseDirectory
        self.interrupt = interrupt
        self.commands = commands
    }

    // MARK: Output

    /// Records and writes `line`, one output line per "\n" in it.
    public func print(_ line: String = "") {
        for part in Self.parts(of: line) {
            captured.append(part)
            guard !muted else { continue }
            shown(part).forEach(output.write)
        }
    }

    public func print(lines: [String]) { lines.forEach { print($0) } }

    /// Prints a long text (a help page) a window-full at a time when a person
    /// asked for it at the prompt and the output can ask for the next page
    /// (`OutputTarget.nextPage`: the REPL on a terminal); never in a replay.
    /// The record keeps the whole text, however much of it was shown.
    func printPaged(_ lines: [String]) {
        guard let nextPage = output.nextPage, depth == 1, !muted else { return print(lines: lines) }
        let parts = lines.flatMap(Self.parts)
        captured += parts
        // The first page leaves the line typed on the screen above it; each
        // leaves the last line for the prompt. The height is asked per page,
        // so a resized window pages at its new height.
        var onPage = 1
        for part in parts {
            for piece in shown(part) {
                if onPage >= max(output.lines - 1, 1) {
                    guard nextPage() else { return }
                    onPage = 0
                }
                output.write(piece)
                onPage += 1
            }
        }
    }

    /// One output line per "\n" in `line`.
    private static func parts(of line: String) -> [String] {
        // Splitting walks every character; most lines have no newline byte to split at.
        // ("\r\n" is one Character in Swift, so it is named as a separator of its own.)
        line.utf8.contains(UInt8(ascii: "\n"))
            ? line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
            : [line]
    }

    /// A line as shown: word-wrapped to the window where the output wraps lines.
    private func shown(_ part: String) -> [String] {
        output.wrapsLines ? TextWrap.lines(part, width: output.columns) : [part]
    }

    /// Shows `shown` but records `recorded` (a plot in terminal colours is
    /// kept in the transcript as plain text, a sixel image as a placeholder).
    func print(shown: [String], recorded: [String]) {
        captured += recorded
        guard !muted else { return }
        if let writePlot = output.writePlot { writePlot(recorded) } else { shown.forEach { output.write($0) } }
    }

    /// Records `recorded` and shows `shown`, as text (a table laid out to
    /// the window; a line of it still too wide, a note, is word-wrapped).
    func print(recorded: [String], shownAsText shown: [String]) {
        captured += recorded
        guard !muted else { return }
        shown.flatMap(self.shown).forEach(output.write)
    }

    /// A number in the session's precision.
    public func format(_ value: Double) -> String { Format.number(value, digits: state.settings.precision) }
    public func format(_ values: [Double]) -> String { Format.vector(values, digits: state.settings.precision) }

    // MARK: Running lines

    /// Runs one line (possibly several commands separated by `;`). Returns
    /// false when a command failed; the commands after a failed one are skipped.
    @discardableResult
    public func run(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return true }
        if trimmed.hasPrefix("#") {
            recording.prose(trimmed, at: depth + 1)
            return true
        }
        depth += 1
        defer { depth -= 1 }
        return execute(line)
    }

    /// Runs `body` (a replay) so that the lines it runs are recorded as if
    /// typed, in place of the command running it. If that command then fails
    /// (its state is put back), so is the record, and the command is recorded.
    func recordingReplayedLines<T>(_ body: () throws -> T) rethrows -> T {
        try recording.replacing(at: depth, body)
    }

    /// Runs a line without writing its output; returns success and the output lines.
    public func runCapturing(_ line: String) -> (ok: Bool, output: [String]) {
        let wasMuted = muted
        var outer: [String] = []
        swap(&outer, &captured)
        muted = true
        defer { muted = wasMuted }
        let ok = run(line)
        swap(&outer, &captured)
        return (ok, outer)
    }

    /// Parses the line and looks up every command name before running any,
    /// so `net 2 9 1; trian` builds nothing. Stops at the first failure, and
    /// at Ctrl-C (which abandons the rest of the line). Each command of the
    /// line is recorded on its own, when it ends (so `data xor; save session s`
    /// saves `data xor`); a line that does not parse is recorded whole.
    private func execute(_ line: String) -> Bool {
        // A tab is a blank to the parser: running the line with spaces in its
        // place (inside quotes too) records exactly what ran. Any other control
        // character runs as the visible escape a transcript writes for it
        // (`\u{1b}`), so every line replays as it ran, error included.
        let line = Printable.text(line.replacingOccurrences(of: "\t", with: " "))
        lineHistory.append(line)
        var commands: [(Command, [Token])] = []
        let texts: [String]
        do {
            let parsed = try LineParser.parse(line)
            for tokens in parsed {
                commands.append((try lookupOrExplain(tokens[0].text), tokens))
            }
            texts = LineParser.commandTexts(of: line, parsed)
        } catch {
            return recorded(line.trimmingCharacters(in: .whitespaces), column: 1) {
                printError(error.userMessage, pointing: error, into: line)
                return false
            }
        }
        for (index, ((command, tokens), text)) in zip(commands, texts).enumerated() {
            guard recorded(text, column: tokens[0].column, { runCommand(command, tokens, of: line) }) else { return false }
            if interrupt.isRequested {
                reportInterrupt(after: command, skipped: commands.count - index - 1)
                return false
            }
            if quitRequested { break }
        }
        return true
    }

    /// Runs one command collecting its output, and records both (`SessionRecording`).
    private func recorded(_ text: String, column: Int, _ body: () -> Bool) -> Bool {
        var outer: [String] = []
        swap(&outer, &captured)
        let mark = recording.begin()
        let ok = body()
        recording.end(mark, command: text, output: captured, ok: ok, at: depth, folder: baseDirectory)
        // Appended in place (a replay's output grows with each command it runs: copying it would not).
        swap(&outer, &captured)
        captured.append(contentsOf: outer)
        if depth == 1 { onCommandEnd?(text, column, ok) }
        return ok
    }

    private func runCommand(_ command: Command, _ tokens: [Token], of line: String) -> Bool {
        let before = state
        interruptHonoured = false
        do {
            let arguments = try Arguments(command: command.name, usage: command.usage, tokens: Array(tokens.dropFirst()),
                                          accepted: command.options,
                                          wordKeys: command.wordKeys)
            try command.handler(context, arguments)
        } catch {
            state = before
            printError("\(command.name): \(error.userMessage)", pointing: error, into: line)
            return false
        }
        // Commands run by a replayed file are not undo steps of their own: `undo` undoes the replay.
        if command.changesState && depth == 1 {
            undoHistory.record(command: tokens.map(\.text).joined(separator: " "), before: before, after: state)
        }
        return true
    }

    /// The one place an `error:` line is printed. User text quoted in the
    /// message is clipped, so a 20,000-character word gives a short line.
    /// An error at one column of `line` (`LabError.column`) is followed by
    /// the line as typed with a caret under that column.
    private func printError(_ message: String, pointing error: Error? = nil, into line: String = "") {
        let words = message.split(separator: " ", omittingEmptySubsequences: false).map { Arguments.clip(String($0), to: 60) }
        var diagnostic = Diagnostic(message: "error: " + Arguments.clip(words.joined(separator: " "), to: 400), isError: true)
        if let column = (error as? LabError)?.column { diagnostic.caret = (line, column) }
        // A replayed command's error is part of the replay's output, not the status of the line typed.
        if depth == 1, let writeError = output.writeError, !diagnostic.message.utf8.contains(UInt8(ascii: "\n")) {
            let lines = diagnostic.recorded
            captured += lines
            if !muted { writeError(lines.joined(separator: "\n")) }
            return
        }
        printDiagnostic(diagnostic)
    }

    /// Prints `warning: message`: recorded like any output, shown apart from
    /// results (on stderr) where the output keeps diagnostics apart.
    public func warn(_ message: String) { printDiagnostic(Diagnostic(message: "warning: " + message, isError: false)) }

    /// An error or warning (with its caret lines): recorded as it is, shown on
    /// the diagnostic channel with the line's location (`Diagnostic`), or
    /// among the results where there is none.
    private func printDiagnostic(_ diagnostic: Diagnostic) {
        captured += diagnostic.recorded
        guard !muted else { return }
        guard let writeDiagnostic = output.writeDiagnostic else {
            let shown = diagnostic.lines(width: output.wrapsLines ? output.columns : nil)
            return (shown.message + shown.caret).forEach(output.write)
        }
        var placed = diagnostic
        placed.location = location
        writeDiagnostic(placed)
    }

    public func lookup(_ name: String) -> Command? {
        let lowered = name.lowercased()
        return commands.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The command called `name`, or an error naming it with the closest command.
    private func lookupOrExplain(_ name: String) throws -> Command {
        if let command = lookup(name) { return command }
        var message = "unknown command '\(name)'"
        if let guess = suggestion(for: name) { message += " (did you mean '\(guess)'?)" }
        throw LabError(message + "; type help for the list")
    }

    /// The command name closest to a mistyped one, if any is close.
    func suggestion(for name: String) -> String? {
        let guess = EditDistance.closest(to: name, in: commands.flatMap { [$0.name] + $0.aliases })
        return guess.flatMap { lookup($0)?.name }
    }

    // MARK: Ctrl-C

    /// For long commands to poll between steps (train at batch boundaries):
    /// true once Ctrl-C was pressed. The command then stops and says where.
    func stopRequested() -> Bool {
        guard interrupt.isRequested else { return false }
        interruptHonoured = true
        return true
    }

    /// Says what Ctrl-C did when the command could not stop midway, and what
    /// was left out: a diagnostic (stderr), like an error, not a result.
    private func reportInterrupt(after command: Command, skipped: Int) {
        var parts: [String] = []
        if !interruptHonoured { parts.append("\(command.name) cannot stop midway and ran to its end") }
        if skipped > 0 { parts.append("the rest of the line was not run (\(Format.count(skipped, "command")))") }
        if !parts.isEmpty { printDiagnostic(Diagnostic(message: "interrupted: " + parts.joined(separator: "; "), isError: false)) }
    }

    // MARK: Undo

    /// Puts back the network and data as they were before the last command
    /// that changed them (and that command's settings, unless changed since).
    func undo() throws -> UndoHistory.Step {
        guard let step = undoHistory.pop() else {
            throw LabError(undoHistory.droppedSteps
                ? "nothing more to undo: older steps were dropped to keep undo within \(undoHistory.budget >> 20) MB"
                : "nothing to undo")
        }
        let settings = state.settings == step.settingsAfter ? step.before.settings : state.settings
        state = step.before
        state.settings = settings
        return step
    }

    /// Keeps `script` as the picture of the `plot` command being run (`recordedPlots`).
    func recordPlot(_ script: GnuplotScript) { recording.pendingPlot = script }

    /// A user's path: absolute as given, relative to `baseDirectory` otherwise.
    public func resolve(_ path: String) -> String { Paths.resolve(path, against: baseDirectory) }
    /// A path as shown in output: relative to `baseDirectory` when inside it.
    public func displayPath(_ path: String) -> String { Paths.display(path, against: baseDirectory) }
}
