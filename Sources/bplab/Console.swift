import Foundation
import Lab

/// The process's terminal: whether stdin, stdout and stderr are terminals,
/// its size, and whether colour is allowed (only on a terminal, never with
/// NO_COLOR set to a value (https://no-color.org: an empty one does not
/// count) or TERM=dumb). Results go to stdout, errors and warnings to stderr.
struct Console {
    let inputIsTerminal = isatty(STDIN_FILENO) == 1
    let outputIsTerminal = isatty(STDOUT_FILENO) == 1
    let errorIsTerminal = isatty(STDERR_FILENO) == 1
    let color: Bool
    /// Colour for the `error:` lines on stderr.
    let errorColor: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let allowed = OutputTarget.colorAllowed(environment)
        color = outputIsTerminal && allowed
        errorColor = errorIsTerminal && allowed
    }

    /// A line on stdout; when the reader has gone (`bplab … | head`) bplab ends quietly.
    func write(_ line: String) {
        Console.emit(line + "\n", to: .standardOutput)
    }

    /// An error of the command line itself (not of a command): `error: …` on stderr.
    func error(_ message: String) {
        Console.emit("error: \(message)\n", to: .standardError)
    }

    /// Writes without trapping on a closed pipe (SIGPIPE is ignored, so the write fails instead).
    static func emit(_ text: String, to handle: FileHandle) {
        do { try handle.write(contentsOf: Data(text.utf8)) } catch { exit(0) }
    }

    /// The window's size now (80×24 when stdout is not a terminal), asked
    /// per plot and per wrapped line rather than once at start-up.
    static func size() -> (columns: Int, lines: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    var outputTarget: OutputTarget {
        let errorColor = self.errorColor
        let write: @Sendable (String) -> Void = { line in Console.emit(line + "\n", to: .standardOutput) }
        let diagnostic: @Sendable (String) -> Void = { line in
            let text = errorColor && line.contains("error: ") ? "\u{1B}[31m" + line + "\u{1B}[0m" : line
            Console.emit(text + "\n", to: .standardError)
        }
        // The bar goes to stderr, so it needs stderr on the terminal too: never into `2> file`.
        var progress: (@Sendable (String) -> Void)? = nil
        if outputIsTerminal && errorIsTerminal {
            progress = { text in Console.emit(text, to: .standardError) }
        }
        return OutputTarget(write: write, isTerminal: outputIsTerminal, color: color,
                            size: { Console.size() }, wrapsLines: outputIsTerminal, progress: progress,
                            writeDiagnostic: diagnostic)
    }
}
