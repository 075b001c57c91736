import Foundation
import Testing
import TestSupport
import BackpropCore
@testable import Lab

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
        /// Standard output, then standard error.
        var output: String
        var errors: String
        var status: Int32
        var reason: Process.TerminationReason
        var seconds: Double
    }

    /// Runs bplab with `input` on stdin; `interrupts` are the seconds after
    /// the start at which it gets a SIGINT, as from Ctrl-C.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                    interrupts: [Double] = []) throws -> Run {
        let bplab = try #require(Self.executable, "bplab was not built next to the tests")
        let process = Process()
        process.executableURL = bplab
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-state-\(UUID().uuidString)").path
        env.merge(environment) { $1 }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let start = Date()
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        for time in interrupts {
            Thread.sleep(forTimeInterval: max(0, time - Date().timeIntervalSince(start)))
            process.interrupt()
        }
        // bplab writes only a few error lines to stderr, far below a pipe's buffer, so it can wait.
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors, as: UTF8.self),
                   status: process.terminationStatus, reason: process.terminationReason,
                   seconds: Date().timeIntervalSince(start))
    }

    /// Training, a derivative and a check print the same digits whichever
    /// instance of the product loop runs (AVX-512 where the processor has
    /// it, or AVX2 when told to): the loop sums in the same order in both.
    /// The layers are wide enough for 16-column tiles, eight-row tiles,
    /// packed panels and the split across two cores.
    @Test func theSameDigitsOnEitherKernelInstance() throws {
        let script = """
            data spiral n=300 classes=3 seed=4
            net 2 48:relu 40:tanh 3:softmax
            train 30 batch=32 opt=adam lr=0.01
            eval
            grad w2[7,5]
            delta 1 sample=3
            """
        let best = try Self.run([], input: script)
        let avx2 = try Self.run([], input: script, environment: ["BPLAB_KERNELS": "avx2"])
        #expect(best.status == 0 && avx2.status == 0)
        #expect(best.output.contains("dE/dw2[7,5] = a1[7] · d2[5]"))
        #expect(best.output == avx2.output)
    }

    /// Every shipped lesson replays with identical output on every kernel
    /// instance this processor runs, through the real `replay --check`
    /// (which exits 1 on any difference), in a copy of sessions/.
    @Test(arguments: InstructionSet.supported)
    func lessonsReplayIdenticallyOnEveryInstance(_ instance: InstructionSet) throws {
        let folder = try TranscriptTests.copyOfSessions()
        let lessons = TranscriptTests.lessons.map { folder + "/" + $0 }
        let result = try Self.run(["replay", "--check"] + lessons, environment: ["BPLAB_KERNELS": instance.rawValue])
        #expect(result.status == 0, "\(instance.rawValue): \(result.output.suffix(2000))")
    }

    @Test func xorThroughAPipe() throws {
        let script = """
            data xor
            init uniform(-1,1) seed=2
            net 2 2:sigmoid 1:sigmoid
            train 3000 lr=5 batch=4 opt=sgd
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
        #expect(!result.output.contains("█") && !result.errors.contains("█"))
    }

    @Test func failingCommandsGiveANonZeroStatus() throws {
        let ok = try Self.run(["-c", "data xor; net 2 2 1; eval"])
        #expect(ok.status == 0, "\(ok.output)")
        let bad = try Self.run(["-c", "data xor; trian"])
        #expect(bad.status != 0)
        #expect(bad.errors.contains("error: unknown command 'trian' (did you mean 'train'?)"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-\(UUID().uuidString).txt")
        try "data xor\nnet 2 0\n".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try Self.run([file.path])
        #expect(fromFile.status != 0)
        #expect(fromFile.errors.contains("error: net:"))
    }

    /// Mistakes on the command line itself go to stderr, in words.
    @Test func commandLineMistakes() throws {
        let both = try Self.run(["-c", "data xor", "file.txt"])
        #expect(both.status != 0 && both.output.isEmpty)
        #expect(both.errors.contains("give commands with -c or a FILE, not both"), "\(both.errors)")
        let folder = try Self.run([FileManager.default.temporaryDirectory.path])
        #expect(folder.status == 2 && folder.output.isEmpty)
        #expect(folder.errors.contains("is a directory, not a file of commands"), "\(folder.errors)")
        #expect(!folder.errors.contains("NSCocoaErrorDomain"))
        let missing = try Self.run(["no-such-file-\(UUID().uuidString).txt"])
        #expect(missing.status == 2 && missing.errors.contains(": no such file"), "\(missing.errors)")
    }

    /// Ctrl-C stops training at a batch and abandons the rest of the -c line: status 130.
    @Test func ctrlCStopsTrainingAndTheScript() throws {
        let run = try Self.run(["-c", "data xor; net 2 2 1; train 10000000; eval"], interrupts: [1.5])
        #expect(run.status == 130, "\(run.output) \(run.errors)")
        #expect(run.output.contains("stopped by Ctrl-C after"), "\(run.output)")
        #expect(run.errors.contains("interrupted: the rest of the line was not run (1 command)"), "\(run.errors)")
        #expect(!run.output.contains("train:  loss"))
    }

    /// A long eval stops between its chunks of samples: the rest of the line is skipped.
    @Test func ctrlCStopsALongEval() throws {
        // Each eval takes a second or more (100,000 samples through two 1000-wide layers).
        let run = try Self.run(["-c", "data spiral n=100000; net 2 1000:tanh 1000:tanh 1; eval; eval"], interrupts: [1.5])
        #expect(run.status == 130, "\(run.output) \(run.errors)")
        #expect(run.errors.contains("error: eval: stopped by Ctrl-C; nothing changed"), "\(run.errors)")
        #expect(!run.output.contains("train:  loss"))
    }

    /// Exporting two million samples for PyTorch takes seconds and does not
    /// poll Ctrl-C (its two files are written whole or not at all).
    static func largeExports(_ count: Int) throws -> (script: String, folder: String) {
        let folder = try Support.temporaryDirectory("large-exports").path
        return ("data spiral n=2000000; net 2 4:tanh 1; " + (1...count).map { "export pytorch \(folder)/p\($0).py" }.joined(separator: "; "), folder)
    }

    /// A command that cannot stop midway runs to its end, then the rest of the line is skipped.
    @Test func ctrlCDuringACommandThatCannotStop() throws {
        let run = try Self.run(["-c", try Self.largeExports(6).script], interrupts: [1.5])
        #expect(run.status == 130, "\(run.output) \(run.errors)")
        #expect(run.errors.contains("interrupted: export cannot stop midway and ran to its end; the rest of the line was not run"), "\(run.errors)")
        #expect(run.output.components(separatedBy: "exported the network").count - 1 < 6)
    }

    /// Saving a model of 16 million parameters (seconds) stops between its pieces at
    /// Ctrl-C, leaving neither the file nor a temporary one.
    @Test func ctrlCStopsASaveOfALargeModel() throws {
        let folder = try Support.temporaryDirectory("large-saves").path
        let run = try Self.run(["-c", "net 2 4000:tanh 4000:tanh 1; save model \(folder)/m.json"], interrupts: [1.5])
        #expect(run.status == 130, "\(run.output) \(run.errors)")
        #expect(run.errors.contains("error: save: stopped by Ctrl-C; nothing changed"), "\(run.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// A second Ctrl-C ends bplab at once, in whatever command.
    @Test func aSecondCtrlCEndsBplab() throws {
        // One export takes seconds, so both interrupts land in the first one, however fast the machine.
        let script = try Self.largeExports(2).script
        let given = try Self.run(["-c", script], interrupts: [1.5, 2])
        #expect(given.reason == .uncaughtSignal && given.status == SIGINT, "\(given.reason) \(given.status) \(given.output)")
        #expect(given.seconds < 15)
        let piped = try Self.run([], input: script.replacingOccurrences(of: "; ", with: "\n"), interrupts: [1.5, 2])
        #expect(piped.reason == .uncaughtSignal && piped.status == SIGINT, "\(piped.reason) \(piped.status)")
    }

    @Test func versionAndHelp() throws {
        let version = try Self.run(["--version"])
        let lines = version.output.split(separator: "\n")
        #expect(version.status == 0 && lines.first == "bplab 0.1.0", "\(version.output)")
        #expect(lines.count == 2 && lines[1].hasPrefix("kernels: ") && lines[1].contains(" tiles, depth "), "\(version.output)")
        let avx2 = try Self.run(["--version"], environment: ["BPLAB_KERNELS": "avx2"])
        #expect(avx2.output.contains("kernels: avx2 kernels, 6×8 tiles"), "\(avx2.output)")
        let help = try Self.run(["--help"])
        #expect(help.status == 0 && help.output.contains("-c <commands>") && help.output.contains("--keep-going"))
        // The exit statuses --help documents are the ones of the list the README and man page print.
        for status in ExitStatus.allCases {
            #expect(help.output.contains("\(status.rawValue)"), "\(status)")
        }
        #expect(help.output.contains("Exit status:"))
    }

    /// Results on stdout, errors and warnings on stderr; a FILE (commands or a
    /// transcript) and standard input (a pipe, or `-`) stop at their first
    /// error, which says FILE:LINE; --keep-going runs on; statuses as documented.
    @Test func scriptsStopAtTheirFirstErrorAndSayWhere() throws {
        let folder = try Support.temporaryDirectory("conventions")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "data xor\nnet 2 0\nnet 2 1\neval\n"
        let commands = folder.appendingPathComponent("steps.txt")
        try script.write(to: commands, atomically: true, encoding: .utf8)
        let message = "error: net: column 7: layer size must be in 1…1000000, got 0"

        let fromFile = try Self.run([commands.path])
        #expect(fromFile.status == ExitStatus.commandFailed.rawValue)
        #expect(fromFile.output == "data xor: 4 samples, 2 inputs → 1 target\n", "\(fromFile.output)")
        #expect(fromFile.errors == "\(commands.path):2: \(message)\n", "\(fromFile.errors)")

        for arguments in [[], ["-"]] {
            let piped = try Self.run(arguments, input: script)
            #expect(piped.status == 1 && piped.errors == "<stdin>:2: \(message)\n", "\(arguments): \(piped.errors)")
            #expect(!piped.output.contains("network 2-1"))
        }
        let going = try Self.run(["--keep-going", "-"], input: script)
        #expect(going.status == 1 && going.errors == "<stdin>:2: \(message)\n")
        #expect(going.output.contains("network 2-1") && going.output.contains("train:  loss"), "\(going.output)")

        // A transcript stops at an error its recording does not show; one it shows is expected.
        let transcript = folder.appendingPathComponent("t.bpl")
        try "bp> data xor\nbp> net 2 0\n\(message)\nbp> trian\nbp> net 2 1\n".write(to: transcript, atomically: true, encoding: .utf8)
        let replayed = try Self.run([transcript.path])
        #expect(replayed.status == 1, "\(replayed.output)")
        #expect(replayed.errors == "\(transcript.path):2: \(message)\n"
                    + "\(transcript.path):4: error: unknown command 'trian' (did you mean 'train'?); type help for the list\n",
                "\(replayed.errors)")
        #expect(replayed.output.hasSuffix("bp> trian\n") && !replayed.output.contains("network 2-1"), "\(replayed.output)")
        let all = try Self.run(["--keep-going", transcript.path])
        #expect(all.status == 1 && all.output.contains("network 2-1"), "\(all.output)")
        // A warning goes to stderr too.
        let junk = folder.appendingPathComponent("junk.bpl")
        try "stray text\nbp> data xor\n".write(to: junk, atomically: true, encoding: .utf8)
        let warned = try Self.run([junk.path])
        #expect(warned.errors == "warning: \(junk.path): line 1: text outside any command: 'stray text'\n", "\(warned.errors)")
        #expect(warned.output == "bp> data xor\ndata xor: 4 samples, 2 inputs → 1 target\n", "\(warned.output)")

        // -c: one line, stopped at the failing command; mistakes of the command line itself: status 2.
        let given = try Self.run(["-c", "data xor; net 2 0; net 2 1"])
        #expect(given.status == 1 && !given.output.contains("network"), "\(given.output)")
        #expect(given.errors == "error: net: column 17: layer size must be in 1…1000000, got 0\n", "\(given.errors)")
        let unknown = try Self.run(["--no-such-option"])
        #expect(unknown.status == ExitStatus.unusable.rawValue && unknown.output.isEmpty && unknown.errors.contains("--no-such-option"))
    }

    /// No terminal is ever asked anything through a pipe or under TERM=dumb,
    /// and an empty NO_COLOR does not turn colour off (https://no-color.org).
    @Test func noQuestionsAndNoColorConventions() throws {
        let dumb = try Self.run(["-c", "data xor; net 2 2 1; plot loss"], environment: ["TERM": "dumb"])
        #expect(!(dumb.output + dumb.errors).contains("\u{1B}[c"))
        #expect(SixelSupport.mayAsk(["TERM": "dumb"]) == false && SixelSupport.mayAsk([:]) == false)
        // Colour is for terminals only: these rules decide it there.
        #expect(OutputTarget.colorAllowed(["NO_COLOR": ""]) && OutputTarget.colorAllowed(["TERM": "xterm"]))
        #expect(!OutputTarget.colorAllowed(["NO_COLOR": "1"]) && !OutputTarget.colorAllowed(["TERM": "dumb"]))
    }

    /// `bplab replay --check` of a read-only copy of the lessons passes and
    /// leaves the folder exactly as it was: exports go to a scratch folder.
    @Test func replayCheckLeavesTheLessonsFolderAlone() throws {
        let folder = try TranscriptTests.copyOfSessions()
        defer { chmod(folder, 0o755); try? FileManager.default.removeItem(atPath: folder) }
        let lessons = TranscriptTests.lessons.map { folder + "/" + $0 }
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
        #expect(chmod(folder, 0o555) == 0)
        let run = try Self.run(["replay", "--check"] + lessons)
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.components(separatedBy: "every output matches").count - 1 == lessons.count, "\(run.output)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() == before)
    }
}
