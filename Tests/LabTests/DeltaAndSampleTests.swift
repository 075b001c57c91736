import Foundation
import Testing
import BackpropCore
@testable import Lab

/// One delta and one sample in focus: `delta`, `show d2` and `grad` tell the
/// same story (each sample's own d, n = 1; grad the mean of a·d), the
/// documented example is what bplab prints, and after `forward x -> e`
/// without data the derivative commands work on that sample and say so.
@Suite struct DeltaAndSampleTests {
    static func numbers(_ line: String) -> [Double] {
        line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: ["[", "]"])) }
    }

    /// The values of a one-column table's rows labelled `sample K`.
    static func rows(_ lines: [String]) -> [Double] {
        lines.filter { $0.hasPrefix("  sample") }.compactMap { numbers($0).last }
    }

    @Test func deltaShowAndGradUseOneConvention() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        let delta = Self.rows(harness.run("delta 2"))
        let shown = Self.rows(harness.run("show d2"))
        #expect(delta.count == 4 && delta == shown, "delta \(delta), show \(shown)")
        #expect(harness.run("show d2").first?.hasPrefix("d2 = dE/dz2 per sample (each sample's own E, n = 1)") == true)
        // grad's per-sample values are a1[1]·d2[1] of each sample, its value their mean.
        let a1 = harness.run("show a1").filter { $0.hasPrefix("  sample") }.map { Self.numbers($0)[0] }
        let grad = harness.run("grad w2[1,1]")
        let values = Self.numbers(grad[1].components(separatedBy: " of ").last!)
        #expect(values.count == 4)
        for k in 0..<4 { #expect(abs(values[k] - a1[k] * delta[k]) <= 1e-5 * abs(values[k]) + 1e-12, "sample \(k + 1)") }
        #expect(abs(Self.numbers(grad[0]).last! - values.reduce(0, +) / 4) < 1e-6)
    }

    /// help delta and the README show the same two lines, with the numbers bplab prints.
    @Test func theDocumentedExampleIsWhatBplabPrints() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        #expect(harness.run("delta 2").contains { $0.hasPrefix("  sample 1    0.140152") })
        let grad = harness.run("grad w2[1,1]")
        #expect(grad[0] == "dE/dw2[1,1] = 0.0115557" && grad[1].hasPrefix("  the mean over 4 samples of [0.0700759  "))
        let example = ["delta 2        sample 1  0.140152", "grad w2[1,1]   = 0.0115557, the mean over 4 samples of [0.0700759  …]"]
        let help = harness.run("help delta").joined(separator: "\n")
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for line in example { #expect(help.contains(line) && readme.contains(line), "\(line)") }
    }

    /// No data: the sample of the last `forward` is the one, and each command says so.
    @Test func withoutDataTheForwardedSampleIsUsed() throws {
        let harness = SessionHarness()
        harness.run(["net 2 2 1", "forward 0.3 0.7 -> 1"])
        let network = try harness.session.context.requireNetwork()
        let x = try Matrix([[0.3, 0.7]]), e = try Matrix([[1]])
        let expected = try GradientExplanation(network: network, reference: .weight(layer: 1, from: 0, to: 0), inputs: x, targets: e)
        let grad = harness.run("grad w1[1,1]")
        #expect(grad[0] == "dE/dw1[1,1] = \(Format.number(expected.value))")
        #expect(grad[1] == "  chain rule for the sample of the last `forward`:")
        #expect(harness.run("delta 1").contains { $0.hasPrefix("  forward  ") })
        #expect(harness.run("paths w1[1,1]").first == "paths for the sample of the last `forward`:")
        #expect(harness.run("check").first?.contains("over the sample of the last `forward`") == true)
        #expect(harness.run("grad w1[1,1] sample=forward") == grad)
    }

    /// With data, the training samples; the forwarded sample only when asked.
    @Test func withDataTheForwardedSampleIsUsedOnlyWhenAsked() throws {
        let harness = SessionHarness()
        harness.run(["net 2 2 1", "forward 0.3 0.7 -> 1"])
        let alone = harness.run("grad w1[1,1]")
        harness.run(["data xor", "forward 0.3 0.7 -> 1"])
        #expect(harness.run("grad w1[1,1]")[1].hasPrefix("  the mean over 4 samples of "))
        #expect(harness.run("grad w1[1,1] sample=forward") == alone)
        #expect(harness.run("grad w1[1,1] sample=2")[1] == "  chain rule for sample 2:")
    }

    @Test(arguments: [
        (["net 2 2 1"], "grad w1[1,1]", "error: grad: no data yet: load some (`data xor`), or forward one sample with its target (`forward 0.3 0.7 -> 1`)"),
        (["net 2 2 1", "forward 0.3 0.7"], "delta", "error: delta: the last `forward` had no target, so there is no E to differentiate: give one, e.g. `forward 0.3 0.7 -> 1`"),
        (["data xor", "net 2 2 1"], "paths w1[1,1] sample=forward", "error: paths: no sample forwarded yet: give one with its target, e.g. `forward 0.3 0.7 -> 1`"),
        (["data xor", "net 2 2 1"], "check sample=5", "error: check: column 7: sample= must be in 1…4, got 5"),
        (["data xor", "net 2 2 1"], "grad b1[1] sample=last", "error: grad: column 12: sample= must be a whole number, got 'last'"),
    ])
    func errorsSayWhatToType(_ setup: [String], _ line: String, _ expected: String) {
        let harness = SessionHarness()
        harness.run(setup)
        // A mistake at one column is quoted with a caret under it.
        #expect(harness.run(line).first == expected)
    }
}
