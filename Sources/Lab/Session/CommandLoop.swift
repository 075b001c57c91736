/// The read–run loop behind every way of giving bplab commands: typed at the
/// prompt, piped in, read from a file or given with `-c`. Input comes through
/// a `LineReader`, so tests drive the loop with a list of lines.
public enum CommandLoop {
    public enum Outcome: Equatable, Sendable {
        /// The input ended (or `quit`); `failed` when some command gave an error.
        case finished(failed: Bool)
        /// A script was stopped by Ctrl-C; the lines after the one running were not read.
        case interrupted
    }

    /// Runs `reader`'s lines in `session` until the input ends or `quit`.
    ///
    /// Ctrl-C abandons the rest of the line it came in (the session stops
    /// between commands). At a prompt (`interactive`) the loop then clears
    /// the flag and reads the next line; in a script it stops reading, since
    /// the lines after were written to follow the ones abandoned.
    public static func run(_ session: Session, reader: inout some LineReader, interactive: Bool) -> Outcome {
        var failed = false
        while !session.quitRequested, let line = reader.readLine() {
            if !session.run(line) { failed = true }
            guard session.interrupt.isRequested else { continue }
            guard interactive else { return .interrupted }
            session.interrupt.clear()
        }
        // Ctrl-C while a script waited for input ends the input too.
        if !interactive && session.interrupt.isRequested { return .interrupted }
        return .finished(failed: failed)
    }
}
