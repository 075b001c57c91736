import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// Worked examples end to end, the resolution grad and check report, and help from the table.
@Suite struct ExampleTests {
    @Test func xorTrainsAndPredictsTheRightClasses() {
        let harness = SessionHarness()
        harness.run(["data xor", "init uniform(-1,1) seed=2", "net 2 2:sigmoid 1:sigmoid", "train 3000 lr=5 batch=4 opt=sgd"])
        for (input, expected) in [("0 0", "0"), ("0 1", "1"), ("1 0", "1"), ("1 1", "0")] {
            let output = harness.run("predict \(input)")
            #expect(output.first?.hasSuffix("→ class \(expected)") == true, "\(input): \(output)")
        }
        #expect(harness.run("eval").first?.contains("accuracy 100%") == true)
    }

    @Test func theClassicWorkedExampleGivesItsTextbookGradients() {
        let harness = SessionHarness()
        harness.run(["data 0.05 0.10 -> 0.01 0.99", "net 2 2:sigmoid 2:sigmoid",
                     "set w1 = [[0.15, 0.25], [0.20, 0.30]]", "set b1 = 0.35",
                     "set w2 = [[0.40, 0.50], [0.45, 0.55]]", "set b2 = 0.60"])
        #expect(harness.run("grad w2[1,1]").first == "dE/dw2[1,1] = 0.082167")
        #expect(harness.run("grad w1[1,1]").first == "dE/dw1[1,1] = 0.000438568")
        #expect(harness.run("forward").last == "E = 0.298371  (mse, target [0.01  0.99])")
    }

    /// `check` on a 21-layer sigmoid net: the first layers are labelled below
    /// resolution (not given a relative error), the layers whose small
    /// gradients show the difference's rounding are not flagged, and the
    /// summary says both.
    @Test func checkSeparatesRoundingNoiseFromErrors() {
        let harness = SessionHarness()
        harness.run(["data 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 -0.1 -0.2 -0.3 -0.4 -0.5 -0.6 -0.7 -0.8 -> 1",
                     "net 16 " + String(repeating: "16:sigmoid ", count: 20) + "1:sigmoid", "init xavier seed=1"])
        let output = harness.run("check")
        #expect(output[1].hasPrefix("            worst rel. error  at "))
        #expect(output.contains { $0.hasPrefix("  layer 1   below resolution  ") })
        #expect(output.contains { $0.hasPrefix("  layer 13 ") && $0.hasSuffix("  within rounding noise") })
        #expect(!output.contains { $0.contains("←") })
        #expect(output.suffix(2) == [
            "every layer it can resolve agrees within 1.0e-05, or within the rounding noise of a difference of E (about 3.0e-09)",
            "below resolution: in 11 layers every gradient is under about 3.0e-08, too small for a difference of E to check; backprop alone sees them",
        ])
    }

    /// `grad` and `check` judge a difference by the same rule and name the
    /// same figure: on a 12-layer sigmoid net on xor, w1[1,1] (about 1e-10)
    /// is below what the difference can check, and both say about 1.5e-08
    /// (grad used to name the rounding step, 1.5e-11, a thousandth of it).
    @Test func gradAndCheckNameTheSameResolution() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 " + String(repeating: "4:sigmoid ", count: 11) + "1:sigmoid"])
        let grad = harness.run("grad w1[1,1]").last ?? ""
        let check = harness.run("check")
        #expect(check.contains { $0.hasPrefix("  layer 1   below resolution  ") })
        #expect(check.last?.contains("every gradient is under about 1.5e-08") == true, "\(check)")
        #expect(grad.hasSuffix(": the gradient is below what a difference of E can check here (about 1.5e-08), so only backprop sees it"), "\(grad)")
    }

    /// Counts agree with their nouns: "1 target", "3 outputs", "1 input".
    @Test(arguments: [
        ("data xor; net 2 3:softmax", "grad w1[1,1]", "the network has 3 outputs but the data has 1 target"),
        ("data 1 2 -> 1 0; net 2 1:sigmoid", "grad w1[1,1]", "the network has 1 output but the data has 2 targets"),
        ("data xor; net 1 1:sigmoid", "grad w1[1,1]", "the network takes 1 input but the data has 2 features"),
        ("data 1 -> 1; net 2 1:sigmoid", "train 1", "the network takes 2 inputs but the data has 1 feature"),
        ("data xor; net 2 3:softmax", "train 1", "the network has 3 outputs but the data has 1 target"),
    ])
    func shapeMismatchesCountInWords(_ setup: String, _ command: String, _ message: String) {
        let harness = SessionHarness()
        harness.run(setup.components(separatedBy: "; "))
        let output = harness.run(command)
        #expect(output == ["error: \(command.split(separator: " ")[0]): \(message)"])
    }

    /// ε is a setting, printed as typed whatever the precision (not 9.9999999999999995e-07).
    @Test func epsilonIsPrintedAsTypedAtAnyPrecision() {
        let harness = SessionHarness()
        harness.run(["data 0.05 0.10 -> 0.01 0.99", "net 2 2:sigmoid 2:sigmoid", "set precision 17"])
        #expect(harness.run("grad w2[1,1]").last?.contains(" with ε = 1e-06 gives ") == true)
        #expect(harness.run("check").first?.hasSuffix("(ε = 1e-06):") == true)
        #expect(harness.run("check eps=3e-7").first?.hasSuffix("(ε = 3e-07):") == true)
    }

    @Test func helpComesFromTheTable() {
        let harness = SessionHarness()
        let overview = harness.run("help"), all = harness.run("help all")
        // `help` fits a 24-line window; `help all` has every summary.
        #expect(overview.count <= 22 && overview.allSatisfy { $0.count <= 80 }, "\(overview)")
        #expect(harness.run("help notation").first?.hasPrefix("Layer 0 is the input") == true)
        for command in CommandTable.all {
            #expect(overview.contains { $0.split(separator: " ").contains(Substring(command.name)) }, "\(command.name) missing from help")
            #expect(all.contains { $0.contains(command.name) && $0.contains(command.summary) }, "\(command.name) missing from help all")
            let page = harness.run("help \(command.name)")
            #expect(page.first == "usage: \(command.usage)")
            #expect(page.last == "example: \(command.example)")
        }
    }

}

@Suite struct ReadmeTests {
    /// The README's command reference is the table's (run `make readme` after changing a command).
    /// `export pytorch` and `export notebook` show the options they accept in their usage.
    @Test func exportUsageShowsEachFormsOptions() throws {
        let export = try #require(CommandTable.all.first { $0.name == "export" })
        let forms = export.usage.components(separatedBy: " | ")
        for document in ["pytorch", "notebook"] {
            let form = try #require(forms.first { $0.hasPrefix("export \(document) ") })
            for option in export.options(after: [document]) { #expect(form.contains("[\(option.key)="), "\(form)") }
        }
    }

    /// The README's text between `<!-- name:begin -->` and `<!-- name:end -->`.
    static func generatedPart(_ name: String) throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- \(name):begin -->\n")), end = try #require(text.range(of: "<!-- \(name):end -->"))
        return String(text[begin.upperBound..<end.lowerBound])
    }

    @Test func commandReferenceMatchesTheTable() throws {
        #expect(try Self.generatedPart("commands") == Help.markdownReference(CommandTable.all))
    }

    /// The exit statuses the README lists are the program's (`--help` and the man page print the same list).
    @Test func exitStatusesMatchTheProgram() throws {
        #expect(try Self.generatedPart("exit-status") == ExitStatus.markdown)
        #expect(ExitStatus.lines.allSatisfy { $0.count <= 80 }, "\(ExitStatus.lines)")
    }
}
