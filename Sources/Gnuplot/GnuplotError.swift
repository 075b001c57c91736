/// What can go wrong with gnuplot; the REPL prints `error: gnuplot: …`.
public enum GnuplotError: Error, Equatable, CustomStringConvertible, Sendable {
    /// gnuplot is not installed (or `BPLAB_GNUPLOT` names nothing runnable).
    case missing(String)
    /// gnuplot rejected a command of the script.
    case script(String)
    /// gnuplot ended or stopped answering; it is restarted on next use.
    case crashed(String)
    /// An output path bplab refuses to hand to gnuplot.
    case unsafePath(String)

    public var description: String {
        switch self {
        case .missing(let binary):
            return "gnuplot: '\(binary)' not found — install it with `sudo apt-get install gnuplot-nox` (everything but plots works without it)"
        case .script(let message): return "gnuplot: \(message)"
        case .crashed(let message): return "gnuplot: \(message)"
        case .unsafePath(let message): return "unsafe output path: \(message)"
        }
    }
}
