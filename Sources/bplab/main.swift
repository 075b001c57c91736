import ArgumentParser
import Foundation
import Lab

/// bplab: build multi-layer perceptrons, train them, and ask any partial derivative.
struct Bplab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bplab",
        abstract: "Backprop Lab: build, train and question small neural networks.",
        discussion: "With no arguments, starts the interactive REPL (type `help`).",
        version: "0.1.0"
    )

    @Option(name: .customShort("c"), help: ArgumentHelp("Run commands (separated by ';') and exit.", valueName: "commands"))
    var commands: String?

    @Argument(help: ArgumentHelp("A file of commands to run, one per line.", valueName: "file"))
    var file: String?

    func run() throws {
        Signals.install()
        let console = Console()
        let session = Session(output: console.outputTarget)
        if let commands {
            guard session.run(commands) else { throw ExitCode(1) }
            return
        }
        if let file {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                console.write("error: cannot read \(file): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            session.baseDirectory = (file as NSString).deletingLastPathComponent
            var ok = true
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !session.quitRequested {
                ok = session.run(String(line)) && ok
            }
            if !ok { throw ExitCode(1) }
            return
        }
        var reader: LineReader = console.inputIsTerminal
            ? ReadlineLineReader(prompt: "bp> ", session: session)
            : PlainLineReader()
        if console.inputIsTerminal {
            console.write("bplab 0.1.0 — type help for commands, Ctrl-D to leave")
        }
        var ok = true
        while !session.quitRequested, let line = reader.readLine() {
            Signals.commandRunning = true
            ok = session.run(line) && ok
            Signals.commandRunning = false
        }
        if !console.inputIsTerminal && !ok { throw ExitCode(1) }
    }
}

Bplab.main()
