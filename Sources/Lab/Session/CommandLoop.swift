/// The read–run loop behind every way of giving bplab commands: typed at the
/// prompt, piped in, read from a file or given with `-c`. Input comes through
/// a `LineReader`, so tests drive the loop with a list of lines.
public enum CommandLoop {
    public enum Outcome: Equatable, Sendable {
        /// The input ended (or `quit`, or a script's first error); `failed` when some command gave an error.
        case finished(failed: Bool)
        /// A script was stopped by Ctrl-C; the lines after the one running were not read.
        case interrupted
    }

    /// Runs `reader`'s lines in `session` until the input ends or `quit`.
    ///
    /// A script (not `interactive`) stops at its first failing line, as a
    /// shell script under `set -e` does, since the lines after were written
    /// to follow it; `keepGoing` runs them anyway. When the lines come from
    /// a file or standard input, `source` names it, and every error and
    /// warning says where: `FILE:LINE: error: …` (`Session.location`).
    ///
    /// Ctrl-C abandons the rest of the line it came in (the session stops
    /// between commands). At a prompt the loop then clears the flag and
    /// reads the next line; in a script it stops reading.
    public static func run(_ session: Session, reader: inout some LineReader, interactive: Bool,
                           source: String? = nil, keepGoing: Bool = false) -> Outcome {
        var failed = false
        var number = 0
        defer { session.location = nil }
        while !session.quitRequested, let line = reader.readLine() {
            number += 1
            session.location = source.map { "\($0):\(number)" }
            if !session.run(line) {
                failed = true
                if !interactive && !keepGoing && !session.interrupt.isRequested { break }
            }
            guard session.interrupt.isRequested else { continue }
            guard interactive else { return .interrupted }
            session.interrupt.clear()
        }
        // Ctrl-C while a script waited for input ends the input too.
        if !interactive && session.interrupt.isRequested { return .interrupted }
        return .finished(failed: failed)
    }
}
