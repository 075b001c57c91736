/// Where command lines come from: readline on a terminal, plain lines otherwise.
protocol LineReader {
    /// The next line without its newline, or nil at end of input (Ctrl-D).
    mutating func readLine() -> String?
}

/// Plain lines from standard input: no prompt, no echo, nothing but the
/// commands' own output, so pipes, scripts and CI see clean text.
struct PlainLineReader: LineReader {
    mutating func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }
}
