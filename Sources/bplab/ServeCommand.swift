import ArgumentParser
import Foundation
import Lab

/// `bplab serve`: the machine protocol (docs/protocol.md) on stdin and
/// stdout, for programs such as the Jupyter kernel (kernel/).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: ProgramInterface.serve.abstract,
        discussion: """
            The machine protocol, version \(ProtocolServer.version): run a cell of commands, complete, show help. \
            SIGINT stops the running command at its next step; the session keeps its state and the next request \
            is answered. The Jupyter kernel in kernel/ speaks it.
            """
    )

    func run() throws {
        Signals.serverStarts()
        do { try KernelChoice.apply() } catch {
            Console().error("\(error)")
            throw ExitCode(ExitStatus.unusable.rawValue)
        }
        let server = ProtocolServer(baseDirectory: FileManager.default.currentDirectoryPath, interrupt: .process) { line in
            Console.emit(line + "\n", to: .standardOutput)
        }
        var input = ProtocolInput()
        server.serve(programVersion: Bplab.version) { input.next() }
    }
}
