import Foundation

/// A session transcript (sessions/*.bpl): plain UTF-8 text.
///
///     # prose comments start with '#'
///     bp> data xor
///     data xor: 4 samples, 2 inputs → 1 target
///     bp> net 2 2:sigmoid 1:sigmoid
///     network 2-2-1: …
///
/// A line starting `bp> ` is a command; the lines after it, up to the next
/// command or prose comment, are its recorded output (trailing blank lines
/// are layout, not output). Lines starting `#` outside outputs are prose.
///
/// Escape: output can print anything (a CSV class name, a file name), so an
/// output line that would read as a command or prose — one starting `bp>` or
/// `#` — is written with a backslash in front, and so is one starting with a
/// backslash. Reading drops one leading backslash from every output line.
/// So `\bp> reset` in a file is output, never a command, and no output can
/// forge a command or a comment. Command and prose text is written on one
/// line, control characters as visible escapes (`\n`, `\u{1B}`).
///
/// Directory: `# bplab: file names are relative to DIR` (DIR relative to the
/// transcript's folder) says where the file names of the commands after it
/// are resolved — `save session` writes it when the session ran elsewhere
/// (`load iris.csv` typed in the project folder, saved in sessions/). Without
/// one, file names are relative to the transcript's folder.
public struct Transcript: Equatable, Sendable {
    public static let prompt = "bp> "
    public static let directoryPrefix = "# bplab: file names are relative to "

    public enum Entry: Equatable, Sendable {
        case prose(String)
        /// A command, its 1-based line in the file, and its recorded output.
        case command(String, line: Int, output: [String])
        /// The folder the following commands resolve file names against: absolute
        /// in a session's record, relative to the file's folder in a parsed file.
        case directory(String)
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses a transcript file's bytes. Nothing is an error: junk before the
    /// first command is kept as unattached text and reported by `problems`.
    /// A line that is not valid UTF-8 is decoded with its bad bytes shown as
    /// U+FFFD and reported by `problems`; such a command line is skipped (it
    /// cannot be what was typed).
    public init(parsing data: Data) {
        var lines: [(String, Bool)] = []
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var bytes = Array(raw)
            if bytes.last == 0x0D { bytes.removeLast() }
            if let text = String(validating: bytes, as: UTF8.self) {
                lines.append((text, false))
            } else {
                lines.append((String(decoding: bytes, as: UTF8.self), true))
            }
        }
        self.init(lines: lines)
    }

    private init(lines: [(text: String, bad: Bool)]) {
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
        for (index, (line, bad)) in lines.enumerated() {
            if bad {
                let skipped = Transcript.isCommand(line)
                problems.append("line \(index + 1): not UTF-8 text (bad bytes shown as \u{FFFD})" + (skipped ? "; the command is skipped" : ""))
                if skipped { flush(); continue }
                if current == nil { continue }
            }
            if Transcript.isCommand(line) {
                flush()
                current = (String(line.dropFirst(min(line.count, Transcript.prompt.count))), index + 1, [])
            } else if line.hasPrefix("#") {
                flush()
                if line.hasPrefix(Transcript.directoryPrefix) {
                    entries.append(.directory(String(line.dropFirst(Transcript.directoryPrefix.count)).trimmingCharacters(in: .whitespaces)))
                } else {
                    entries.append(.prose(line))
                }
            } else if current != nil {
                current!.output.append(line.hasPrefix("\\") ? String(line.dropFirst()) : line)
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("line \(index + 1): text outside any command: '\(Arguments.clip(Printable.text(line)))'")
            }
        }
        flush()
        self.entries = entries
        self.problems = problems
    }

    static func isCommand(_ line: String) -> Bool { line.hasPrefix(prompt) || line == "bp>" }

    /// Lines that were neither commands, outputs nor prose (e.g. binary junk before the first command).
    public private(set) var problems: [String] = []

    public var commands: [(line: Int, command: String, output: [String])] {
        entries.compactMap {
            if case let .command(command, line, output) = $0 { return (line, command, output) }
            return nil
        }
    }

    /// The transcript as text: a blank line before each block of prose.
    /// `folder` is where the file will live: directories are written relative
    /// to it, and one that changes nothing is left out. Without a folder they
    /// are written as they are (absolute in a session's record: the journal).
    public func render(relativeTo folder: String? = nil) -> String {
        var text = ""
        var previousWasProse = true
        var directory = folder.map { _ in "." }
        for entry in entries {
            switch entry {
            case .prose(let line):
                if !previousWasProse { text += "\n" }
                text += Printable.text(line) + "\n"
                previousWasProse = true
            case .directory(let path):
                let shown = folder.map { Paths.relativePath(from: $0, to: path) } ?? path
                guard shown != directory else { continue }
                directory = shown
                if !previousWasProse { text += "\n" }
                text += Transcript.directoryPrefix + Printable.text(shown) + "\n"
                previousWasProse = true
            case let .command(command, _, output):
                text += Transcript.prompt + Printable.text(command) + "\n"
                for line in output {
                    // Session output never holds a line break, but a stray one must not start a line unescaped.
                    for piece in line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                        text += Transcript.escaped(String(piece)) + "\n"
                    }
                }
                previousWasProse = false
            }
        }
        return text
    }

    /// An output line as written: a backslash in front when it starts with `bp>`, `#` or `\`.
    static func escaped(_ line: String) -> String {
        line.hasPrefix("bp>") || line.hasPrefix("#") || line.hasPrefix("\\") ? "\\" + line : line
    }
}
