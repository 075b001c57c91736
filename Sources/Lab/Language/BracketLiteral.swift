/// A bracket literal as `set` takes it: `[0.1, 0.2]`, `[[0.15, 0.25], [0.2, 0.3]]`,
/// with commas, blanks or both between the elements (`[[.4 .5] [.45 .55]]`);
/// each number in `NumberSyntax`. Errors name the column of the element (or
/// character) at fault, in the whole line.
enum BracketLiteral {
    /// One element: a number or a list, with its column.
    indirect enum Element {
        case number(Double, column: Int)
        case list([Element], column: Int)
    }

    /// What a literal looks like, for errors.
    static let example = "[[0.15, 0.25], [0.2, 0.3]] or [0.35 0.35]"

    /// Reads the whole of `token` (which starts with `[`); `name` names the
    /// numbers in errors ("w1 value").
    static func parse(_ token: Token, name: String) throws -> Element {
        var reader = Reader(text: Array(token.text), start: token.column, name: name)
        let element = try reader.list()
        if reader.position < reader.text.count {
            throw LabError(at: reader.column, "unexpected '\(reader.text[reader.position])' after the closing ']' (expected numbers like \(example))")
        }
        return element
    }

    private struct Reader {
        let text: [Character]
        let start: Int
        let name: String
        var position = 0
        var column: Int { start + position }

        init(text: [Character], start: Int, name: String) {
            (self.text, self.start, self.name) = (text, start, name)
        }

        /// `[` elements `]`, the reader at the `[`.
        mutating func list() throws -> Element {
            let open = column
            position += 1  // the `[`
            var elements: [Element] = []
            while true {
                while position < text.count, text[position] == " " || text[position] == "," { position += 1 }
                guard position < text.count else { throw LabError(at: open, "'[' is never closed") }
                switch text[position] {
                case "]":
                    position += 1
                    return .list(elements, column: open)
                case "[":
                    elements.append(try list())
                default:
                    let first = position
                    while position < text.count, !" ,[]".contains(text[position]) { position += 1 }
                    let word = String(text[first..<position])
                    elements.append(.number(try NumberSyntax.finite(word, name: name, column: start + first), column: start + first))
                }
            }
        }
    }
}
