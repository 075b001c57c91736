import Gnuplot

/// What a session records of itself (`Session.record`): each command with
/// its output, the prose, and a directory line wherever the folder that file
/// names resolve in changes — for `save session`, notebooks and the journal
/// — and the plot each command drew and which commands failed, for notebooks.
///
/// A command is recorded when it ends, if it ran at `depth`: 1 for lines
/// typed or given. A replay records the lines it runs in place of its own
/// line (`replacing`): it raises the depth, and if the replay then fails
/// (its state is put back), its lines come out of the record again and the
/// `replay` line goes in. Entries reach `onRecord` (the journal) only once
/// they are final: at once at depth 1, and a replay's after its outcome.
final class SessionRecording {
    private(set) var transcript = Transcript()
    /// The gnuplot scripts of the recorded `plot` commands, by the number of
    /// their command in the record (its `line`).
    private(set) var plots: [Int: GnuplotScript] = [:]
    /// The numbers of the recorded commands that failed.
    private(set) var failures: Set<Int> = []
    /// The plot drawn by the command being run, attached to it when recorded.
    var pendingPlot: GnuplotScript?
    var onRecord: (([Transcript.Entry]) -> Void)?
    /// Commands that run at this depth are recorded.
    private var depth = 1
    /// Set when the running command's lines were recorded one by one (a replay).
    private var inPlace = false
    /// How many entries were passed to `onRecord`.
    private var passedOn = 0
    /// The record's command count and its last directory entry, kept as it
    /// grows: counting or searching the entries per command would make a
    /// session's cost grow with its length.
    private var commandCount = 0
    private var lastDirectory: Transcript.Entry?

    /// Where the record stood when a command began (from `begin`, for `end`).
    struct Mark {
        fileprivate let entries: Int, commands: Int, inPlace: Bool
        fileprivate let directory: Transcript.Entry?
    }

    /// Records a prose line run at `runDepth`.
    func prose(_ line: String, at runDepth: Int) {
        guard runDepth == depth else { return }
        transcript.entries.append(.prose(line))
        passOnIfFinal()
    }

    /// Called before a command runs.
    func begin() -> Mark {
        defer { inPlace = false }
        return Mark(entries: transcript.entries.count, commands: commandCount, inPlace: inPlace, directory: lastDirectory)
    }

    /// Records the command begun at `mark`, which ran at `runDepth` in
    /// `folder`: with its output, unless its lines were recorded in place and
    /// it succeeded; if they were and it failed, they are taken out again.
    func end(_ mark: Mark, command text: String, output: [String], ok: Bool, at runDepth: Int, folder: String) {
        if !ok { pendingPlot = nil }  // a plot that failed is not drawn in a notebook
        if runDepth == depth {
            if inPlace && !ok {
                transcript.entries.removeSubrange(mark.entries...)
                plots = plots.filter { $0.key <= mark.commands }
                (commandCount, lastDirectory) = (mark.commands, mark.directory)
                failures = failures.filter { $0 <= mark.commands }
            }
            if !inPlace || !ok { appendCommand(text, output: output, ok: ok, folder: folder) }
            passOnIfFinal()
        }
        pendingPlot = nil
        inPlace = mark.inPlace
    }

    /// Runs `body` — a replay run by the command at `runDepth` — so that the
    /// lines it runs are recorded as if typed, in place of that command.
    func replacing<T>(at runDepth: Int, _ body: () throws -> T) rethrows -> T {
        guard runDepth == depth else { return try body() }
        depth += 1
        inPlace = true
        defer { depth -= 1 }
        return try body()
    }

    private func appendCommand(_ text: String, output: [String], ok: Bool, folder: String) {
        commandCount += 1
        if let plot = pendingPlot { plots[commandCount] = plot }
        if !ok { failures.insert(commandCount) }
        pendingPlot = nil
        // File names in the record are relative to the folder they ran in (a replay runs in its own).
        let directory = Transcript.Entry.directory(Paths.absolute(folder))
        if lastDirectory != directory {
            transcript.entries.append(directory)
            lastDirectory = directory
        }
        transcript.entries.append(.command(text, line: commandCount, output: output))
    }

    /// Passes the entries recorded since the last call to `onRecord`, unless
    /// a replay is recording in place: a failed replay takes its entries out
    /// of the record again, so the journal must not see them before its end.
    private func passOnIfFinal() {
        guard depth == 1, passedOn < transcript.entries.count else { return }
        onRecord?(Array(transcript.entries[passedOn...]))
        passedOn = transcript.entries.count
    }
}
