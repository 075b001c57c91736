import Foundation

/// Runs a transcript's commands through a session, as if typed.
///
/// - show: prints each `bp> command` and its output;
/// - step: the same, waiting for Enter before each command (`q` or Ctrl-C stops; any other key asks again) — for a class;
/// - check: runs silently and prints a unified diff for every command whose
///   output differs from the recording; its files go to a scratch folder
///   and are compared with those beside the transcript (`ReplayScratch`);
/// - quiet: runs silently and checks nothing (restoring a journal). It grants
///   no overwrites and numbers plots as typed lines do: the journal's folders
///   are the user's own.
///
/// The replayed commands and prose are recorded in the session as if typed
/// (a saved session holds them, not the `replay` line). File names resolve
/// against the transcript's folder, or the folder its directory line names.
/// A transcript is input, so its writes are contained (`WriteTarget`): only
/// inside those folders, replacing only files its recording says the command
/// wrote, never a transcript being replayed. A `set terminal png` plot
/// writes the file its recorded output names, so a transcript checks the
/// same way in any folder, twice, and a session saved after a replay names
/// the same files. Replays nest at most `maximumDepth` deep, and a
/// transcript that (through others) replays itself is refused.
/// Ctrl-C stops a replay between commands. While a command runs, the
/// session's `location` is its `FILE:LINE`, so its error says where it is.
/// With `stopsAtError` (`bplab FILE.bpl`) a replay stops at the first
/// command that fails unless its recording shows it failing (a lesson may
/// show an error on purpose).
public struct Replay {
    public enum Mode: Sendable { case show, step, check, quiet }

    /// How deep `replay` lines may nest (a lesson replaying a lesson replaying …).
    public static let maximumDepth = 8

    public struct Result: Equatable, Sendable {
        public var commands = 0
        public var differences = 0
        public var stopped = false
        public var problems: [String] = []
        /// The transcript line of the first command that failed although its
        /// recording shows no error (with `stopsAtError`, the replay stopped there).
        public var failedLine: Int?
    }

    /// Reads and replays `path`. `nextKey` supplies the keys for step mode
    /// (nil at end of input or on Ctrl-C, which stops the replay).
    public static func run(file path: String, in session: Session, mode: Mode, stopsAtError: Bool = false,
                           nextKey: () -> String? = { nil }) throws -> Result {
        let data = try FileReader.data(at: path, shownAs: session.displayPath(path), what: "a transcript",
                                       limit: session.state.settings.memoryLimit ?? MemoryBudget.automatic)
        return try run(Transcript(parsing: data), from: path, in: session, mode: mode, stopsAtError: stopsAtError, nextKey: nextKey)
    }

    /// Replays `transcript`, read from `path`: file names resolve against its folder.
    public static func run(_ transcript: Transcript, from path: String, in session: Session, mode: Mode,
                           stopsAtError: Bool = false, nextKey: () -> String? = { nil }) throws -> Result {
        let name = session.displayPath(path)
        let problems = mode == .quiet ? [] : transcript.problems.map { "\(name): \($0)" }
        guard !transcript.commands.isEmpty else {
            problems.forEach(session.warn)
            throw LabError("\(name) has no command lines (lines starting '\(Transcript.prompt)')")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let saved = (session.baseDirectory, session.replaying, session.replayChain, session.location)
        // A check writes into a scratch folder of its own (or of the check it runs in).
        let scratch = mode == .check && session.replaying?.scratch == nil ? try ReplayScratch() : nil
        defer { scratch?.remove() }
        try enter(path, shownAs: name, folder: folder, contained: mode != .quiet, scratch: scratch, in: session)
        defer { (session.baseDirectory, session.replaying, session.replayChain, session.location) = saved }
        var result = Result(problems: transcript.problems)
        problems.forEach(session.warn)
        // Ctrl-C during the last command (or at the step prompt) ends the
        // replay before `line`; the command loop clears the flag.
        func stoppedByCtrlC(before line: Int) -> Bool {
            guard session.stopRequested() else { return false }
            result.stopped = true
            session.print("replay stopped by Ctrl-C before line \(line)")
            return true
        }
        session.recordingReplayedLines {
            // In step mode the prose before a command is recorded with it, once it runs:
            // a replay stopped at a command leaves no prose of it behind in the record.
            var pendingProse: [String] = []
            for entry in transcript.entries {
                switch entry {
                case .prose(let line):
                    if mode == .show || mode == .step { session.print(line) }
                    if mode == .step { pendingProse.append(line) } else { session.run(line) }  // recorded, prints nothing
                case .directory(let relative):
                    session.baseDirectory = relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
                    session.replaying?.folders.append(Paths.absolute(session.resolve(".")))
                case let .command(command, line, recorded):
                    if stoppedByCtrlC(before: line) { return }
                    if mode == .step {
                        guard askToRun(command, line: line, in: session, nextKey: nextKey, stopped: stoppedByCtrlC) else {
                            result.stopped = true
                            return
                        }
                        pendingProse.forEach { session.run($0) }
                        pendingProse = []
                    } else if mode == .show {
                        session.print(Transcript.prompt + command)
                    }
                    session.location = "\(name):\(line)"
                    let ok = replay(command, line: line, recorded: recorded, name: name, mode: mode, in: session, result: &result)
                    if !ok && !recorded.contains(where: { $0.hasPrefix("error:") }) {
                        result.failedLine = result.failedLine ?? line
                        if stopsAtError { return }
                    }
                    if session.quitRequested { return }
                }
            }
            pendingProse.forEach { session.run($0) }
        }
        if let scratch, !result.stopped {
            for location in scratch.differences() {
                result.differences += 1
                session.print("\(session.displayPath(location)): the file beside the transcript differs from the one the replay wrote")
            }
        }
        if mode == .check && !result.stopped {
            session.print(result.differences == 0
                ? "\(name): \(Format.count(result.commands, "command")) replayed, every output matches"
                : "\(name): \(result.differences) of \(Format.count(result.commands, "command")) differ")
        }
        return result
    }

    /// The step prompt: shows the command and waits for a key. Enter runs it,
    /// q (or the end of input, or Ctrl-C) stops the replay before it; any
    /// other answer says so and asks again, so a stray key never runs a command.
    private static func askToRun(_ command: String, line: Int, in session: Session, nextKey: () -> String?,
                                 stopped: (Int) -> Bool) -> Bool {
        session.print(Transcript.prompt + command + "   [Enter: run, q: stop]")
        while true {
            let key = nextKey()
            if stopped(line) { return false }
            guard let answer = key?.trimmingCharacters(in: .whitespaces).lowercased(), answer != "q" else {
                session.print("replay stopped before line \(line)")
                return false
            }
            if answer.isEmpty { return true }
            session.print("Enter runs this command, q stops the replay   [Enter: run, q: stop]")
        }
    }

    /// Runs one recorded command as `mode` says, counting it (and, in a check,
    /// its difference) in `result`; false when it failed.
    private static func replay(_ command: String, line: Int, recorded: [String], name: String, mode: Mode,
                               in session: Session, result: inout Result) -> Bool {
        result.commands += 1
        session.replaying?.recordedOutput = recorded
        switch mode {
        case .quiet:
            return session.runCapturing(command).ok
        case .check:
            let (ok, output) = session.runCapturing(command)
            let diff = LineDiff.unified(expected: recorded, actual: output.dropLastEmpty(),
                                        expectedName: "\(name):\(line) recorded", actualName: "replayed: \(command)")
            if !diff.isEmpty {
                result.differences += 1
                session.print(lines: diff)
            }
            return ok
        case .show, .step:
            return session.run(command)
        }
    }

    /// Makes `session` replay `path` in `folder`, its writes `contained` (all
    /// but a journal's); throws when `path` is in the chain of replays already
    /// (a cycle: it would replay itself until the stack overflows) or the
    /// chain is `maximumDepth` long.
    private static func enter(_ path: String, shownAs name: String, folder: String, contained: Bool, scratch: ReplayScratch?,
                              in session: Session) throws {
        let chain = session.replayChain + [(WriteTarget.realLocation(path), name)]
        let names = chain.map(\.shown).joined(separator: " → ")
        if session.replayChain.contains(where: { $0.path == chain.last!.path }) {
            throw LabError("\(name) is already being replayed (\(names)): a transcript cannot replay itself")
        }
        guard chain.count <= maximumDepth else {
            throw LabError("replays nest at most \(maximumDepth) deep (\(names))")
        }
        session.baseDirectory = folder
        session.replayChain = chain
        if contained {
            session.replaying = ReplayContext(folders: [Paths.absolute(session.resolve("."))], transcripts: chain.map(\.path),
                                              enclosing: session.replaying, scratch: scratch)
        }
    }
}
