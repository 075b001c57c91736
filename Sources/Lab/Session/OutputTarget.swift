/// Where a session's text goes, and what kind of screen it is.
public struct OutputTarget: Sendable {
    /// Receives each line of output (without newline).
    public var write: @Sendable (String) -> Void
    /// True when a person watches a terminal: plots may be drawn to its size or in sixel.
    public var isTerminal: Bool
    /// Colour allowed: a terminal, NO_COLOR unset or empty, TERM not dumb (the console decides).
    public var color: Bool
    /// The window's size in characters now: asked each time a plot or a
    /// wrapped line is drawn, so both follow a resized window.
    public var size: @Sendable () -> (columns: Int, lines: Int)
    public var columns: Int { size().columns }
    public var lines: Int { size().lines }
    /// Lines longer than the window are word-wrapped when shown (`TextWrap`):
    /// on a terminal, where the window would break them mid-word; never in a
    /// pipe, a file or the record.
    public var wrapsLines: Bool
    /// Receives progress-bar updates (a terminal's stderr); nil unless both
    /// stdout and stderr are terminals, so a bar never lands in a file or pipe.
    public var progress: (@Sendable (String) -> Void)?
    /// Receives the `error: …` line of a failed command typed or given, when
    /// errors are reported apart from results (the machine protocol gives
    /// them as the command's status); nil: they go to `write` like any line.
    public var writeError: (@Sendable (String) -> Void)?
    /// Receives the plain lines of a plot drawn inline, all at once, when
    /// plots are shown apart from text (the protocol sends each as a picture
    /// with these lines as its text form); nil: they go to `write`.
    public var writePlot: (@Sendable ([String]) -> Void)?
    /// Receives every error and warning, of any command (a replayed one
    /// too), apart from results, with `FILE:LINE` when the line came from a
    /// file (`Session.location`): the console's stderr, which draws it to its
    /// own width (`Diagnostic.lines(width:)`). nil: they go to `writeError`,
    /// or to `write` like any line.
    public var writeDiagnostic: (@Sendable (Diagnostic) -> Void)?
    /// Shows a prompt for the next page of a long text and waits for the
    /// answer: true to go on, false to stop. Set only where a person reads a
    /// terminal and answers at it (the REPL); nil: long texts are written whole.
    public var nextPage: (@Sendable () -> Bool)?

    public init(write: @escaping @Sendable (String) -> Void, isTerminal: Bool = false, color: Bool = false,
                columns: Int = 80, lines: Int = 24, size: (@Sendable () -> (columns: Int, lines: Int))? = nil,
                wrapsLines: Bool = false, progress: (@Sendable (String) -> Void)? = nil,
                writeError: (@Sendable (String) -> Void)? = nil, writePlot: (@Sendable ([String]) -> Void)? = nil,
                writeDiagnostic: (@Sendable (Diagnostic) -> Void)? = nil, nextPage: (@Sendable () -> Bool)? = nil) {
        self.write = write
        self.isTerminal = isTerminal
        self.color = color
        self.size = size ?? { (columns, lines) }
        self.wrapsLines = wrapsLines
        self.progress = progress
        self.writeError = writeError
        self.writePlot = writePlot
        self.writeDiagnostic = writeDiagnostic
        self.nextPage = nextPage
    }
}

extension OutputTarget {
    /// Whether the environment allows colour on a terminal: NO_COLOR unset
    /// or empty (https://no-color.org counts only a non-empty value), TERM not dumb.
    public static func colorAllowed(_ environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }
}
