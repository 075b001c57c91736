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

    /// The window's size now (80×24 when `fd` is not a terminal), asked
    /// per plot and per wrapped line rather than once at start-up.
    static func size(of fd: Int32 = STDOUT_FILENO) -> (columns: Int, lines: Int) {
        var window = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    var outputTarget: OutputTarget {
        let write: @Sendable (String) -> Void = { line in Console.emit(line + "\n", to: .standardOutput) }
        // The bar goes to stderr, so it needs stderr on the terminal too: never into `2> file`.
        var progress: (@Sendable (String) -> Void)? = nil
        if outputIsTerminal && errorIsTerminal {
            progress = { text in Console.emit(text, to: .standardError) }
        }
        return OutputTarget(write: write, isTerminal: outputIsTerminal, color: color,
                            size: { Console.size() }, wrapsLines: outputIsTerminal, progress: progress,
                            writeDiagnostic: diagnostics)
    }

    /// Errors and warnings on stderr. On a terminal they are drawn to its
    /// width: the message word-wrapped, every piece of an error red (where
    /// colour is allowed), the quoted line cut around its caret, never
    /// wrapped; elsewhere (a pipe, a file) as recorded, in one line each.
    private var diagnostics: @Sendable (Diagnostic) -> Void {
        let errorIsTerminal = self.errorIsTerminal, errorColor = self.errorColor
        return { diagnostic in
            let shown = diagnostic.lines(width: errorIsTerminal ? Console.size(of: STDERR_FILENO).columns : nil)
            let red = errorColor && diagnostic.isError
            let message = shown.message.map { red ? "\u{1B}[31m" + $0 + "\u{1B}[0m" : $0 }
            Console.emit((message + shown.caret).map { $0 + "\n" }.joined(), to: .standardError)
        }
    }

    /// The REPL's pager for long help: set only when stdin and stdout are
    /// both the terminal, so a pipe, a file or `-c` never waits for a key.
    var pager: (@Sendable () -> Bool)? {
        guard inputIsTerminal && outputIsTerminal else { return nil }
        return { Pager.nextPage() }
    }
}
