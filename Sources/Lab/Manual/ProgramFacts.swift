/// What the `bplab` program promises outside its command language: the
/// statuses it exits with and the environment it reads. One list of each,
/// which `--help`, the README and the man page all print, so they agree.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    case commandFailed = 1
    case unusable = 2
    case interrupted = 130

    /// Short enough that `--help` shows each on one line of 80 columns.
    public var meaning: String {
        switch self {
        case .success: "every command succeeded (replay --check: every output matches)"
        case .commandFailed: "a command failed (a script stops there), or replay --check differed"
        case .unusable: "bad command line, unreadable FILE, or BPLAB_KERNELS not usable here"
        case .interrupted: "Ctrl-C stopped a script; a second Ctrl-C ends bplab by SIGINT"
        }
    }

    /// `  0    every command succeeded …`, for `--help`.
    public static var lines: [String] {
        allCases.map { "  " + String($0.rawValue).padding(toLength: 5, withPad: " ", startingAt: 0) + $0.meaning }
    }

    /// The README's list, in Markdown.
    public static var markdown: String {
        allCases.map { "- `\($0.rawValue)`: \($0.meaning)\n" }.joined()
    }
}

/// The environment variables bplab reads, with what each does.
public enum EnvironmentVariable: String, CaseIterable, Sendable {
    case noColor = "NO_COLOR"
    case term = "TERM"
    case kernels = "BPLAB_KERNELS"
    case sixel = "BPLAB_SIXEL"
    case gnuplot = "BPLAB_GNUPLOT"
    case state = "XDG_STATE_HOME"

    public var meaning: String {
        switch self {
        case .noColor: "set to any non-empty value: no colour (an empty NO_COLOR does not count)"
        case .term: "dumb: no colour, and the terminal is never asked whether it shows sixels"
        case .kernels: "avx2: run the AVX2 kernels on an AVX-512 machine (results are bit-identical)"
        case .sixel: "1 or 0: sixel plots on or off whatever the terminal says"
        case .gnuplot: "the gnuplot binary to run (default: gnuplot on PATH)"
        case .state: "history, journals and temporary-file lists go to $XDG_STATE_HOME/bplab (default ~/.local/state/bplab)"
        }
    }
}
