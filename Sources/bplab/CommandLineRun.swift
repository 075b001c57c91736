import ArgumentParser
import Foundation
import Lab

extension ExitStatus {
    /// Parses `arguments` and runs `command` as its own `main` would, except
    /// that a mistake on the command line exits with `unusable` (2), the
    /// status `--help` documents, rather than swift-argument-parser's 64.
    static func main<C: ParsableCommand>(_ command: C.Type, _ arguments: [String]) -> Never {
        do {
            var parsed = try command.parseAsRoot(arguments)
            try parsed.run()
            exit(ExitStatus.success.rawValue)
        } catch {
            if command.exitCode(for: error) == .validationFailure {
                Console.emit(command.fullMessage(for: error) + "\n", to: .standardError)
                exit(ExitStatus.unusable.rawValue)
            }
            command.exit(withError: error)
        }
    }
}
