import Foundation
import Testing
import TestSupport
@testable import Lab

/// bplab installed as a Unix tool: `make install PREFIX=…` puts the binary,
/// bplab(1) and the three completions where man and the shells look, each
/// written by the binary from its command table; `make uninstall` takes
/// them away and leaves the prefix empty.
@Suite struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let installed = ["bin/bplab", "share/man/man1/bplab.1", "share/bash-completion/completions/bplab",
                            "share/zsh/site-functions/_bplab", "share/fish/vendor_completions.d/bplab.fish"]

    static func make(_ arguments: [String]) throws -> (output: String, status: Int32) {
        try Support.run("/usr/bin/make", ["--no-print-directory", "-C", repository.path] + arguments)
    }

    @Test func installAndUninstallIntoAPrefix() throws {
        let bplab = try #require(ExecutableTests.executable)
        let prefix = try Support.temporaryDirectory("prefix")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let install = try Self.make(["install", "PREFIX=\(prefix.path)", "BINARY=\(bplab.path)"])
        #expect(install.status == 0, "\(install.output)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: prefix.path).filter { path in
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path, isDirectory: &folder) && !folder.boolValue
        }
        #expect(files.sorted() == Self.installed.sorted())
        #expect(FileManager.default.isExecutableFile(atPath: prefix.appendingPathComponent("bin/bplab").path))
        let page = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/bplab.1"), encoding: .utf8)
        #expect(page == ManPage.roff(version: "0.1.0", commands: CommandTable.all))
        let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/bplab.fish"), encoding: .utf8)
        #expect(fish == ShellCompletion.script(for: "fish", commands: CommandTable.all))
        let uninstall = try Self.make(["uninstall", "PREFIX=\(prefix.path)"])
        #expect(uninstall.status == 0, "\(uninstall.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.path).isEmpty)
    }

    /// The man page names every command with its usage, summary and example,
    /// every option, exit status and environment variable, and groff reads
    /// it without a warning; man shows it.
    @Test func theManPageIsTheCommandTables() throws {
        let page = try ExecutableTests.run(["--man-page"])
        #expect(page.status == 0 && page.output == ManPage.roff(version: "0.1.0", commands: CommandTable.all))
        let roff = page.output
        #expect(roff.hasPrefix(".TH BPLAB 1 "))
        for command in CommandTable.all {
            #expect(roff.contains("\\fB\(ManPage.escape(command.usage))\\fR"), "\(command.name)")
            #expect(roff.contains(ManPage.escape(command.summary)) && roff.contains(ManPage.escape(command.example)), "\(command.name)")
        }
        for option in ProgramInterface.modes.flatMap(\.options) { #expect(roff.contains(ManPage.escape(option.help))) }
        for status in ExitStatus.allCases { #expect(roff.contains(".TP\n\\fB\(status.rawValue)\\fR\n\(ManPage.escape(status.meaning))")) }
        for variable in EnvironmentVariable.allCases { #expect(roff.contains("\\fB\(ManPage.escape(variable.rawValue))\\fR")) }
        #expect(roff.unicodeScalars.allSatisfy { $0.isASCII })

        let folder = try Support.temporaryDirectory("man")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bplab.1")
        try roff.write(to: file, atomically: true, encoding: .utf8)
        for (tool, arguments) in [("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", file.path]), ("/usr/bin/man", ["-l", file.path])]
        where FileManager.default.isExecutableFile(atPath: tool) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.environment = ["MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat", "PATH": "/usr/bin:/bin"]
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let shown = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let warned = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && warned.isEmpty, "\(tool): \(warned)")
            if tool.hasSuffix("man") {
                #expect(shown.contains("EXIT STATUS") && shown.contains("save session NAME") && shown.contains("--keep-going"), "\(shown)")
            }
        }
    }
}
