/// One word of a command line, with the column (1-based) where it starts.
///
/// Unquoted words that look like `key=value` are options; a quoted word is
/// always a plain string, so `title="a=b"` and `"a=b"` stay distinct.
public struct Token: Equatable, Sendable {
    public var text: String
    public var quoted: Bool
    public var column: Int

    public init(_ text: String, quoted: Bool = false, column: Int) {
        self.text = text
        self.quoted = quoted
        self.column = column
    }

    /// `(key, value)` when this is an option `key=value` (key: letters, digits, `-`, `_`).
    public var option: (key: String, value: String)? {
        guard !quoted, let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        let key = text[..<eq]
        guard key.first!.isLetter, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        var value = String(text[text.index(after: eq)...])
        if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
            value = String(value.dropFirst().dropLast())
        }
        return (String(key), value)
    }
}
