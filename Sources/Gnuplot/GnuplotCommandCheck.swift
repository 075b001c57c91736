/// Why `GnuplotScript.add` refuses a command.
///
/// A script's terminal and output are given once, through
/// `GnuplotScript(terminal:output:)`, which checks the output path. A command
/// that set them again would bypass that check (`set output '|cmd'` pipes the
/// plot into a shell) and would also break the framing of `GnuplotProcess`,
/// which relies on scripts not changing where output goes. So a command may
/// not set or unset the terminal or the output, nor run or read anything
/// outside the script: shell escapes (`!`, `system`, `shell`, backticks),
/// other scripts (`load`, `call`, `evaluate`, macros `@name`), `save` (it can
/// write to a pipe), or `set print` / `set table` into a file.
///
/// Commands are read as gnuplot reads them: text inside quotes is data,
/// except that gnuplot runs backticks inside double quotes. Keywords are
/// matched with gnuplot's abbreviations (`set o` is `set output`, `l` is
/// `load`). User text enters commands only through `GnuplotQuoting.quoted`,
/// whose single-quoted literals hold nothing this check looks at, so no user
/// input can make a command of bplab's refused.
enum GnuplotCommandCheck {
    /// The reason `command` is refused, or nil when it may be added.
    static func refusal(of command: String) -> String? {
        if command.unicodeScalars.contains(where: GnuplotQuoting.isControl) {
            return "a command is one line without control characters"
        }
        let tokens: [Token]
        switch tokenize(command) {
        case .success(let found): tokens = found
        case .failure(let refused): return refused.reason
        }
        for (index, token) in tokens.enumerated() {
            guard case .word(let word) = token else { continue }
            if let name = escapes.first(where: { $0.abbreviates(word) }) {
                return "'\(word)' runs or reads something outside the script (\(name.full))"
            }
            guard sets.contains(where: { $0.abbreviates(word) }), index + 1 < tokens.count,
                  case .word(let setting) = tokens[index + 1] else { continue }
            if let name = owned.first(where: { $0.abbreviates(setting) }) {
                return "the \(name.full) is given by GnuplotScript(terminal:output:), not by a command"
            }
            if let name = files.first(where: { $0.abbreviates(setting) }), index + 2 < tokens.count,
               case .string(let target) = tokens[index + 2], target != "-" {
                return "set \(name.full) may write only to a datablock or '-'"
            }
        }
        return nil
    }

    /// A gnuplot keyword and the shortest abbreviation gnuplot accepts
    /// (keywords are lower case: `Load` is a variable).
    struct Keyword {
        let full: String
        let shortest: Int
        func abbreviates(_ word: String) -> Bool {
            word.count >= shortest && full.hasPrefix(word)
        }
    }

    static let escapes = [Keyword(full: "load", shortest: 1), Keyword(full: "call", shortest: 2),
                          Keyword(full: "evaluate", shortest: 4), Keyword(full: "system", shortest: 2),
                          Keyword(full: "shell", shortest: 2), Keyword(full: "save", shortest: 2)]
    static let sets = [Keyword(full: "set", shortest: 2), Keyword(full: "unset", shortest: 3)]
    static let owned = [Keyword(full: "terminal", shortest: 1), Keyword(full: "output", shortest: 1)]
    static let files = [Keyword(full: "print", shortest: 2), Keyword(full: "table", shortest: 2)]

    /// What a command is made of, outside its comments: bare words, quoted
    /// strings (their contents), and anything else (numbers, operators,
    /// datablock names) as one kind.
    enum Token: Equatable {
        case word(String)
        case string(String)
        case other
    }

    struct Refused: Error { let reason: String }

    /// Splits a command into tokens, refusing what runs commands outside words:
    /// backticks, `!` other than `!=`, `@` macros.
    static func tokenize(_ command: String) -> Result<[Token], Refused> {
        let characters = Array(command)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "'", "\"":
                guard let (text, end) = quoted(characters, from: index) else {
                    return .failure(Refused(reason: "backticks run shell commands, even inside double quotes"))
                }
                tokens.append(.string(text))
                index = end
            case "`": return .failure(Refused(reason: "backticks run shell commands"))
            case "@": return .failure(Refused(reason: "macros (@name) expand text into commands"))
            case "!" where index + 1 >= characters.count || characters[index + 1] != "=":
                return .failure(Refused(reason: "'!' runs a shell command"))
            case "#": return .success(tokens)  // a comment runs to the end of the line
            case "$":
                index += 1
                while index < characters.count, isWordCharacter(characters[index]) { index += 1 }
                tokens.append(.other)
            case _ where isWordCharacter(character):
                var end = index
                while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                tokens.append(character.isNumber ? .other : .word(word))
                index = end
            default:
                if !character.isWhitespace { tokens.append(.other) }
                index += 1
            }
        }
        return .success(tokens)
    }

    /// The contents of the literal opening at `start` and the index after it;
    /// nil when a double-quoted literal holds a backtick. In single quotes `''`
    /// is a quote and nothing is expanded; in double quotes `\` escapes.
    private static func quoted(_ characters: [Character], from start: Int) -> (String, Int)? {
        let quote = characters[start]
        var text = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if quote == "'" && character == "'" {
                guard index + 1 < characters.count, characters[index + 1] == "'" else { return (text, index + 1) }
                text.append("'")
                index += 2
                continue
            }
            if quote == "\"" {
                if character == "`" { return nil }
                if character == "\"" { return (text, index + 1) }
                if character == "\\", index + 1 < characters.count {
                    text.append(characters[index + 1])
                    index += 2
                    continue
                }
            }
            text.append(character)
            index += 1
        }
        return (text, index)
    }

    /// A refused command as its error message shows it: without control characters, clipped.
    static func shown(_ command: String) -> String {
        var visible = ""
        visible.unicodeScalars.append(contentsOf: command.unicodeScalars.filter { !GnuplotQuoting.isControl($0) })
        return GnuplotMessages.clip(visible)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    }
}
