/// A session transcript (sessions/*.bpl, DESIGN §3): plain UTF-8 text.
///
///     # prose comments start with '#'
///     bp> data xor
///     data xor: 4 samples, 2 inputs → 1 target
///     bp> net 2 2:sigmoid 1:sigmoid
///     network 2-2-1: …
///
/// A line starting `bp> ` is a command; the lines after it, up to the next
/// command or prose comment, are its recorded output (trailing blank lines
/// are layout, not output). Lines starting `#` outside outputs are prose —
/// no command prints a line starting with '#', so the two never mix.
public struct Transcript: Equatable, Sendable {
    public static let prompt = "bp> "

    public enum Entry: Equatable, Sendable {
        case prose(String)
        /// A command, its 1-based line in the file, and its recorded output.
        case command(String, line: Int, output: [String])
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses transcript text. Nothing is an error: junk before the first
    /// command is kept as unattached text and reported by `problems`.
    public init(parsing text: String) {
        var entries: [Entry] = []
        var problems: [String] = []
        var current: (command: String, line: Int, output: [String])?
        func flush() {
            guard let c = current else { return }
            var output = c.output
            while output.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { output.removeLast() }
            entries.append(.command(c.command, line: c.line, output: output))
            current = nil
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = String(raw)
            if line.hasPrefix(Transcript.prompt) || line == "bp>" {
                flush()
                current = (String(line.dropFirst(min(line.count, Transcript.prompt.count))), index + 1, [])
            } else if line.hasPrefix("#") {
                flush()
                entries.append(.prose(line))
            } else if current != nil {
                current!.output.append(line)
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let printable = String(String.UnicodeScalarView(line.unicodeScalars.filter { !LineParser.isForbiddenControl($0) }))
                problems.append("line \(index + 1): text outside any command: '\(Arguments.clip(printable))'")
            }
        }
        flush()
        self.entries = entries
        self.problems = problems
    }

    /// Lines that were neither commands, outputs nor prose (e.g. binary junk before the first command).
    public private(set) var problems: [String] = []

    public var commands: [(line: Int, command: String, output: [String])] {
        entries.compactMap {
            if case let .command(command, line, output) = $0 { return (line, command, output) }
            return nil
        }
    }

    /// The transcript as text: a blank line before each block of prose.
    public func render() -> String {
        var text = ""
        var previousWasProse = true
        for entry in entries {
            switch entry {
            case .prose(let line):
                if !previousWasProse { text += "\n" }
                text += line + "\n"
                previousWasProse = true
            case let .command(command, _, output):
                text += Transcript.prompt + command + "\n"
                for line in output { text += line + "\n" }
                previousWasProse = false
            }
        }
        return text
    }
}
