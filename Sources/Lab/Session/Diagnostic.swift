/// An `error: …` or `warning: …` as shown apart from results (the console's
/// stderr): its message, the line it came from with the column at fault,
/// and where the line came from (`FILE:LINE`). The record keeps `lines()`
/// without the place; a terminal is shown `lines(width:)` of its width now.
public struct Diagnostic: Sendable {
    /// The `error: …` or `warning: …` line (a message of several lines has "\n" between them).
    public var message: String
    public var isError: Bool
    /// The line as typed and the column the caret goes under (`Caret`).
    public var caret: (line: String, column: Int)?
    /// `FILE:LINE` of a command file, standard input or a replayed transcript; nil when typed.
    public var location: String?

    /// The lines to show: the message, then the caret lines, each after the
    /// location, if any (so a caret stays under its column). With a width
    /// (a terminal's), the message is word-wrapped to it (`TextWrap`) and the
    /// quoted line is cut to the window around its column rather than wrapped;
    /// without one, the message stays whole and the quote as recorded.
    public func lines(width: Int? = nil) -> (message: [String], caret: [String]) {
        let place = location.map { "\($0): " } ?? ""
        let parts = self.message.split(separator: "\n", omittingEmptySubsequences: false).map { place + $0 }
        let message = width.map { width in parts.flatMap { TextWrap.lines($0, width: width) } } ?? parts
        let quote = caret.map { Caret.lines(under: $0.column, of: $0.line,
                                            width: width.map { $0 - place.count } ?? Caret.recordWidth) } ?? []
        return (message, quote.map { place + $0 })
    }

    /// What the record keeps: the message and the caret lines, with no place.
    var recorded: [String] {
        var plain = self
        plain.location = nil
        let lines = plain.lines()
        return lines.message + lines.caret
    }
}
