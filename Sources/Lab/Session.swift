import BackpropCore
import Foundation
import Gnuplot

/// Where a session's text goes, and what kind of screen it is.
public struct OutputTarget: Sendable {
    /// Receives each line of output (without newline).
    public var write: @Sendable (String) -> Void
    /// True when a person watches a terminal: progress bars and colour may appear.
    public var isTerminal: Bool
    /// Colour on (never when NO_COLOR is set or not a terminal).
    public var color: Bool
    /// Terminal size in characters (for text plots).
    public var columns: Int
    public var lines: Int
    /// Receives progress-bar updates (a terminal's stderr); nil when not a terminal.
    public var progress: (@Sendable (String) -> Void)?

    public init(write: @escaping @Sendable (String) -> Void, isTerminal: Bool = false, color: Bool = false,
                columns: Int = 80, lines: Int = 24, progress: (@Sendable (String) -> Void)? = nil) {
        self.write = write
        self.isTerminal = isTerminal
        self.color = color
        self.columns = columns
        self.lines = lines
        self.progress = progress
    }
}

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
    /// Every line run so far (for `history` and `save session`).
    public private(set) var lineHistory: [String] = []
    /// Set by `quit`; the REPL loop ends after the current line.
    public var quitRequested = false
    /// Reads one line of keyboard input for `replay FILE step` (nil: none available).
    public var readKey: (() -> String?)?
    public let commands: [Command]
    /// The session's gnuplot, started on the first plot.
    public lazy var gnuplot = GnuplotProcess()

    /// Every line run so far with its output, for `save session` and the journal.
    public private(set) var record = Transcript()
    /// The gnuplot scripts of the recorded `plot` commands, by index in
    /// `record.entries`, so a notebook export can draw each plot as it was.
    public private(set) var recordedPlots: [Int: GnuplotScript] = [:]
    /// The plot drawn by the command being run, attached to its entry when recorded.
    var pendingPlot: GnuplotScript?
    /// Called after each recorded entry (the journal appends it to disk).
    public var onRecord: ((Transcript.Entry) -> Void)?
    /// Output of the command being run, collected for the record and for replay checks.
    private var captured: [String] = []
    /// While true, output is collected but not written (replay check).
    private var muted = false
    /// Nesting depth of `run`.
    private var depth = 0
    /// Commands at this depth are recorded: 1 for lines typed or given; a
    /// replay raises it, so the lines it replays are recorded as if typed, in
    /// place of the `replay` command itself (see `recordingReplayedLines`).
    private var recordedDepth = 1
    /// Set when the running command's lines were recorded one by one (a replay).
    private var recordedInPlace = false
    /// The transcript being replayed, if any: its folder and plot numbering.
    var replaying: ReplayContext?

    private var undoStack: [LabState] = []
    private static let undoDepth = 100
    /// The trainer lives across `train` calls while nothing it depends on changes.
    private var trainer: (key: TrainerKey, trainer: Trainer)?

    public init(output: OutputTarget, baseDirectory: String = ".", commands: [Command] = CommandTable.all) {
        self.output = output
        self.baseDirectory = baseDirectory
        self.commands = commands
    }

    // MARK: Output

    public func print(_ line: String = "") {
        for part in line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            captured.append(String(part))
            if !muted { output.write(String(part)) }
        }
    }

    public func print(lines: [String]) { lines.forEach { print($0) } }

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
            if depth + 1 == recordedDepth { append(.prose(trimmed)) }
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
        guard depth == recordedDepth else { return try body() }
        recordedDepth += 1
        recordedInPlace = true
        defer { recordedDepth -= 1 }
        return try body()
    }

    /// Runs a line without writing its output; returns success and the output lines.
    public func runCapturing(_ line: String) -> (ok: Bool, output: [String]) {
        let wasMuted = muted, outer = captured
        muted = true
        captured = []
        defer { muted = wasMuted }
        let ok = run(line)
        let output = captured
        captured = outer
        return (ok, output)
    }

    private func append(_ entry: Transcript.Entry) {
        if case .command = entry {
            // File names in the record are relative to the folder they ran in (a replay runs in its own).
            let folder = Transcript.absolute(baseDirectory)
            let last = record.entries.last { if case .directory = $0 { return true } else { return false } }
            if last != .directory(folder) {
                record.entries.append(.directory(folder))
                onRecord?(.directory(folder))
            }
        }
        if let plot = pendingPlot {
            recordedPlots[record.entries.count] = plot
            pendingPlot = nil
        }
        record.entries.append(entry)
        onRecord?(entry)
    }

    private func execute(_ line: String) -> Bool {
        lineHistory.append(line)
        let parsed: [[Token]]
        do {
            parsed = try LineParser.parse(line)
        } catch {
            return recorded(line.trimmingCharacters(in: .whitespaces)) { print("error: \(error.userMessage)"); return false }
        }
        // Each command of the line is recorded on its own, when it ends (so `data xor; save session s` saves `data xor`).
        for (tokens, text) in zip(parsed, Transcript.commandTexts(of: line, parsed)) {
            guard recorded(text, { runCommand(tokens) }) else { return false }
            if quitRequested { break }
        }
        return true
    }

    /// Runs one command collecting its output, and records both when it runs at the recorded depth.
    private func recorded(_ text: String, _ body: () -> Bool) -> Bool {
        let outer = captured, outerInPlace = recordedInPlace, entries = record.entries.count
        captured = []
        recordedInPlace = false
        let ok = body()
        if !ok { pendingPlot = nil }  // a plot that failed is not drawn in a notebook
        if depth == recordedDepth {
            if recordedInPlace && !ok {
                record.entries.removeSubrange(entries...)
                recordedPlots = recordedPlots.filter { $0.key < entries }
            }
            if !recordedInPlace || !ok { append(.command(text, line: record.commands.count + 1, output: captured)) }
        }
        pendingPlot = nil
        captured = outer + captured
        recordedInPlace = outerInPlace
        return ok
    }

    /// Shows non-text output (a sixel image) on the screen only; the record and
    /// replay checks get the one-line `placeholder` instead.
    func show(image: String, recordedAs placeholder: String) {
        captured.append(placeholder)
        if !muted { output.write(image) }
    }

    private func runCommand(_ tokens: [Token]) -> Bool {
        let name = tokens[0].text
        guard let command = lookup(name) else {
            var message = "unknown command '\(Arguments.clip(name))'"
            if let guess = suggestion(for: name) { message += " (did you mean '\(guess)'?)" }
            message += "; type help for the list"
            print("error: \(message)")
            return false
        }
        let before = state
        do {
            let arguments = try Arguments(command: command.name, tokens: Array(tokens.dropFirst()), accepted: command.options)
            try command.handler(self, arguments)
        } catch {
            state = before
            print("error: \(command.name): \(error.userMessage)")
            return false
        }
        if command.changesState && state != before {
            undoStack.append(before)
            if undoStack.count > Session.undoDepth { undoStack.removeFirst() }
        }
        return true
    }

    public func lookup(_ name: String) -> Command? {
        let lowered = name.lowercased()
        return commands.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The command name closest to a mistyped one, if any is close.
    func suggestion(for name: String) -> String? {
        let lowered = name.lowercased()
        let scored = commands.flatMap { c in ([c.name] + c.aliases).map { (c.name, EditDistance.between(lowered, $0)) } }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, min(lowered.count, best.0.count) / 3) ? best.0 : nil
    }

    // MARK: Files

    /// A user's path: absolute as given, relative to `baseDirectory` otherwise, `~/` expanded.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return (path as NSString).expandingTildeInPath }
        return (baseDirectory as NSString).appendingPathComponent(path)
    }

    /// A path as shown in output: relative to `baseDirectory` when inside it,
    /// so transcripts hold no machine-specific folders.
    public func displayPath(_ path: String) -> String {
        let base = (resolve(".") as NSString).standardizingPath + "/"
        let full = (path as NSString).standardizingPath
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }

    // MARK: Undo

    /// Puts back the state before the last command that changed it.
    func undo() -> Bool {
        guard let previous = undoStack.popLast() else { return false }
        state = previous
        trainer = nil
        return true
    }

    func clearUndo() { undoStack.removeAll() }

    // MARK: Shared requirements, with errors that say what to do first

    public func requireNetwork() throws -> Network {
        guard let network = state.network else {
            throw LabError("no network yet: build one first, e.g. `net 2 4:tanh 1:sigmoid`")
        }
        guard network.depth > 0 else {
            throw LabError("the network has no layers yet: add one with `layer 1 sigmoid`")
        }
        return network
    }

    public func requireData() throws -> LabData {
        guard let data = state.data, !data.train.isEmpty else {
            throw LabError("no data yet: load some first, e.g. `data xor` or `load FILE.csv`")
        }
        return data
    }

    /// The network and data, checked to fit each other.
    public func requireNetworkAndData() throws -> (Network, LabData) {
        let network = try requireNetwork()
        let data = try requireData()
        guard network.inputSize == data.train.inputs.columns else {
            throw LabError("the network takes \(network.inputSize) inputs but the data has \(data.train.inputs.columns) features")
        }
        guard network.outputSize == data.train.targets.columns else {
            throw LabError("the network has \(network.outputSize) outputs but the data has \(data.train.targets.columns) targets")
        }
        return (network, data)
    }

    // MARK: Training state

    /// The trainer for the current network shape, data and optimizer settings,
    /// reused across `train` calls so optimizer state and shuffles continue.
    func currentTrainer(for network: Network, data: LabData) throws -> Trainer {
        let s = state.settings
        let settings = OptimizerSettings(kind: s.optimizer, learningRate: s.learningRate, momentum: s.momentum)
        let key = TrainerKey(layers: network.layers, data: data, optimizer: settings, shuffleSeed: s.shuffleSeed)
        if let trainer, trainer.key == key { return trainer.trainer }
        let fresh = try Trainer(train: data.train, test: data.test, optimizer: settings, shuffleSeed: s.shuffleSeed,
                                parameterCount: network.parameters.count)
        trainer = (key, fresh)
        return fresh
    }

    /// Forgets optimizer state and the shuffle stream (after a re-initialisation).
    func resetTrainer() { trainer = nil }
}

/// What a trainer depends on: when any of it changes, training starts afresh.
private struct TrainerKey: Equatable {
    var layers: [LayerShape]
    var data: LabData
    var optimizer: OptimizerSettings
    var shuffleSeed: UInt64
}
