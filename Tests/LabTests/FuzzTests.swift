import Foundation
import Testing
@testable import Lab
import TestSupport

/// The seeded fuzz (`FuzzGrammar`): lines over every command and option run
/// in sessions of 200 lines each, with malformed files, lessons and special
/// files to read and a folder to write in. None may crash; a single command
/// that fails must leave the state as it was. `make test` runs 20,000 lines;
/// `make fuzz` runs BPLAB_FUZZ_LINES (1,000,000) of BPLAB_FUZZ_SEED and prints the figures.
@Suite struct FuzzTests {
    /// Lines per session: a saved session (and so each replay of one) stays short.
    static let sessionLength = 200

    /// The files lines may name, in a scratch folder `work` (its parent holds what `../` reaches).
    static func prepareFiles() throws -> (work: String, files: [String]) {
        let work = try Support.temporaryDirectory("fuzz").path + "/work"
        try FileManager.default.copyItem(atPath: CorpusTests.source, toPath: work)
        let lessons = TranscriptTests.sessionsFolder.path
        for name in ["xor.bpl", "chain-rule.bpl", "data/iris.csv", "data/spiral1000.csv"] {
            try FileManager.default.copyItem(atPath: lessons + "/" + name, toPath: work + "/" + (name as NSString).lastPathComponent)
        }
        mkfifo(work + "/fifo.csv", 0o644)
        let corpus = CorpusTests.cases.map(\.file)
        let special = ["fifo.csv", "/dev/zero", "/dev/null", "/proc/self/status", ".", "..", "nosuch.csv", "../outside.json"]
        let written = ["m.json", "s", "s.bpl", "sessions/s.bpl", "f.svg", "f.png", "f.pdf", "f.gp", "nb.md", "nb.html", "p.py",
                       "plots/loss-1.svg", "sub/deep/x.json", "xor.bpl", "m.json overwrite=yes"]
        return (work, corpus + special + written + ["xor.bpl", "chain-rule.bpl", "iris.csv", "spiral1000.csv"])
    }

    /// Runs `count` lines from `seed`; returns how many failed, and the grammar's coverage.
    static func fuzz(lines count: Int, seed: UInt64) throws -> (lines: Int, failed: Int, grammar: FuzzGrammar) {
        let (work, files) = try prepareFiles()
        var grammar = FuzzGrammar(seed: seed, files: files)
        var failed = 0
        var harness = SessionHarness(baseDirectory: work)
        for k in 0..<count {
            if k % 50_000 == 0 && k > 0 {
                // For a long run: where it got, and (should it crash) which stretch of lines to replay.
                FileHandle.standardError.write(Data("fuzz: \(k) lines of seed \(seed), \(failed) failing\n".utf8))
            }
            if k % sessionLength == 0 {
                harness = SessionHarness(baseDirectory: work)
                harness.run("set memory 64M")  // big requests are refused at once, not computed
                harness.run(grammar.setup())
            }
            let line = grammar.line()
            let before = harness.session.state
            let ok = harness.session.run(line)
            harness.session.quitRequested = false
            guard !ok else { continue }
            failed += 1
            if !line.contains(";") {
                #expect(harness.session.state == before, "line \(k) of seed \(seed) failed but changed the state: \(line.debugDescription)")
            }
        }
        return (count, failed, grammar)
    }

    @Test func twentyThousandSeededLinesNeverCrash() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = Int(environment["BPLAB_FUZZ_LINES"] ?? "") ?? 20_000
        let seed = UInt64(environment["BPLAB_FUZZ_SEED"] ?? "") ?? 19
        let start = Date()
        let result = try Self.fuzz(lines: count, seed: seed)
        let seconds = Date().timeIntervalSince(start)
        // Every command, and every option of every command, was generated.
        for command in CommandTable.all {
            let missing = Set(command.options.map(\.key)).subtracting(result.grammar.covered[command.name] ?? [])
            #expect(result.grammar.covered[command.name] != nil, "\(command.name) never generated")
            #expect(count < 20_000 || missing.isEmpty, "\(command.name): options never generated: \(missing.sorted())")
        }
        print("fuzz: \(result.lines) lines of seed \(seed), \(result.failed) of them failing, 0 crashes, "
              + String(format: "%.1f s, %.0f lines/s", seconds, Double(result.lines) / seconds))
    }
}
