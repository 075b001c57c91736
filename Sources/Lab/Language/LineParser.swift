/// Splits a line into commands and words.
///
/// - `;` separates commands, `#` starts a comment (both ignored inside quotes);
/// - words are separated by blanks, except inside quotes `"…"`/`'…'` and
///   brackets `[…]`, so `w1 = [[1, 2], [3, 4]]` keeps the matrix as one word:
///   a literal's blanks stay in the word as typed (they may separate its
///   numbers, `[[1 2] [3 4]]`), an index's are dropped (`w2[1, 2]` is `w2[1,2]`);
/// - a quote may appear inside a word (`title="a b"`): the word runs to the
///   closing quote, and the quotes are kept for the option to strip.
///
/// Every problem (an unterminated quote, an unbalanced bracket) is a
/// `LabError` naming the column, and no command of the line runs. Lines
/// reach it without control characters (`Session` runs them as escapes).
public enum LineParser {
    public static let maximumLineLength = 100_000

    /// The commands of one line, each a list of tokens (comments and empty commands dropped).
    public static func parse(_ line: String) throws -> [[Token]] {
        guard line.utf8.count <= maximumLineLength else {
            throw LabError("line too long (\(line.utf8.count) bytes; at most \(maximumLineLength))")
        }
        var scanner = WordScanner()
        for (offset, character) in line.enumerated() {
            guard try scanner.take(character, column: offset + 1) else { return scanner.commands }
        }
        return try scanner.finish()
    }

    /// The source text of each command of a parsed line (the `;`-separated
    /// parts `parse` returned as `commands`), so each is recorded
    /// on its own: from its first word up to the `;` that ends it.
    static func commandTexts(of line: String, _ commands: [[Token]]) -> [String] {
        let characters = Array(line)
        return commands.indices.map { k in
            let start = commands[k][0].column - 1
            let end = k + 1 < commands.count ? commands[k + 1][0].column - 1 : characters.count
            var text = characters[start..<end]
            if k + 1 < commands.count {
                while let last = text.last, last == ";" || last == " " || last == "\t" { text.removeLast() }
            }
            return String(text).trimmingCharacters(in: .whitespaces)
        }
    }
}

/// The state of `LineParser.parse` while it walks a line: the commands so
/// far, the command and word being read, and open quotes and brackets.
private struct WordScanner {
    var commands: [[Token]] = []
    private var current: [Token] = []
    private var word = ""
    private var wordQuoted = false
    private var wordStart = 0
    private var quote: Character?
    private var quoteColumn = 0
    /// The open brackets: their columns, and whether each opens a literal
    /// (at the start of a word, after `=`, `[` or `,`) rather than an index (`w2[`).
    private var brackets: [(column: Int, literal: Bool)] = []

    /// Reads one character; false at a comment, which ends the line.
    mutating func take(_ character: Character, column: Int) throws -> Bool {
        if let q = quote {
            word.append(character)
            if character == q { quote = nil }
            return true
        }
        switch character {
        case "\"", "'":
            startWord(at: column)
            quote = character
            quoteColumn = column
            wordQuoted = true
            word.append(character)
        case "[":
            startWord(at: column)
            let literal = word.last.map { "=[,".contains($0) } ?? true
            brackets.append((column, literal || brackets.contains { $0.literal }))
            word.append(character)
        case "]":
            guard !brackets.isEmpty else { throw LabError(at: column, "']' without a matching '['") }
            brackets.removeLast()
            word.append(character)
        case " ", "\t":
            // Blanks end a word, except inside brackets: kept in a literal, dropped in an index.
            if brackets.isEmpty { endWord() } else if brackets.last!.literal { word.append(" ") }
        case ";" where brackets.isEmpty:
            endCommand()
        case "#" where brackets.isEmpty:
            endCommand()
            return false
        default:
            startWord(at: column)
            word.append(character)
        }
        return true
    }

    /// The commands once the line has ended, or the quote or bracket left open.
    mutating func finish() throws -> [[Token]] {
        if quote != nil { throw LabError(at: quoteColumn, "unterminated quote") }
        if let open = brackets.last { throw LabError(at: open.column, "'[' is never closed") }
        endCommand()
        return commands
    }

    private mutating func startWord(at column: Int) {
        if word.isEmpty { wordStart = column }
    }

    private mutating func endWord() {
        if !word.isEmpty || wordQuoted {
            var text = word
            var isQuoted = false
            // A word that is exactly one quoted string is a quoted token.
            if wordQuoted, text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q,
               !text.dropFirst().dropLast().contains(q) {
                text = String(text.dropFirst().dropLast())
                isQuoted = true
            }
            current.append(Token(text, quoted: isQuoted, column: wordStart))
        }
        word = ""
        wordQuoted = false
    }

    private mutating func endCommand() {
        endWord()
        if !current.isEmpty { commands.append(current) }
        current = []
    }
}
