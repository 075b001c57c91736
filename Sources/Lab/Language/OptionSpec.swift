/// What the value of a `key=value` option must be. Parsing, error messages,
/// usage lines, help and completion all read it, so a range is written once.
public enum OptionValue: Sendable {
    /// A finite decimal number in the range (`Double.leastNonzeroMagnitude` as
    /// the lower bound means "above 0").
    case real(ClosedRange<Double>)
    /// A whole number in the range.
    case whole(ClosedRange<Int>)
    /// A seed of the project's generator: a whole number from 0 to 2⁶⁴ − 1.
    case seed
    /// yes or no (also on/off, true/false, 1/0).
    case flag
    /// One of these words (case-insensitive).
    case word([String])
    /// Free text the command reads itself (column lists, sizes); the string
    /// is how usage shows it (`COL,…`, `WxH`).
    case text(String)
}

/// One option of a command: its key, what it means, what it accepts and,
/// where it has one, the setting it changes. The single source of that
/// option's validation, usage text, help line and completion.
public struct OptionSpec: Sendable {
    public var key: String
    public var summary: String
    public var value: OptionValue
    /// The default as usage shows it (`n=200`); nil shows the value's form.
    public var shownDefault: String?
    /// The setting this option changes (and takes its default from).
    public var setting: SettingBinding?
    /// Shown without brackets in usage (`split test=SHARE`); the command checks it is given.
    public var required = false

    /// What usage shows for a value without a default (`[sample=K]`).
    public var placeholder: String?

    public init(_ key: String, _ summary: String, _ value: OptionValue, default shownDefault: String? = nil,
                placeholder: String? = nil, setting: SettingBinding? = nil) {
        self.key = key
        self.summary = summary
        self.value = value
        self.shownDefault = shownDefault
        self.placeholder = placeholder
        self.setting = setting
    }

    /// The same option under another key (`train seed=` is the setting `shuffle-seed`).
    public func named(_ key: String, _ summary: String? = nil) -> OptionSpec {
        var copy = self
        copy.key = key
        if let summary { copy.summary = summary }
        return copy
    }

    /// The same option with another default shown in usage.
    public func with(default shown: String?) -> OptionSpec {
        var copy = self
        copy.shownDefault = shown
        return copy
    }

    /// The same option, required: usage shows `key=FORM` without brackets.
    public func required(_ form: String) -> OptionSpec {
        var copy = self
        copy.required = true
        copy.shownDefault = nil
        copy.placeholder = form
        return copy
    }

    /// Values offered by tab completion after `key=`.
    public var values: [String] {
        switch value {
        case .flag: ["yes", "no"]
        case .word(let words): words
        case .real, .whole, .seed, .text: []
        }
    }

    /// `[lr=]`, `[n=200]`, `[opt=sgd|adam]`, `[log=yes]`, `[size=WxH]`: the option in a usage line.
    public var usage: String {
        let shown: String
        switch value {
        case .flag: shown = shownDefault ?? placeholder ?? "yes"
        case .word(let words): shown = shownDefault ?? placeholder ?? words.joined(separator: "|")
        case .text(let form): shown = shownDefault ?? placeholder ?? form
        case .real, .whole, .seed: shown = shownDefault ?? placeholder ?? ""
        }
        return required ? "\(key)=\(shown)" : "[\(key)=\(shown)]"
    }

    /// What the value must be, for help: "above 0 and at most 1e+06", "sgd, adam".
    public var accepted: String {
        switch value {
        case .real(let range): Arguments.describe(range)
        case .whole(let range): Arguments.describe(range)
        case .seed: "a whole number from 0 to 2^64 − 1"
        case .flag: "yes or no"
        case .word(let words): words.joined(separator: ", ")
        case .text: ""
        }
    }

    /// The help line's description: the summary, what is accepted, the default.
    public var helpText: String {
        let parts = [accepted, shownDefault.map { "default \($0)" }].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? summary : "\(summary) (\(parts.joined(separator: "; ")))"
    }
}

/// How an option reads and writes a setting: `set lr 0.5`, `set lr=0.5` and
/// `train lr=0.5` all go through the option's value type and this.
public struct SettingBinding: Sendable {
    /// Stores a parsed value; throws only for values the type cannot rule out.
    public var write: @Sendable (inout Settings, ParsedValue) throws -> Void
    /// The current value as `show config` and `set NAME` print it.
    public var read: @Sendable (Settings) -> String

    public init(write: @escaping @Sendable (inout Settings, ParsedValue) throws -> Void,
                read: @escaping @Sendable (Settings) -> String) {
        self.write = write
        self.read = read
    }
}

/// An option's value after its type has checked it.
public enum ParsedValue: Sendable {
    case real(Double), whole(Int), seed(UInt64), flag(Bool), word(String), text(String)

    public var real: Double? { if case .real(let x) = self { x } else { nil } }
    public var whole: Int? { if case .whole(let x) = self { x } else { nil } }
    public var seed: UInt64? { if case .seed(let x) = self { x } else { nil } }
    public var flag: Bool? { if case .flag(let x) = self { x } else { nil } }
    public var word: String? {
        switch self {
        case .word(let x), .text(let x): x
        default: nil
        }
    }
}

extension OptionSpec {
    /// Parses `text` by the option's type; errors name `name` (`lr=`, or `lr`
    /// for `set lr 0.5`) and the column.
    public func parse(_ text: String, name: String, column: Int) throws -> ParsedValue {
        switch value {
        case .real(let range): return .real(try Arguments.parseDouble(text, name: name, column: column, in: range))
        case .whole(let range): return .whole(try Arguments.parseInt(text, name: name, column: column, in: range))
        case .seed: return .seed(try Arguments.parseSeed(text, name: name, column: column))
        case .flag: return .flag(try Arguments.parseBool(text, name: name, column: column))
        case .word(let words):
            guard let word = words.first(where: { $0 == text.lowercased() }) else {
                throw LabError("column \(column): \(name) must be \(Format.alternatives(words)), got '\(Arguments.clip(text))'")
            }
            return .word(word)
        case .text: return .text(text)
        }
    }
}
