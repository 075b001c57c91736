/// Where a session's text goes, and what kind of screen it is.
public struct OutputTarget: Sendable {
    /// Receives each line of output (without newline).
    public var write: @Sendable (String) -> Void
    /// True when a person watches a terminal: plots may be drawn to its size or in sixel.
    public var isTerminal: Bool
    /// Colour allowed: a terminal, NO_COLOR unset, TERM not dumb (the console decides).
    public var color: Bool
    /// Terminal size in characters (for text plots).
    public var columns: Int
    public var lines: Int
    /// Receives progress-bar updates (a terminal's stderr); nil unless both
    /// stdout and stderr are terminals, so a bar never lands in a file or pipe.
    public var progress: (@Sendable (String) -> Void)?

    public init(write: @escaping @Sendable (String) -> Void, isTerminal: Bool = false, color: Bool = false,
                columns: Int = 80, lines: Int = 24, progress: (@Sendable (String) -> Void)? = nil) {
        self.write = write
        self.isTerminal = isTerminal
        self.color = color
        self.columns = columns
        self.lines = lines
        self.progress = progress
    }
}
