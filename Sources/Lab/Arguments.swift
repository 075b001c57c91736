/// The words and `key=value` options of one command, with typed accessors
/// whose errors name the argument, the column and what would be accepted.
public struct Arguments: Sendable {
    public let command: String
    /// Positional words, in order (options removed).
    public let words: [Token]
    /// Options in the order given.
    public let options: [(key: String, value: String, column: Int)]

    /// Splits `tokens` (after the command name); refuses options the command does not accept.
    init(command: String, tokens: [Token], accepted: [OptionSpec]) throws {
        self.command = command
        var words: [Token] = []
        var options: [(key: String, value: String, column: Int)] = []
        for token in tokens {
            if let (key, value) = token.option {
                guard accepted.contains(where: { $0.key == key }) else {
                    let keys = accepted.map { $0.key + "=" }
                    let hint = keys.isEmpty ? "\(command) takes no options" : "accepted: \(keys.joined(separator: " "))"
                    throw LabError("column \(token.column): \(command) has no option '\(key)=' (\(hint))")
                }
                guard !options.contains(where: { $0.key == key }) else {
                    throw LabError("column \(token.column): option '\(key)=' given twice")
                }
                options.append((key, value, token.column))
            } else {
                words.append(token)
            }
        }
        self.words = words
        self.options = options
    }

    public func has(_ key: String) -> Bool { options.contains { $0.key == key } }

    public func option(_ key: String) -> (value: String, column: Int)? {
        options.first { $0.key == key }.map { ($0.value, $0.column) }
    }

    /// Throws when there are more than `count` positional words.
    public func expectAtMost(_ count: Int, usage: String) throws {
        if words.count > count {
            let extra = words[count]
            throw LabError("column \(extra.column): unexpected '\(extra.text)' (usage: \(usage))")
        }
    }

    // MARK: Options

    public func double(_ key: String, default value: Double, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let (text, column) = option(key) else { return value }
        return try Arguments.parseDouble(text, name: "\(key)=", column: column, in: range)
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let (text, column) = option(key) else { return value }
        return try Arguments.parseInt(text, name: "\(key)=", column: column, in: range)
    }

    public func choice<T>(_ key: String, default value: T, parse: (String) throws -> T) throws -> T {
        guard let (text, column) = option(key) else { return value }
        do {
            return try parse(text)
        } catch {
            throw LabError("column \(column): \(key)=: \(error.userMessage)")
        }
    }

    public func flag(_ key: String, default value: Bool) throws -> Bool {
        guard let (text, column) = option(key) else { return value }
        return try Arguments.parseBool(text, name: "\(key)=", column: column)
    }

    // MARK: Positional words

    public func double(at index: Int, name: String, default value: Double? = nil,
                       in range: ClosedRange<Double>? = nil) throws -> Double {
        guard index < words.count else {
            if let value { return value }
            throw LabError("missing \(name)")
        }
        return try Arguments.parseDouble(words[index].text, name: name, column: words[index].column, in: range)
    }

    public func int(at index: Int, name: String, default value: Int? = nil, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard index < words.count else {
            if let value { return value }
            throw LabError("missing \(name)")
        }
        return try Arguments.parseInt(words[index].text, name: name, column: words[index].column, in: range)
    }

    // MARK: Parsing numbers

    static func parseDouble(_ text: String, name: String, column: Int, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let value = Double(text), !text.hasPrefix("0x") else {
            throw LabError("column \(column): \(name) must be a number, got '\(clip(text))'")
        }
        guard value.isFinite else {
            throw LabError("column \(column): \(name) must be a finite number, got '\(clip(text))'")
        }
        if let range, !range.contains(value) {
            throw LabError("column \(column): \(name) must be in \(Format.number(range.lowerBound))…\(Format.number(range.upperBound)), got \(clip(text))")
        }
        return value
    }

    static func parseInt(_ text: String, name: String, column: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let value = Int(text) else {
            if let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                return try parseInt(String(Int(d)), name: name, column: column, in: range)
            }
            let what = Double(text) == nil ? "a whole number" : "a whole number of reasonable size"
            throw LabError("column \(column): \(name) must be \(what), got '\(clip(text))'")
        }
        if let range, !range.contains(value) {
            throw LabError("column \(column): \(name) must be in \(range.lowerBound)…\(range.upperBound), got \(value)")
        }
        return value
    }

    static func parseBool(_ text: String, name: String, column: Int) throws -> Bool {
        switch text.lowercased() {
        case "yes", "on", "true", "1": return true
        case "no", "off", "false", "0": return false
        default: throw LabError("column \(column): \(name) must be yes or no, got '\(clip(text))'")
        }
    }

    /// User text quoted back in an error, shortened so a 10,000-character line gives one short error.
    static func clip(_ text: String, to length: Int = 40) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "…"
    }
}
