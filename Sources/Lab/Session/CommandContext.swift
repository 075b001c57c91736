import BackpropCore
import Foundation
import Gnuplot

/// What a command handler works with: the state it may change, where its
/// output goes, its files, gnuplot, Ctrl-C, and the few session services
/// some commands need (help, history, undo, the record, replay). Handlers
/// never see the session itself, so its recording, undo history and replay
/// bookkeeping stay its own; adding a command cannot reach into them.
public final class CommandContext {
    private unowned let session: Session
    /// The trainer lives across `train` calls while nothing it depends on changes.
    private var trainer: (key: TrainerKey, trainer: Trainer)?

    init(session: Session) {
        self.session = session
    }

    // MARK: State and output

    /// The network, data, settings and last forward pass: a command that
    /// throws has its changes put back by the session.
    public var state: LabState {
        get { session.state }
        set { session.state = newValue }
    }

    /// Records and writes `line`, one output line per "\n" in it.
    public func print(_ line: String = "") { session.print(line) }
    public func print(lines: [String]) { session.print(lines: lines) }
    /// A long text a person reads at the prompt, paged to the window's height there (`Session.printPaged`).
    func printPaged(_ lines: [String]) { session.printPaged(lines) }
    /// Prints `warning: message`, apart from results (stderr) where the output keeps them apart.
    public func warn(_ message: String) { session.warn(message) }
    /// A matrix (`Format.matrix`) in the session's precision: recorded as
    /// it is at every width, shown in column blocks that fit the window
    /// where the output wraps lines (a row broken between its numbers would
    /// no longer line up under its column labels).
    func printMatrix(_ m: [[Double]], rowName: String = "i", columnName: String = "j") {
        let digits = state.settings.precision
        let recorded = Format.matrix(m, digits: digits, rowName: rowName, columnName: columnName)
        print(recorded: recorded) { Format.matrix(m, digits: digits, rowName: rowName, columnName: columnName, width: $0) }
    }
    /// Records `recorded` (the same at every window width) and shows
    /// `laidOut(width)` of the window's width where the output wraps lines
    /// (a table laid out to fit), `recorded` elsewhere.
    func print(recorded: [String], laidOut: (_ width: Int) -> [String]) {
        guard output.wrapsLines else { return print(lines: recorded) }
        session.print(recorded: recorded, shownAsText: laidOut(output.columns))
    }
    /// Shows `shown` but records `recorded` (colour and sixel are for the eye only).
    func print(shown: [String], recorded: [String]) { session.print(shown: shown, recorded: recorded) }

    /// A number in the session's precision.
    public func format(_ value: Double) -> String { Format.number(value, digits: state.settings.precision) }
    public func format(_ values: [Double]) -> String { Format.vector(values, digits: state.settings.precision) }

    /// The screen (size, colour, progress channel) output goes to.
    var output: OutputTarget { session.output }
    /// Draws plots on the session's gnuplot (started on the first plot):
    /// the only way Lab reaches gnuplot.
    var plotRenderer: PlotRenderer { PlotRenderer(gnuplot: session.gnuplot) }

    /// Keeps `script` as the picture of the `plot` command being run, for notebook export.
    func recordPlot(_ script: GnuplotScript) { session.recordPlot(script) }

    /// For long commands to poll between steps: true once Ctrl-C was pressed.
    func stopRequested() -> Bool { session.stopRequested() }

    // MARK: Files

    /// The folder relative file names resolve against.
    var baseDirectory: String { session.baseDirectory }

    /// The transcript being replayed, whose writes `writeTarget` contains.
    var replayContext: ReplayContext? { session.replaying }

    /// During a replay, takes the first line of the recorded output that
    /// `value` reads (the file a recorded `plot` wrote, to write it again).
    func takeReplayedOutput<T>(_ value: (String) -> T?) -> T? {
        session.replaying?.takeRecorded(value)
    }

    // MARK: Session services

    public var commands: [Command] { session.commands }
    func lookup(_ name: String) -> Command? { session.lookup(name) }
    func suggestion(for name: String) -> String? { session.suggestion(for: name) }
    /// Every line run so far, as run.
    var lineHistory: [String] { session.lineHistory }
    /// The session so far: commands, outputs, prose.
    var record: Transcript { session.record }
    /// The pictures of the recorded `plot` commands, by command number.
    var recordedPlots: [Int: GnuplotScript] { session.recordedPlots }
    /// The numbers of the recorded commands that failed.
    var failedCommands: Set<Int> { session.failedCommands }
    func undo() throws -> UndoHistory.Step {
        let step = try session.undo()
        trainer = nil
        return step
    }
    func requestQuit() { session.quitRequested = true }
    /// Runs a transcript's commands through the session, as if typed.
    func replay(file path: String, mode: Replay.Mode) throws -> Replay.Result {
        try Replay.run(file: path, in: session, mode: mode, nextKey: { [session] in session.readKey?() })
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
