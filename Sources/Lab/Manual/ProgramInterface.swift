/// bplab's command line as data: the options and arguments of `bplab`,
/// `bplab replay` and `bplab serve`. The executable declares the same
/// options to its parser with these help texts, and a test holds the two to
/// each other through `--help`; the shell completions and the man page are
/// written from this, so they offer exactly what the parser accepts.
public struct ProgramMode: Sendable {
    public struct Option: Sendable {
        /// `-c`, `--keep-going`: every spelling the parser accepts.
        public var names: [String]
        /// The placeholder of its value (`commands`), nil for a flag.
        public var value: String?
        /// What shells offer for that value (nil: anything).
        public var values: ValueKind?
        public var help: String
    }

    /// What a shell offers for a value or an argument.
    public enum ValueKind: Sendable {
        /// Any file.
        case files
        /// Files with one of these extensions (folders too, to go into).
        case filesEnding([String])
        /// The commands of the language (for `-c`).
        case commands
        case choices([String])
    }

    /// "" for `bplab` itself, else the first argument that picks the mode.
    public var name: String
    public var abstract: String
    public var options: [Option]
    /// The positional arguments' placeholder (`file`, `file…`) and kind; nil when there are none.
    public var arguments: (placeholder: String, kind: ValueKind)?
}

public enum ProgramInterface {
    /// The help texts the parser shows, by option.
    public enum Help {
        public static let commands = "Run commands (separated by ';') and exit."
        public static let keepGoing = "Run every line of FILE or standard input even after one fails."
        public static let version = "Print the version and the numeric kernels this machine runs."
        public static let completion = "Print a completion script for bash, zsh or fish."
        public static let file = "A transcript (.bpl) to replay, a file of commands to run, or - for standard input."
        public static let check = "Compare each output with the recording and print a unified diff of every difference."
        public static let step = "Wait for Enter before each command (q stops)."
        public static let replayKeepGoing = "Run on after a command fails unexpectedly."
        public static let transcripts = "Transcripts (.bpl)."
        public static let help = "Show help information."
    }

    public static let shells = ["bash", "zsh", "fish"]

    /// What `bplab --help` says after its overview, and the man page's description: one paragraph each.
    public static let discussion = [
        "With no arguments, starts the interactive REPL (type `help`). A FILE ending in .bpl is replayed as a "
            + "transcript; any other FILE is run one command per line; - (or a pipe) reads commands from standard input.",
        "Results go to standard output, errors and warnings to standard error; a FILE or standard input stops at "
            + "its first error (FILE:LINE: error: …) unless --keep-going. In a transcript, a command whose recording "
            + "shows it failing is expected to fail.",
        "`bplab replay [--check] [--step] FILE…` replays transcripts; with --check it exits 1 when an output differs.",
        "`bplab serve` answers JSON requests on stdin (the machine protocol of docs/protocol.md, for Jupyter).",
        "`bplab --generate-completion-script bash|zsh|fish`: \(Help.completion)",
        "Ctrl-C stops a running command at its next step and skips the rest of the line (of the script, with -c "
            + "or FILE: bplab then exits with status 130); a second Ctrl-C ends bplab.",
    ]

    static let helpOption = ProgramMode.Option(names: ["-h", "--help"], value: nil, values: nil, help: Help.help)

    public static let root = ProgramMode(
        name: "", abstract: "Backprop Lab: build, train and question small neural networks.",
        options: [
            .init(names: ["-c"], value: "commands", values: .commands, help: Help.commands),
            .init(names: ["--keep-going"], value: nil, values: nil, help: Help.keepGoing),
            .init(names: ["--version"], value: nil, values: nil, help: Help.version),
            .init(names: ["--generate-completion-script"], value: "shell", values: .choices(shells), help: Help.completion),
            helpOption,
        ],
        arguments: ("file", .files))

    public static let replay = ProgramMode(
        name: "replay", abstract: "Replay transcripts; with --check, exit 1 if any output differs from its recording.",
        options: [
            .init(names: ["--check"], value: nil, values: nil, help: Help.check),
            .init(names: ["--step"], value: nil, values: nil, help: Help.step),
            .init(names: ["--keep-going"], value: nil, values: nil, help: Help.replayKeepGoing),
            helpOption,
        ],
        arguments: ("file…", .filesEnding(["bpl"])))

    public static let serve = ProgramMode(
        name: "serve", abstract: "Answer JSON requests on stdin, one per line, with JSON lines on stdout (docs/protocol.md).",
        options: [helpOption], arguments: nil)

    /// `bplab` first, then its modes.
    public static let modes = [root, replay, serve]
}
