/// JSON written as nbformat writes a notebook (Python's `json.dumps` with
/// indent 1, sorted keys, non-ASCII text as it is), and text split into lines
/// as nbformat splits it, so a notebook bplab writes is byte for byte the
/// file Jupyter writes when it saves that notebook: saving it adds no diff.
indirect enum NotebookJSON: Equatable {
    case string(String)
    case number(Int)
    case array([NotebookJSON])
    case object([String: NotebookJSON])

    /// Text in nbformat's lines (Python's `splitlines(keepends=True)`).
    static func lines(_ text: String) -> NotebookJSON {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            current.append(scalar)
            if scalar == "\r", pending == "\n" {
                current.append("\n")
                pending = scalars.next()
            }
            if lineBreaks.contains(scalar) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return .array(lines.map(NotebookJSON.string))
    }

    private static let lineBreaks = Set("\n\r\u{0B}\u{0C}\u{1C}\u{1D}\u{1E}\u{85}\u{2028}\u{2029}".unicodeScalars)

    func rendered(depth: Int = 0) -> String {
        let inner = "\n" + String(repeating: " ", count: depth + 1)
        switch self {
        case .string(let text): return Self.quoted(text)
        case .number(let number): return String(number)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[" + items.map { inner + $0.rendered(depth: depth + 1) }.joined(separator: ",") + "\n"
                + String(repeating: " ", count: depth) + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            // Python sorts keys by code point.
            let keys = members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            return "{" + keys.map { inner + Self.quoted($0) + ": " + members[$0]!.rendered(depth: depth + 1) }.joined(separator: ",")
                + "\n" + String(repeating: " ", count: depth) + "}"
        }
    }

    /// A JSON string as Python writes it with `ensure_ascii=False`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
