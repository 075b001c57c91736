/// A cell's code around a cursor, which counts Unicode scalars (as Jupyter
/// counts it): the word being typed, for completion, and the command the
/// cursor is in, for help.
struct CodeAtCursor {
    private let scalars: [Unicode.Scalar]
    private let cursor: Int

    /// `cursor` nil or out of range: the end of the code, or its nearest end.
    init(_ code: String, cursor: Int?) {
        scalars = Array(code.unicodeScalars)
        self.cursor = min(max(cursor ?? scalars.count, 0), scalars.count)
    }

    /// Readline's default word breaks: the REPL completes the word after
    /// the last of these, and so does the protocol, with the same candidates.
    private static let wordBreaks = Set(" \t\n\"\\'`@$><=;|&{(".unicodeScalars)

    private var lineStart: Int { scalars[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0 }
    private var lineEnd: Int { scalars[cursor...].firstIndex(of: "\n") ?? scalars.count }

    private func text(_ range: Range<Int>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[range])
        return text
    }

    /// The REPL's Tab completions of the word before the cursor, and the
    /// range of scalars [start, end) they replace.
    func completions(in session: Session) -> (matches: [String], start: Int, end: Int) {
        var start = cursor
        while start > lineStart, !Self.wordBreaks.contains(scalars[start - 1]) { start -= 1 }
        let matches = Completion.candidates(linePrefix: text(lineStart..<cursor), word: text(start..<cursor), session: session)
        return (matches, start, cursor)
    }

    /// `help COMMAND`'s page for the command the cursor is in: the command
    /// that starts the cursor's part of the line (after its last `;`), or
    /// the command a `help` there names.
    func helpPage(in session: Session) -> [String]? {
        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        let partStart = scalars[lineStart..<cursor].lastIndex(of: ";").map { $0 + 1 } ?? lineStart
        let partEnd = scalars[cursor..<lineEnd].firstIndex(of: ";") ?? lineEnd
        let words = text(partStart..<partEnd).unicodeScalars.split(whereSeparator: isBlank).map { String(String.UnicodeScalarView($0)) }
        guard let first = words.first, let command = session.lookup(first) else { return nil }
        if command.name == "help", words.count > 1, let named = session.lookup(words[1]) { return Help.page(named) }
        return Help.page(command)
    }
}
