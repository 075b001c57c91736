import BackpropCore
@testable import Lab

/// Seeded, grammar-aware random command lines, made from the command table
/// itself: each command's positional words come from its completion (data
/// set names, plot kinds, parameters, layers, files), its options from their
/// specs (values at and beyond each range, of the wrong type, malformed),
/// and then some lines are mangled (quotes, brackets, control characters,
/// long words, unknown keys). Valid values are kept cheap — small sizes, few
/// epochs — so that a line costs milliseconds and the run tests breadth.
struct FuzzGrammar {
    private var rng: SplitMix64
    /// Names the lines use for files: readable, malformed, special and to be written.
    let files: [String]
    /// The options generated for each command, for the coverage check.
    private(set) var covered: [String: Set<String>] = [:]

    init(seed: UInt64, files: [String]) {
        rng = SplitMix64(seed: seed)
        self.files = files
    }

    /// One line: one to three commands, now and then prose or junk.
    mutating func line() -> String {
        switch pick(100) {
        case 0: return "# " + word(from: Self.junk)
        case 1: return mangled(String(repeating: word(from: Self.junk), count: 1 + pick(3)))
        case 2...8: return setup()
        default:
            let line = (0...pick(3) / 2).map { _ in command() }.joined(separator: "; ")
            return pick(12) == 0 ? mangled(line) : line
        }
    }

    /// A line that gives the session data and a network to work on.
    mutating func setup() -> String { word(from: Self.setups) }

    /// One command of the table with words and options.
    mutating func command() -> String {
        let command = CommandTable.all[pick(CommandTable.all.count)]
        covered[command.name, default: []].insert("")
        var words: [String] = []
        // As many words as one of its usage forms shows (`train [EPOCHS]`: 1), or any number.
        let form = command.forms[pick(command.forms.count)].words.split(separator: " ").count - 1
        for _ in 0..<(pick(5) == 0 ? pick(5) : form) {
            words.append(positional(command.completion, after: words))
        }
        var options: [String] = []
        var accepted = command.options(after: words)
        for _ in 0..<pick(3) where !accepted.isEmpty {
            let spec = pick(20) == 0 ? accepted[pick(accepted.count)] : accepted.remove(at: pick(accepted.count))
            covered[command.name, default: []].insert(spec.key)
            options.append("\(spec.key)=\(value(spec))")
        }
        if pick(20) == 0 { options.append("\(word(from: Self.junk))=\(word(from: Self.numbers))") }
        return ([pick(30) == 0 ? command.name.uppercased() : command.name] + words + options).joined(separator: " ")
    }

    /// A word for the next position, by the command's completion there.
    private mutating func positional(_ completion: WordCompletion, after words: [String]) -> String {
        switch completion {
        case .none: return word(from: Self.numbers + Self.names)
        case .choices(let choices): return choices.isEmpty || pick(10) == 0 ? word(from: Self.names) : word(from: choices)
        case .parameters, .parametersAndInputs: return word(from: Self.parameters)
        case .layerValues: return word(from: ["a0", "z1", "a1", "d1", "z2", "d9"])
        case .files, .filesEnding: return word(from: files)
        case .commands: return word(from: CommandTable.all.map(\.name) + ["nosuch"])
        case .layers: return word(from: Self.layers)
        case .either(let kinds): return positional(kinds[pick(kinds.count)], after: words)
        case .after(let next): return positional(next(words), after: words)
        }
    }

    /// A value for an option: within, at and beyond its range, or of the wrong kind.
    private mutating func value(_ spec: OptionSpec) -> String {
        if pick(8) == 0 { return word(from: Self.junk + ["", "''", "\"a b\""]) }
        switch spec.value {
        case .real(let range):
            let cheap = [range.lowerBound, min(range.upperBound, max(range.lowerBound, 0.5)), min(range.upperBound, 2)]
            return word(from: cheap.map { Format.number($0) } + ["-1", "1e309", "nan", "inf", Format.number(range.upperBound * 10 + 1)])
        case .whole(let range):
            var cheap = [range.lowerBound, range.lowerBound - 1, range.upperBound &+ 1] + [2, 3, 5].filter(range.contains)
            if range.upperBound <= 100 { cheap.append(range.upperBound) }
            return word(from: cheap.map(String.init) + ["1.5", "1e3", "x"])
        case .seed: return word(from: ["0", "1", "7", "18446744073709551615", "18446744073709551616", "-1"])
        case .flag: return word(from: ["yes", "no", "on", "0", "maybe"])
        case .word(let choices): return word(from: choices + ["nosuch"])
        case .text: return word(from: Self.texts + files)
        }
    }

    /// `line` with something broken: an unclosed quote or bracket, a control
    /// character, a very long word, a stray `=` or `->`.
    private mutating func mangled(_ line: String) -> String {
        var characters = Array(line)
        let breakage = ["'", "\"", "[", "]", "=", "->", "\u{1B}[A", "\u{0}", "\t", "\u{7F}", "é∑", "\\",
                        String(repeating: "w", count: 5000), ";", "#"]
        let at = characters.isEmpty ? 0 : pick(characters.count + 1)
        characters.insert(contentsOf: word(from: breakage), at: at)
        return String(characters)
    }

    private mutating func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
    private mutating func word(from words: [String]) -> String { words[pick(words.count)] }

    /// Lines that give the session something to work on.
    static let setups = ["data xor; net 2 3:tanh 1:sigmoid", "data spiral n=60 classes=3; net 2 4:relu 3:softmax",
                         "load iris.csv target=species; net 4 3:softmax", "data sine n=30; net 1 4:tanh 1:linear",
                         "data circle n=40 test=0.25 normalize=zscore; net 2 3:tanh 1:sigmoid; train 3"]
    static let numbers = ["0", "1", "2", "3", "-1", "0.5", "1e308", "-1e308", "nan", "inf", "1e-320", "10", "2.5", "->",
                          "00", "+1", "1_000", "0x10", "999999999999999999999"]
    static let names = ["xor", "circle", "spiral", "sine", "s1", "lesson", "net", "data", "all", "w1", "z1", "a2", "d1",
                        "config", "step", "check", "model", "session", "loss", "boundary", "weights", "activation"]
    static let parameters = ["w1[1,1]", "w2[1,1]", "b1[1]", "b2[2]", "x[1]", "x", "w1", "b1", "w2", "w9[9,9]", "w0[0,0]",
                             "w1[0,1]", "w1[1,99]", "b1[", "x[3]", "w1[1,1,1]", "w-1[1,1]"]
    static let layers = ["3:tanh", "2", "4:relu", "1:sigmoid", "3:softmax", "2:linear", "0:tanh", "1000001", "2:swish",
                         "3:", ":tanh", "2:tanh:relu", "1:leaky-relu", "5:relu"]
    static let texts = ["800x600", "50x50", "10001x5", "axb", "1,2", "x1,x2", "label", "64M", "auto", "1x", "8M", "2G"]
    static let junk = ["frobnicate", "trian", "☃", "bp>", "\\bp> reset", "%s%n", "$(id)", "`id`", "|ls", "<x", "'", "[[1,2]",
                       "w1=", "=", ";;", "#", "NaN", "…", "\u{202E}gnp.", String(repeating: "A", count: 300)]
}
