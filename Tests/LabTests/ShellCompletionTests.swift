import Foundation
import Testing
import TestSupport
@testable import Lab

/// The shell completions of the real `bplab`, run in real bash, zsh and
/// fish: they offer what the parser accepts — the options its
/// `--help` lists, the modes `replay` and `serve`, `.bpl` files after
/// `replay`, the command table's commands after `-c` — and nothing else.
@Suite struct ShellCompletionTests {
    static func installed(_ shell: String) -> Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") }

    /// Runs `shell` with `arguments` in `folder`; standard output and the status.
    static func run(_ shell: String, _ arguments: [String], in folder: URL) throws -> (output: String, status: Int32) {
        try Support.run("/usr/bin/\(shell)", arguments, in: folder)
    }

    /// A folder with a transcript, a picture and a folder; each shell's script
    /// written into `scripts` (a folder of its own, so they are not offered).
    static func folder() throws -> URL {
        let folder = try Support.temporaryDirectory("completion")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["a.bpl", "b.svg"] { try Data().write(to: folder.appendingPathComponent(name)) }
        for shell in ProgramInterface.shells {
            let run = try ExecutableTests.run(["--generate-completion-script", shell])
            #expect(run.status == 0 && run.output == ShellCompletion.script(for: shell, commands: CommandTable.all))
            try run.output.write(to: scripts.appendingPathComponent("bplab.\(shell)"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let scripts = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-completion-scripts-\(UUID().uuidString)")

    /// The options each mode's `--help` lists are exactly the interface's.
    @Test(arguments: ProgramInterface.modes.map(\.name))
    func theInterfaceIsTheParsers(_ mode: String) throws {
        let help = try ExecutableTests.run((mode.isEmpty ? [] : [mode]) + ["--help"])
        #expect(help.status == 0)
        let section = help.output.components(separatedBy: "OPTIONS:").last ?? ""
        let listed = Set(section.split(whereSeparator: { " ,\n".contains($0) }).map(String.init).filter { $0.hasPrefix("-") })
        let interface = try #require(ProgramInterface.modes.first { $0.name == mode })
        var names = Set(interface.options.flatMap(\.names))
        // Answered before the parser runs (it writes the scripts from this interface), so --help says it in its text.
        if names.remove("--generate-completion-script") != nil {
            #expect(help.output.contains("--generate-completion-script bash|zsh|fish"))
        }
        #expect(listed == names, "\(mode): --help lists \(listed.sorted()), the interface \(names.sorted())")
    }

    @Test func everyShellParsesItsScript() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for shell in ProgramInterface.shells where Self.installed(shell) {
            let check = try Self.run(shell, ["-n", Self.scripts.appendingPathComponent("bplab.\(shell)").path], in: folder)
            #expect(check.status == 0, "\(shell): \(check.output)")
        }
        let text = try String(contentsOf: Self.scripts.appendingPathComponent("bplab.zsh"), encoding: .utf8)
        #expect(text.hasPrefix("#compdef bplab") && text.contains("replay)") && text.contains("_files -g \"*.bpl\""))
        let unknown = try ExecutableTests.run(["--generate-completion-script", "tcsh"])
        #expect(unknown.status == ExitStatus.unusable.rawValue && unknown.errors.contains("bash|zsh|fish"))
    }

    @Test(.enabled(if: installed("bash"))) func bashOffersTheRealArguments() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func offered(_ words: [String]) throws -> [String] {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let script = "source \(Self.scripts.path)/bplab.bash; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _bplab; printf '%s\\n' \"${COMPREPLY[@]}\""
            return try Self.run("bash", ["-c", script], in: folder).output.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try offered(["bplab", "replay", ""]) == ["a.bpl", "sub"])
        #expect(try offered(["bplab", "replay", "--"]) == ["--check", "--help", "--keep-going", "--step"])
        #expect(try offered(["bplab", ""]) == ["a.bpl", "b.svg", "replay", "serve", "sub"])
        #expect(try offered(["bplab", "--"]) == ["--generate-completion-script", "--help", "--keep-going", "--version"])
        #expect(try offered(["bplab", "-c", ""]) == CommandTable.all.map(\.name).sorted())
        #expect(try offered(["bplab", "--generate-completion-script", ""]) == ["bash", "fish", "zsh"])
        #expect(try offered(["bplab", "serve", ""]).isEmpty)
    }

    @Test(.enabled(if: installed("fish"))) func fishOffersTheRealArguments() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func offered(_ line: String) throws -> [String] {
            let output = try Self.run("fish", ["--no-config", "-c", "source \(Self.scripts.path)/bplab.fish; complete -C '\(line)'"], in: folder).output
            return output.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }.sorted()
        }
        #expect(try offered("bplab replay ") == ["a.bpl", "sub/"])
        #expect(try offered("bplab replay --") == ["--check", "--help", "--keep-going", "--step"])
        #expect(try offered("bplab ") == ["a.bpl", "b.svg", "replay", "serve", "sub/"])
        #expect(try offered("bplab --") == ["--generate-completion-script", "--help", "--keep-going", "--version"])
        #expect(try offered("bplab -c p") == CommandTable.all.map(\.name).filter { $0.hasPrefix("p") }.sorted())
    }

    /// Drives an interactive zsh in a pseudo-terminal (zpty): loads the script
    /// as `_bplab` from fpath, presses Tab after `$1`, and prints each match
    /// zsh's completion system adds (caught in `compadd`).
    static let zshCapture = #"""
        zmodload zsh/zpty
        zpty z zsh -f -i
        zpty -w z "PROMPT=''; fpath=($SCRIPTS \$fpath); autoload -U compinit; compinit -u"
        zpty -w z 'compadd () { if [[ " $* " == *" -"[OAD]" "* ]]; then builtin compadd "$@"; return $?; fi; local -a __hits; builtin compadd -A __hits "$@"; (( $#__hits )) && print -l -- "<hit>"${^__hits}; builtin compadd "$@" }'
        zpty -w z "$1"$'\t'
        zpty -w z $'\C-u''print "<end>"'
        local line
        while zpty -r z line; do
          [[ $line == *'<end>'* && $line != *print* ]] && break
          [[ $line == *"<hit>"* && $line != *__hits* ]] && print -r -- "${${line##*<hit>}%%$'\r'}"
        done
        zpty -d z
        """#

    @Test(.enabled(if: installed("zsh"))) func zshOffersTheRealArguments() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fpath = Self.scripts.appendingPathComponent("zsh-functions")
        try FileManager.default.createDirectory(at: fpath, withIntermediateDirectories: true)
        try FileManager.default.contentsOfDirectory(atPath: fpath.path).forEach { try FileManager.default.removeItem(at: fpath.appendingPathComponent($0)) }
        try String(contentsOf: Self.scripts.appendingPathComponent("bplab.zsh"), encoding: .utf8)
            .write(to: fpath.appendingPathComponent("_bplab"), atomically: true, encoding: .utf8)
        let capture = Self.scripts.appendingPathComponent("capture-\(UUID().uuidString).zsh")
        try Self.zshCapture.replacingOccurrences(of: "$SCRIPTS", with: fpath.path).write(to: capture, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: capture) }
        func offered(_ line: String) throws -> [String] {
            // Bounded: a zsh that never prints the end mark must not hold the suite.
            let output = try Self.run("timeout", ["20", "zsh", capture.path, line], in: folder).output
            // A pseudo-terminal ends lines with "\r\n" (one Character in Swift).
            return Set(output.split(whereSeparator: \.isNewline).map(String.init)).sorted()
        }
        #expect(try offered("bplab replay ") == ["a.bpl", "sub"])
        #expect(try offered("bplab replay --") == ["--check", "--help", "--keep-going", "--step"])
        #expect(try offered("bplab ") == ["a.bpl", "b.svg", "replay", "serve", "sub"])
        #expect(try offered("bplab --") == ["--generate-completion-script", "--help", "--keep-going", "--version"])
        #expect(try offered("bplab -c p") == CommandTable.all.map(\.name).filter { $0.hasPrefix("p") }.sorted())
    }
}
