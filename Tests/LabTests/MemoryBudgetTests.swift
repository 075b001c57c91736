import Foundation
import Testing
@testable import Lab
import TestSupport

/// Commands estimate what they would allocate and refuse above the memory
/// budget, with the cost and what to change, leaving the state as it was;
/// passes that only evaluate run in chunks and go through. Under `ulimit -v`
/// the automatic budget shrinks with the address space, so bplab refuses
/// instead of being killed.
@Suite struct MemoryBudgetTests {
    static let refused: [(String, String)] = [
        ("grad w1", "grad over 100,000 samples would take about"),
        ("grad w1[1,1]", "grad over 100,000 samples would take about"),
        ("show z1", "show z1 for 100,000 samples would take about"),
        ("train 1 batch=100000", "train with batch=100000 would take about"),
        ("data spiral n=10000000", "data spiral n=10000000 would take about"),
        ("net 2 3000 3000 1", "a network of 9,015,001 parameters would take about"),
        ("set terminal png; plot boundary res=1000", "plot boundary res=1000: 1,000,000 grid points would take about"),
    ]

    @Test(arguments: refused)
    func commandsAboveTheBudgetRefuseWithTheCost(_ line: String, _ expected: String) {
        let harness = SessionHarness()
        harness.run(["set memory 32M", "data spiral n=100000", "net 2 200:relu 1"])
        let before = harness.session.state
        let output = harness.run(line)
        #expect(output.last?.contains(expected) == true, "\(output)")
        #expect(output.last?.contains("above the budget of 32 MB (set memory)") == true, "\(output)")
        #expect(harness.session.state.network == before.network && harness.session.state.data == before.data)
    }

    /// Forward-only passes (eval, the boundary grid, the landscape) and the
    /// full-batch step work in chunks, so the same budget lets them through.
    @Test func chunkedPassesFitASmallBudget() throws {
        let harness = SessionHarness(baseDirectory: try Support.temporaryDirectory("budget").path)
        harness.run(["set memory 32M", "data spiral n=100000", "net 2 200:relu 1"])
        #expect(harness.run("eval").first?.hasPrefix("train:") == true)
        #expect(harness.run("step").last?.hasPrefix("E: ") == true)
        #expect(harness.run("plot landscape w1[1,1]").contains { $0.contains("E as a function of w1[1,1]") })
        #expect(harness.run("set terminal svg; plot boundary res=300").last == "plot boundary written to plots/boundary-1.svg")
    }

    /// A model is written piece by piece: a million weights save under a
    /// budget far below what an encoder holding all the text would need, and
    /// load back bit for bit; Ctrl-C between pieces leaves no file.
    @Test func modelsAreSavedInPieces() throws {
        let interrupt = Interrupt()
        let folder = try Support.temporaryDirectory("budget-model").path
        let harness = SessionHarness(baseDirectory: folder, interrupt: interrupt)
        harness.run(["set memory 64M", "net 2 1000:tanh 1000:tanh 1"])
        interrupt.request()
        #expect(harness.run("save model stopped.json").last?.hasSuffix("stopped by Ctrl-C; nothing changed") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/stopped.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }.isEmpty)
        interrupt.clear()
        let saved = try #require(harness.session.state.network)
        #expect(harness.run("save model big.json").last == "saved the model (1,005,001 parameters) to big.json")
        harness.run(["set memory 1G", "load model big.json"])
        #expect(harness.session.state.network?.parameters.map(\.bitPattern) == saved.parameters.map(\.bitPattern))
    }

    /// Ctrl-C seen at a long command's first check stops it, and nothing changes.
    @Test(arguments: ["eval", "step", "check", "plot boundary", "plot landscape w1[1,1]", "load rows.csv"])
    func longCommandsStopAtCtrlC(_ line: String) throws {
        let interrupt = Interrupt()
        let folder = try Support.temporaryDirectory("stop").path
        try ("a,b,y\n" + String(repeating: "0.5,0.25,1\n0.75,0.5,0\n", count: 10_000)).write(toFile: folder + "/rows.csv", atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: folder, interrupt: interrupt)
        harness.run(["data spiral n=2000", "net 2 8:tanh 1"])
        let before = harness.session.state
        interrupt.request()
        #expect(harness.run(line).last?.hasSuffix("stopped by Ctrl-C; nothing changed") == true)
        #expect(harness.session.state == before)
    }

    /// The real executable under `ulimit -v`: the budget follows the limit, and
    /// every large request is an error (status 1), never an abort.
    @Test func refusesUnderAnAddressSpaceLimit() throws {
        let bplab = try #require(ExecutableTests.executable)
        let script = "set memory; data spiral n=1000000; net 2 200:relu 1; grad w1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 1000000 && exec \"$0\" -c \"$1\"", bplab.path, script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(text)")
        #expect(text.contains("error: grad: grad over 1,000,000 samples would take about"), "\(text)")
        #expect(text.contains("above the budget of"), "\(text)")
    }
}
