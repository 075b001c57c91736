/// Where command lines come from: readline on a terminal (in the bplab
/// executable), plain lines otherwise, or a fixed list (-c, a command file,
/// tests). The command loop reads every kind the same way.
public protocol LineReader {
    /// The next line without its newline, or nil at end of input (Ctrl-D).
    mutating func readLine() -> String?
}

/// Plain lines from standard input: no prompt, no echo, nothing but the
/// commands' own output, so pipes, scripts and CI see clean text.
public struct StandardInputReader: LineReader {
    public init() {}

    public mutating func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }
}

/// Lines given in advance: the commands of `-c`, the lines of a command file.
public struct ListReader: LineReader {
    private var lines: ArraySlice<String>

    public init(_ lines: [String]) {
        self.lines = lines[...]
    }

    public mutating func readLine() -> String? {
        lines.popFirst()
    }
}
