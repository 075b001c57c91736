import ArgumentParser
import BackpropCore
import Foundation
import Lab

/// bplab: build multi-layer perceptrons, train them, and ask any partial derivative.
struct Bplab: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "bplab",
        abstract: ProgramInterface.root.abstract,
        discussion: ProgramInterface.discussion.joined(separator: "\n") + "\n\nExit status:\n"
            + ExitStatus.lines.joined(separator: "\n")
    )

    @Option(name: .customShort("c"), help: ArgumentHelp(ProgramInterface.Help.commands, valueName: "commands"))
    var commands: String?

    @Flag(help: ArgumentHelp(ProgramInterface.Help.keepGoing))
    var keepGoing = false

    @Flag(name: .customLong("version"), help: ArgumentHelp(ProgramInterface.Help.version))
    var showVersion = false

    @Argument(help: ArgumentHelp(ProgramInterface.Help.file, valueName: "file"))
    var file: String?

    @Flag(help: .hidden)
    var commandReference = false

    @Flag(help: .hidden)
    var exitStatusReference = false

    @Flag(help: .hidden)
    var manPage = false

    func validate() throws {
        if commands != nil && file != nil {
            throw ValidationError("give commands with -c or a FILE, not both")
        }
    }

    func run() throws {
        // `make readme` pastes these into README.md.
        if commandReference { return print(Help.markdownReference(CommandTable.all), terminator: "") }
        if exitStatusReference { return print(ExitStatus.markdown, terminator: "") }
        // `make install` and `make dist` install this as bplab(1).
        if manPage { return print(ManPage.roff(version: Bplab.version, commands: CommandTable.all), terminator: "") }
        let console = Console()
        do { try KernelChoice.apply() } catch {
            console.error("\(error)")
            throw ExitCode(ExitStatus.unusable.rawValue)
        }
        if showVersion {
            // One write: a reader that stops after the first line (`| head -1`) gets both or none.
            console.write("bplab \(Bplab.version)\nkernels: \(KernelTiling.selected)")
            return
        }
        Signals.install()
        StateFolder.startTemporaryFiles()
        defer { TemporaryFiles.finish() }
        let session = Session(output: console.outputTarget, baseDirectory: FileManager.default.currentDirectoryPath,
                              interrupt: .process)
        if let commands {
            var reader = ListReader([commands])
            try exitStatus(after: CommandLoop.run(session, reader: &reader, interactive: false))
        } else if let file, file != "-" {
            try runFile(file, session: session, console: console)
        } else if console.inputIsTerminal && file == nil {
            interactive(session: session, console: console)
        } else {
            var reader = StandardInputReader()
            try exitStatus(after: CommandLoop.run(session, reader: &reader, interactive: false, source: "<stdin>",
                                                  keepGoing: keepGoing))
        }
    }

    private func exitStatus(after outcome: CommandLoop.Outcome) throws {
        switch outcome {
        case .finished(failed: false): return
        case .finished(failed: true): throw ExitCode(ExitStatus.commandFailed.rawValue)
        case .interrupted: throw ExitCode(ExitStatus.interrupted.rawValue)
        }
    }

    private func runFile(_ file: String, session: Session, console: Console) throws {
        if file.hasSuffix(".bpl") {
            let result: Replay.Result
            do { result = try Replay.run(file: file, in: session, mode: .show, stopsAtError: !keepGoing) } catch {
                console.error(error.userMessage)
                throw ExitCode(ExitStatus.unusable.rawValue)
            }
            if result.stopped { throw ExitCode(ExitStatus.interrupted.rawValue) }
            if !result.problems.isEmpty || result.failedLine != nil { throw ExitCode(ExitStatus.commandFailed.rawValue) }
            return
        }
        let text: String
        do { text = try FileReader.text(at: file, shownAs: file, what: "a file of commands") } catch {
            console.error(error.userMessage)
            throw ExitCode(ExitStatus.unusable.rawValue)
        }
        let folder = (file as NSString).deletingLastPathComponent
        session.baseDirectory = folder.isEmpty ? "." : folder
        var reader = ListReader(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        try exitStatus(after: CommandLoop.run(session, reader: &reader, interactive: false, source: file,
                                              keepGoing: keepGoing))
    }

    private func interactive(session: Session, console: Console) {
        let state = StateFolder.path
        var reader = ReadlineLineReader(prompt: "bp> ", session: session)
        console.write("bplab \(Bplab.version) — type help for commands, Ctrl-D to leave")
        // The journal first, so the commands a restore replays are journaled again.
        let warn = { (message: String) in Console.emit("warning: \(message)\n", to: .standardError) }
        var journal: Journal?
        do { journal = try Journal(folder: state) } catch { warn("\(error.userMessage); this session is not journaled") }
        journal?.warn = warn
        session.onRecord = { journal?.append($0) }
        offerRestore(session: session, folder: state)
        session.readKey = { KeyLine.readLine() }
        // Only here, at the prompt: -c, FILE, a pipe and replay write long help whole.
        session.output.nextPage = console.pager
        _ = CommandLoop.run(session, reader: &reader, interactive: true)
        reader.truncateHistory()
        journal?.finish()
    }

    /// Offers the commands of a journal left by a session that ended
    /// abnormally: restore them, discard the journal, or (Enter, Ctrl-C, end
    /// of input, anything else) keep it to be offered again next time.
    private func offerRestore(session: Session, folder: String) {
        guard let path = Journal.unfinished(in: folder).first,
              let data = try? FileReader.data(at: path, shownAs: path, what: "a journal") else { return }
        let transcript = Transcript(parsing: data)
        guard let last = transcript.commands.last else { try? FileManager.default.removeItem(atPath: path); return }
        Swift.print("An unfinished session was found (\(transcript.commands.count) commands, the last: \(last.command)).")
        Swift.print("[r]estore it, [d]iscard it, or keep it for later [Enter]: ", terminator: "")
        fflush(stdout)
        guard let answer = KeyLine.readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { Swift.print(""); return }
        switch answer {
        case "r", "restore":
            // Gone before the restore: what it restores is in this session's journal now.
            try? FileManager.default.removeItem(atPath: path)
            if let result = try? Replay.run(transcript, from: path, in: session, mode: .quiet) {
                session.print("restored: \(result.commands) commands replayed")
            }
        case "d", "discard":
            try? FileManager.default.removeItem(atPath: path)
            Swift.print("discarded the unfinished session")
        default:
            Swift.print("kept it: it is offered again at the next start (\(path))")
        }
    }
}

// `replay` and `serve` are dispatched by hand: a root command with a positional FILE
// cannot also have subcommands in swift-argument-parser.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--generate-completion-script") {
    // Written from the command table and `ProgramInterface`, not by the parser (which knows neither replay nor -c's commands).
    guard arguments.count == 2, arguments[0] == "--generate-completion-script", let script = ShellCompletion.script(for: arguments[1], commands: CommandTable.all) else {
        Console().error("usage: bplab --generate-completion-script \(ProgramInterface.shells.joined(separator: "|"))")
        exit(ExitStatus.unusable.rawValue)
    }
    Console.emit(script, to: .standardOutput)
} else if arguments.first == "replay" {
    ExitStatus.main(ReplayCommand.self, Array(arguments.dropFirst()))
} else if arguments.first == "serve" {
    ExitStatus.main(ServeCommand.self, Array(arguments.dropFirst()))
} else {
    ExitStatus.main(Bplab.self, arguments)
}
