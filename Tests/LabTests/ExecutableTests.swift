import Foundation
import Testing

/// The real `bplab` executable, driven through pipes as a script or CI would.
@Suite struct ExecutableTests {
    /// The built `bplab`, next to the test bundle in the build products folder.
    static var executable: URL? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("bplab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    struct Run {
        var output: String
        var status: Int32
    }

    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Run {
        let bplab = try #require(Self.executable, "bplab was not built next to the tests")
        let process = Process()
        process.executableURL = bplab
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-state-\(UUID().uuidString)").path
        env.merge(environment) { $1 }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(output: String(decoding: data, as: UTF8.self), status: process.terminationStatus)
    }

    @Test func xorThroughAPipe() throws {
        let script = """
            data xor
            init uniform(-1,1) seed=2
            net 2 2:sigmoid 1:sigmoid
            train 3000 lr=5 batch=4
            predict 0 0
            predict 0 1
            predict 1 0
            predict 1 1
            """
        let result = try Self.run([], input: script)
        #expect(result.status == 0, "\(result.output)")
        let predictions = result.output.split(separator: "\n").filter { $0.hasPrefix("output") }
        #expect(predictions.map { $0.split(separator: " ").last! } == ["0", "1", "1", "0"], "\(result.output)")
        // A pipe gets no prompt, no banner, no progress bar and no colour.
        #expect(!result.output.contains("bp>"))
        #expect(!result.output.contains("\u{1B}"))
        #expect(!result.output.contains("█"))
    }

    @Test func failingCommandsGiveANonZeroStatus() throws {
        let ok = try Self.run(["-c", "data xor; net 2 2 1; eval"])
        #expect(ok.status == 0, "\(ok.output)")
        let bad = try Self.run(["-c", "data xor; trian"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("error: unknown command 'trian' (did you mean 'train'?)"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-\(UUID().uuidString).txt")
        try "data xor\nnet 2 0\n".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try Self.run([file.path])
        #expect(fromFile.status != 0)
        #expect(fromFile.output.contains("error: net:"))
    }

    @Test func versionAndHelp() throws {
        #expect(try Self.run(["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try Self.run(["--help"])
        #expect(help.status == 0 && help.output.contains("-c <commands>"))
    }
}
