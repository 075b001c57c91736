/// What tab completion offers for a command's positional words.
public indirect enum WordCompletion: Sendable {
    case none
    /// Fixed words (plot kinds, data set names, activations…).
    case choices([String])
    /// Parameter names of the current network (`w1[`, `b2[`) and whole
    /// layers — what `set` may change — with their indices once `[` is typed.
    case parameters
    /// The parameters and the inputs (`x[`): what a derivative may be taken by.
    case parametersAndInputs
    /// The values of a forward pass by layer: `a0`…`aL`, `z1`…`zL`, `d1`…`dL`.
    case layerValues
    /// File paths, relative to the session's folder.
    case files
    /// File paths ending in one of these extensions (and folders, to go into).
    case filesEnding([String])
    /// The session's command names (for `help`).
    case commands
    /// `SIZE:ACTIVATION` layers: `8:ta` → `8:tanh`, `8` → `8:sigmoid`, `8:tanh`…
    case layers
    /// Any of several, in order of preference.
    case either([WordCompletion])
    /// Chosen by the positional words already typed: `set opt ` offers
    /// optimizers, `plot activation ` activations, `load model ` files.
    case after(@Sendable (_ words: [String]) -> WordCompletion)

    /// One kind per position (the first word, the second…), nothing after the last.
    public static func at(_ kinds: WordCompletion...) -> WordCompletion {
        .after { words in words.count < kinds.count ? kinds[words.count] : .none }
    }
}

/// One command of the language: the single source of `help`, tab completion,
/// the README's command reference and dispatch.
public struct Command: Sendable {
    public typealias Handler = @Sendable (CommandContext, Arguments) throws -> Void

    public var name: String
    /// Heading under which `help` lists the command (Data, Network, Train, …).
    public var group: String
    public var aliases: [String]
    /// The ways to call it; usage lines are made from these and the options.
    public var forms: [UsageForm]
    public var summary: String
    public var example: String
    /// Longer help text shown by `help NAME` (optional).
    public var details: String
    public var options: [OptionSpec]
    /// The options that fit once these positional words are typed, for
    /// completion (`plot loss ` takes only `log=`); nil: all of `options`.
    public var optionsAfter: (@Sendable (_ words: [String]) -> [OptionSpec])?
    public var completion: WordCompletion
    /// Keys whose `key=value` is a positional word of this command rather
    /// than an option: `set w1=0.5` names a parameter, like `set w1 = 0.5`.
    public var wordKeys: @Sendable (_ key: String) -> Bool
    /// True when the command may change the network or data: only then can
    /// it become an undo step (when it did change them). Any command that
    /// fails leaves the state exactly as it was, whatever this says.
    public var changesState: Bool
    public var handler: Handler

    /// A command with one form: `syntax` (its words) followed by every option.
    public init(_ name: String, group: String, aliases: [String] = [], syntax: String, summary: String, example: String,
                details: String = "", options: [OptionSpec] = [],
                optionsAfter: (@Sendable (_ words: [String]) -> [OptionSpec])? = nil, completion: WordCompletion = .none,
                wordKeys: @escaping @Sendable (_ key: String) -> Bool = { _ in false },
                changesState: Bool = false, handler: @escaping Handler) {
        self.init(name, group: group, aliases: aliases, forms: [UsageForm(syntax, options)], summary: summary,
                  example: example, details: details, options: options, optionsAfter: optionsAfter, completion: completion,
                  wordKeys: wordKeys, changesState: changesState, handler: handler)
    }

    /// A command with several forms; `options` (all it accepts) defaults to
    /// the forms' options together.
    public init(_ name: String, group: String, aliases: [String] = [], forms: [UsageForm], summary: String, example: String,
                details: String = "", options: [OptionSpec]? = nil,
                optionsAfter: (@Sendable (_ words: [String]) -> [OptionSpec])? = nil, completion: WordCompletion = .none,
                wordKeys: @escaping @Sendable (_ key: String) -> Bool = { _ in false },
                changesState: Bool = false, handler: @escaping Handler) {
        self.name = name
        self.group = group
        self.aliases = aliases
        self.forms = forms
        self.summary = summary
        self.example = example
        self.details = details
        self.options = options ?? forms.flatMap(\.options).reduce(into: []) { all, option in
            if !all.contains(where: { $0.key == option.key }) { all.append(option) }
        }
        self.optionsAfter = optionsAfter
        self.completion = completion
        self.wordKeys = wordKeys
        self.changesState = changesState
        self.handler = handler
    }

    /// `train [EPOCHS] [lr=] [batch=] …`: every form, with its options.
    public var usage: String { forms.map(\.text).joined(separator: " | ") }

    /// The options that fit after the positional `words`.
    func options(after words: [String]) -> [OptionSpec] {
        optionsAfter?(words) ?? options
    }

    /// Whether `token` is one of this command's `key=value` options (else a positional word).
    func isOption(_ token: Token) -> Bool {
        token.option.map { !wordKeys($0.key) } ?? false
    }
}

/// One way to call a command: its words (`train [EPOCHS]`) and the options
/// that go with them, shown in usage as `[lr=] [batch=]`.
public struct UsageForm: Sendable {
    public var words: String
    public var options: [OptionSpec]

    public init(_ words: String, _ options: [OptionSpec] = []) {
        self.words = words
        self.options = options
    }

    public var text: String { ([words] + options.map(\.usage)).joined(separator: " ") }
}
