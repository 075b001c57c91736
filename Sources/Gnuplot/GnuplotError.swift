/// What can go wrong with gnuplot. Every case is thrown and never traps —
/// even `refused`, which only a mistake in bplab's own scripts can cause —
/// so the REPL prints `error: ` followed by `description`, and everything
/// that does not plot keeps working.
public enum GnuplotError: Error, Equatable, CustomStringConvertible, Sendable {
    /// gnuplot could not be started: the binary (from the initializer,
    /// `BPLAB_GNUPLOT`, or `gnuplot` on PATH) is not there or not runnable.
    case missing(String)
    /// gnuplot rejected a command of the script: its message, the script
    /// line number and the offending line, e.g.
    /// `line 3: undefined function: foo (in: plot foo(x))`.
    case script(String)
    /// gnuplot ended before finishing the script (a crash, a `quit`, a kill)
    /// or stopped answering; it is restarted on next use.
    case crashed(String)
    /// An output path or output request bplab refuses to hand to gnuplot:
    /// `|cmd` and `<cmd` would run shell commands, control characters would
    /// end the command line.
    case unsafePath(String)
    /// A command `GnuplotScript` does not take: one that would set the
    /// terminal or the output (given only by `GnuplotScript(terminal:output:)`)
    /// or run or read something outside the script (see `GnuplotCommandCheck`).
    case refused(String)
    /// The script could not be handed over: its temporary file could not be
    /// written (a full disk, a removed temporary directory).
    case io(String)

    public var description: String {
        switch self {
        case .missing(let binary):
            return "gnuplot: cannot run '\(binary)': install gnuplot with `sudo apt-get install gnuplot-nox` "
                + "or set BPLAB_GNUPLOT to a gnuplot binary (everything but plots works without it)"
        case .script(let message): return "gnuplot: \(message)"
        case .crashed(let message): return "gnuplot: \(message)"
        case .unsafePath(let message): return "unsafe output path: \(message)"
        case .refused(let message): return "gnuplot script: refused command: \(message)"
        case .io(let message): return "gnuplot: \(message)"
        }
    }
}
