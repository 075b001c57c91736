import Foundation

/// Runs a transcript's commands through a session, as if typed.
///
/// - show: prints each `bp> command` and its output;
/// - step: the same, waiting for Enter before each command (`q` stops) — for a class;
/// - check: runs silently and prints a unified diff for every command whose
///   output differs from the recording.
/// Files the commands write land beside the transcript.
public struct Replay {
    public enum Mode: Sendable { case show, step, check }

    public struct Result: Equatable, Sendable {
        public var commands = 0
        public var differences = 0
        public var stopped = false
        public var problems: [String] = []
    }

    /// Reads and replays `path`. `nextKey` supplies the keys for step mode
    /// (nil at end of input, which stops the replay).
    public static func run(file path: String, in session: Session, mode: Mode,
                           nextKey: () -> String? = { nil }) throws -> Result {
        let text = try FileReader.text(at: path, shownAs: session.displayPath(path), what: "a transcript")
        let transcript = Transcript(parsing: text)
        guard !transcript.commands.isEmpty else {
            throw LabError("\(session.displayPath(path)) has no command lines (lines starting '\(Transcript.prompt)')")
        }
        let saved = session.baseDirectory
        session.baseDirectory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        defer { session.baseDirectory = saved }
        var result = Result(problems: transcript.problems)
        let name = session.displayPath(path)
        for problem in transcript.problems { session.print("\(name): \(problem)") }
        for entry in transcript.entries {
            switch entry {
            case .prose(let line):
                if mode != .check { session.print(line) }
            case let .command(command, line, recorded):
                if session.stopRequested() {
                    result.stopped = true
                    session.print("replay stopped by Ctrl-C before line \(line)")
                    return result
                }
                if mode == .step {
                    session.print(Transcript.prompt + command + "   [Enter: run, q: stop]")
                    let key = nextKey()
                    if key == nil || key?.trimmingCharacters(in: .whitespaces).lowercased() == "q" {
                        result.stopped = true
                        session.print("replay stopped before line \(line)")
                        return result
                    }
                } else if mode == .show {
                    session.print(Transcript.prompt + command)
                }
                result.commands += 1
                if mode == .check {
                    let (_, output) = session.runCapturing(command)
                    let diff = LineDiff.unified(expected: recorded, actual: output.dropLastEmpty(),
                                                expectedName: "\(name):\(line) recorded", actualName: "replayed: \(command)")
                    if !diff.isEmpty {
                        result.differences += 1
                        session.print(lines: diff)
                    }
                } else {
                    session.run(command)
                }
                if session.quitRequested { return result }
            }
        }
        if mode == .check {
            session.print(result.differences == 0
                ? "\(name): \(Format.count(result.commands, "command")) replayed, every output matches"
                : "\(name): \(result.differences) of \(Format.count(result.commands, "command")) differ")
        }
        return result
    }
}
