/// The words and `key=value` options of one command, with typed accessors
/// whose errors name the argument, the column and what would be accepted.
/// An option's type and range come from its `OptionSpec`, never from the caller.
public struct Arguments: Sendable {
    public let command: String
    /// The command's usage, quoted by errors about its words.
    public let usage: String
    /// Positional words, in order (options removed).
    public let words: [Token]
    /// Options in the order given.
    public let options: [(key: String, value: String, column: Int)]
    /// What each accepted option is.
    public let accepted: [OptionSpec]

    /// Splits `tokens` (after the command name); refuses options the command does not accept.
    /// A `key=value` word whose key satisfies `wordKeys` is a positional word, not an option.
    init(command: String, usage: String, tokens: [Token], accepted: [OptionSpec],
         wordKeys: (String) -> Bool = { _ in false }) throws {
        self.command = command
        self.usage = usage
        self.accepted = accepted
        var words: [Token] = []
        var options: [(key: String, value: String, column: Int)] = []
        for token in tokens {
            if let (key, value) = token.option, !wordKeys(key) {
                guard accepted.contains(where: { $0.key == key }) else {
                    throw Arguments.unknownOption(key, column: token.column, of: command, accepted: accepted)
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

    /// Refuses the options outside `accepted`, for commands whose options depend on
    /// their words (`plot loss` takes `log=`, `plot data` none); `owner` names those words.
    public func restrict(to accepted: [OptionSpec], of owner: String) throws {
        if let option = options.first(where: { option in !accepted.contains { $0.key == option.key } }) {
            throw Arguments.unknownOption(option.key, column: option.column, of: owner, accepted: accepted)
        }
    }

    /// "column 6: train has no option 'speed=' (did you mean …?; accepted: …)".
    private static func unknownOption(_ key: String, column: Int, of owner: String, accepted: [OptionSpec]) -> LabError {
        let keys = accepted.map { $0.key + "=" }
        var hint = keys.isEmpty ? "\(owner) takes no options" : "accepted: \(keys.joined(separator: " "))"
        if let guess = EditDistance.closest(to: key, in: accepted.map(\.key)) { hint = "did you mean '\(guess)='?; " + hint }
        return LabError("column \(column): \(owner) has no option '\(key)=' (\(hint))")
    }

    public func has(_ key: String) -> Bool { options.contains { $0.key == key } }

    public func option(_ key: String) -> (value: String, column: Int)? {
        options.first { $0.key == key }.map { ($0.value, $0.column) }
    }

    /// Throws when there are more than `count` positional words, quoting
    /// `usage` (the command's, unless a form of it is meant).
    public func expectAtMost(_ count: Int, usage: String? = nil) throws {
        if words.count > count {
            let extra = words[count]
            throw LabError("column \(extra.column): unexpected '\(extra.text)' (usage: \(usage ?? self.usage))")
        }
    }

    /// "missing file name (usage: …)".
    public func missing(_ what: String, usage: String? = nil) -> LabError {
        LabError("missing \(what) (usage: \(usage ?? self.usage))")
    }

    // MARK: Options

    /// The option `key` as its spec parses it, or nil when not given.
    public func parsed(_ key: String) throws -> ParsedValue? {
        guard let (text, column) = option(key) else { return nil }
        guard let spec = accepted.first(where: { $0.key == key }) else {
            throw LabError("\(command) reads an option '\(key)=' it does not declare")
        }
        return try spec.parse(text, name: "\(key)=", column: column)
    }

    public func double(_ key: String, default value: Double) throws -> Double {
        try parsed(key)?.real ?? value
    }

    /// `key=` as a whole number; `within` narrows the spec's range by what
    /// only the state knows (`sample=` up to the number of samples).
    public func int(_ key: String, default value: Int, within bounds: ClosedRange<Int>? = nil) throws -> Int {
        guard let number = try parsed(key)?.whole else { return value }
        if let bounds, !bounds.contains(number), let (_, column) = option(key) {
            throw LabError("column \(column): \(key)= must be \(Arguments.describe(bounds)), got \(number)")
        }
        return number
    }

    public func seed(_ key: String = "seed", default value: UInt64) throws -> UInt64 {
        try parsed(key)?.seed ?? value
    }

    public func flag(_ key: String, default value: Bool) throws -> Bool {
        try parsed(key)?.flag ?? value
    }

    /// A word or text option, turned into `T` by `parse` (whose errors gain the column).
    public func choice<T>(_ key: String, default value: T, parse: (String) throws -> T) throws -> T {
        guard let text = try parsed(key)?.word, let (_, column) = option(key) else { return value }
        do {
            return try parse(text)
        } catch {
            throw LabError("column \(column): \(key)=: \(error.userMessage)")
        }
    }

    /// Writes every given option that changes a setting into `settings`
    /// (all checked before the caller stores any).
    public func applySettings(to settings: inout Settings) throws {
        for spec in accepted {
            guard let binding = spec.setting, let value = try parsed(spec.key) else { continue }
            do { try binding.write(&settings, value) } catch {
                throw LabError("column \(option(spec.key)?.column ?? 0): \(spec.key)=: \(error.userMessage)")
            }
        }
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

    /// A positional word that is a setting's value (`train 500` is epochs).
    public func int(at index: Int, as spec: OptionSpec, default value: Int) throws -> Int {
        guard index < words.count else { return value }
        return try spec.parse(words[index].text, name: spec.key, column: words[index].column).whole ?? value
    }

    public func int(at index: Int, name: String, default value: Int? = nil, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard index < words.count else {
            if let value { return value }
            throw LabError("missing \(name)")
        }
        return try Arguments.parseInt(words[index].text, name: name, column: words[index].column, in: range)
    }

    // MARK: Parsing numbers
    //
    // Numbers are `NumberSyntax`'s (`0.5`, `.5`, `-3`, `1e-3`; never
    // hexadecimal). A whole number may also be written with an exponent
    // when it is exact: `n=1e3` and `seed=1e3` are 1000.

    static func parseDouble(_ text: String, name: String, column: Int, in range: ClosedRange<Double>? = nil) throws -> Double {
        let value = try NumberSyntax.finite(text, name: name, column: column)
        if let range, !range.contains(value) {
            throw LabError("column \(column): \(name) must be \(describe(range)), got \(clip(text))")
        }
        return value
    }

    static func parseInt(_ text: String, name: String, column: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let whole = wholeNumber(text), let value = Int(exactly: whole) else {
            throw LabError(at: column, "\(name) must be \(kindOfWholeNumber(text)), got '\(clip(text))'")
        }
        if let range, !range.contains(value) {
            throw LabError("column \(column): \(name) must be \(describe(range)), got \(value)")
        }
        return value
    }

    /// A seed of the project's generator: a whole number from 0 to 2⁶⁴ − 1.
    static func parseSeed(_ text: String, name: String, column: Int) throws -> UInt64 {
        guard let whole = wholeNumber(text), let value = UInt64(exactly: whole) else {
            let what = wholeNumber(text).map { $0 < 0 ? "at least 0" : "below 2^64" } ?? kindOfWholeNumber(text)
            throw LabError(at: column, "\(name) must be \(what), got '\(clip(text))'")
        }
        return value
    }

    /// The value of `text` as a whole number: digits with an optional sign,
    /// or a decimal number that is exactly whole and below 10¹⁵ (`1e3`, `2.0`).
    private static func wholeNumber(_ text: String) -> Int128? {
        if let value = Int128(text) { return value }
        guard let d = NumberSyntax.value(text), d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int128(d)
    }

    /// What a whole number should have been, for an error about `text`.
    private static func kindOfWholeNumber(_ text: String) -> String {
        guard let d = NumberSyntax.value(text), d.isFinite else { return "a whole number" }
        return d == d.rounded() ? "a whole number of reasonable size" : "a whole number"
    }

    /// "in 1…17", "above 0 and at most 1e+06", "at least 0".
    static func describe(_ range: ClosedRange<Double>) -> String {
        let upper = range.upperBound == .greatestFiniteMagnitude ? nil : "at most \(Format.number(range.upperBound))"
        guard range.lowerBound == .leastNonzeroMagnitude else {
            return upper == nil ? "at least \(Format.number(range.lowerBound))"
                : "in \(Format.number(range.lowerBound))…\(Format.number(range.upperBound))"
        }
        return ["above 0", upper].compactMap { $0 }.joined(separator: " and ")
    }

    /// "in 1…17", "at least 0".
    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == .max ? "at least \(range.lowerBound)" : "in \(range.lowerBound)…\(range.upperBound)"
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
