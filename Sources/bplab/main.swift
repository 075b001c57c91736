import ArgumentParser
import Foundation
import Lab

/// bplab: build multi-layer perceptrons, train them, and ask any partial derivative.
struct Bplab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bplab",
        abstract: "Backprop Lab: build, train and question small neural networks.",
        discussion: """
            With no arguments, starts the interactive REPL (type `help`). A FILE ending in .bpl is replayed as a \
            transcript; any other FILE is run one command per line.
            `bplab replay [--check] [--step] FILE…` replays transcripts; with --check it exits 1 when an output differs.
            """,
        version: "0.1.0"
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run commands (separated by ';') and exit.", valueName: "commands"))
    var commands: String?

    @Argument(help: ArgumentHelp("A transcript (.bpl) to replay, or a file of commands to run.", valueName: "file"))
    var file: String?

    @Flag(help: .hidden)
    var commandReference = false

    func run() throws {
        if commandReference {
            // `make readme` pastes this into README.md.
            print(Help.markdownReference(CommandTable.all), terminator: "")
            return
        }
        Signals.install()
        let console = Console()
        let session = Session(output: console.outputTarget, baseDirectory: FileManager.default.currentDirectoryPath)
        if let commands {
            guard session.run(commands) else { throw ExitCode(1) }
            return
        }
        if let file {
            try runFile(file, session: session, console: console)
            return
        }
        try interactive(session: session, console: console)
    }

    private func runFile(_ file: String, session: Session, console: Console) throws {
        if file.hasSuffix(".bpl") {
            let result: Replay.Result
            do { result = try Replay.run(file: file, in: session, mode: .show) } catch {
                console.write("error: \(error)")
                throw ExitCode(2)
            }
            if !result.problems.isEmpty { throw ExitCode(1) }
            return
        }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            console.write("error: cannot read \(file): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        session.baseDirectory = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        var ok = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !session.quitRequested {
            ok = session.run(String(line)) && ok
        }
        if !ok { throw ExitCode(1) }
    }

    private func interactive(session: Session, console: Console) throws {
        guard console.inputIsTerminal else {
            var reader = PlainLineReader()
            var ok = true
            while !session.quitRequested, let line = reader.readLine() { ok = session.run(line) && ok }
            if !ok { throw ExitCode(1) }
            return
        }
        let state = StateFolder.path
        var reader = ReadlineLineReader(prompt: "bp> ", session: session)
        console.write("bplab 0.1.0 — type help for commands, Ctrl-D to leave")
        // The journal first, so the commands a restore replays are journaled again.
        let journal = try? Journal(folder: state)
        session.onRecord = { journal?.append($0) }
        offerRestore(session: session, folder: state, reader: &reader)
        session.readKey = { Replay.readKeyLine() }
        while !session.quitRequested, let line = reader.readLine() {
            Signals.commandRunning = true
            session.run(line)
            Signals.commandRunning = false
        }
        journal?.finish()
    }

    /// Offers to replay the commands of a journal left by a session that ended abnormally.
    private func offerRestore(session: Session, folder: String, reader: inout ReadlineLineReader) {
        guard let path = Journal.unfinished(in: folder).first,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let transcript = Transcript(parsing: text)
        let commands = transcript.commands
        guard let last = commands.last else { try? FileManager.default.removeItem(atPath: path); return }
        Swift.print("An unfinished session was found (\(commands.count) commands, the last: \(last.command)).")
        Swift.print("Restore it? [y/N] ", terminator: "")
        fflush(stdout)
        // Ctrl-C or end of input: neither restored nor deleted, so it is offered again next time.
        guard let answer = Replay.readKeyLine()?.lowercased() else { Swift.print(""); return }
        // Gone before the restore: what it restores is in this session's journal now.
        try? FileManager.default.removeItem(atPath: path)
        if answer == "y" || answer == "yes" {
            let here = session.baseDirectory
            for entry in transcript.entries {
                switch entry {
                case .prose(let line): session.run(line)
                case .directory(let folder): session.baseDirectory = folder  // where the commands ran (absolute)
                case .command(let command, _, _): _ = session.runCapturing(command)
                }
            }
            session.baseDirectory = here
            session.print("restored: \(commands.count) commands replayed")
        }
    }
}

/// `bplab replay [--check] [--step] FILE…`
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay transcripts; with --check, exit 1 if any output differs from its recording."
    )

    @Flag(help: "Compare each output with the recording and print a unified diff of every difference.")
    var check = false

    @Flag(help: "Wait for Enter before each command (q stops).")
    var step = false

    @Argument(help: ArgumentHelp("Transcripts (.bpl).", valueName: "file"))
    var files: [String]

    func run() throws {
        Signals.install()
        let console = Console()
        var failed = false
        for file in files {
            // Each transcript starts from a fresh session, as when it was recorded.
            let session = Session(output: console.outputTarget, baseDirectory: FileManager.default.currentDirectoryPath)
            session.readKey = { Replay.readKeyLine() }
            do {
                let result = try Replay.run(file: file, in: session, mode: check ? .check : (step ? .step : .show),
                                            nextKey: { Replay.readKeyLine() })
                failed = failed || result.differences > 0 || !result.problems.isEmpty
            } catch {
                console.write("error: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `$XDG_STATE_HOME/bplab`, by default `~/.local/state/bplab`: history and journals.
enum StateFolder {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.local/state" } ?? NSTemporaryDirectory())
        return state + "/bplab"
    }
}

// `replay` is dispatched by hand: a root command with a positional FILE
// cannot also have subcommands in swift-argument-parser.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "replay" {
    ReplayCommand.main(Array(arguments.dropFirst()))
} else {
    Bplab.main(arguments)
}
