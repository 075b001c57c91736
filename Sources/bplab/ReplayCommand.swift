import ArgumentParser
import Foundation
import Lab

/// `bplab replay [--check] [--step] FILE…`
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: ProgramInterface.replay.abstract,
        discussion: """
            Without --check a transcript stops at the first command that fails although its recording shows \
            no error (FILE:LINE: error: … on stderr, exit status 1), unless --keep-going.
            """
    )

    @Flag(help: ArgumentHelp(ProgramInterface.Help.check))
    var check = false

    @Flag(help: ArgumentHelp(ProgramInterface.Help.step))
    var step = false

    @Flag(help: ArgumentHelp(ProgramInterface.Help.replayKeepGoing))
    var keepGoing = false

    @Argument(help: ArgumentHelp(ProgramInterface.Help.transcripts, valueName: "file"))
    var files: [String]

    func run() throws {
        Signals.install()
        StateFolder.startTemporaryFiles()
        defer { TemporaryFiles.finish() }
        let console = Console()
        var failed = false, unreadable = false
        for file in files {
            // Each transcript starts from a fresh session, as when it was recorded.
            let session = Session(output: console.outputTarget, baseDirectory: FileManager.default.currentDirectoryPath,
                                  interrupt: .process)
            session.readKey = { KeyLine.readLine() }
            do {
                let result = try Replay.run(file: file, in: session, mode: check ? .check : (step ? .step : .show),
                                            stopsAtError: !keepGoing, nextKey: { KeyLine.readLine() })
                failed = failed || result.differences > 0 || !result.problems.isEmpty || result.failedLine != nil
            } catch {
                console.error(error.userMessage)
                unreadable = true
            }
            if session.interrupt.isRequested { throw ExitCode(ExitStatus.interrupted.rawValue) }
        }
        if unreadable { throw ExitCode(ExitStatus.unusable.rawValue) }
        if failed { throw ExitCode(ExitStatus.commandFailed.rawValue) }
    }
}
