import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

@Suite struct CommandTests {
    /// Every bad line gives exactly one `error:` line with the expected words and changes nothing.
    static let badLines: [(String, String)] = [
        ("trian", "unknown command 'trian' (did you mean 'train'?)"),
        ("net", "missing input size"),
        ("net 0", "input size must be in 1…1000000, got 0"),
        ("net 2 0:tanh", "layer size must be in 1…1000000, got 0"),
        ("net 2 4:swish", "unknown activation 'swish'"),
        ("net 2 99999999999999999999", "whole number"),
        ("net 2 4:softmax 1:sigmoid", "softmax is only allowed in the output layer"),
        ("train 10", "no network yet"),
        ("net 2 3:tanh 1:sigmoid; train 10", "no data yet"),
        ("data xor; net 2 3:tanh 1:sigmoid; train 10 lr=nan", "lr= must be a finite number"),
        ("data xor; net 2 3:tanh 1:sigmoid; train 10 lr=1e400", "lr= must be a finite number"),
        ("data xor; net 2 3:tanh 1:sigmoid; train -3", "epochs must be in 0…"),
        ("data xor; net 2 3:tanh 1:sigmoid; train 10 speed=9", "train has no option 'speed='"),
        ("data xor; net 2 3:tanh 1:sigmoid; train 10 opt=sgdd", "unknown optimizer 'sgdd'"),
        ("data xor; net 2 3:tanh 1:sigmoid; set w9[1,1] = 1", "the network has layers 1…2"),
        ("data xor; net 2 3:tanh 1:sigmoid; set w1[0,1] = 1", "neurons are numbered from 1"),
        ("data xor; net 2 3:tanh 1:sigmoid; set w1[3,1] = 1", "i must be in 1…2"),
        ("data xor; net 2 3:tanh 1:sigmoid; set w1 = [[1,2]]", "w1 is 2×3"),
        ("data xor; net 2 3:tanh 1:sigmoid; loss ce", "loss ce needs a softmax output layer"),
        ("data xor; net 3 1:sigmoid; train 1", "the network takes 3 inputs but the data has 2 features"),
        ("data xor; net 2 3:tanh 1:sigmoid; grad w9[1,1]", "the network has layers 1…2"),
        ("data xor; net 2 3:tanh 1:sigmoid; grad", "missing parameter"),
        ("data xor; net 2 3:tanh 1:sigmoid; paths w1[1,1] limit=0", "limit= must be in 1…"),
        ("data nosuch", "unknown data set 'nosuch'"),
        ("data 1 2 -> ", "a sample needs inputs and targets"),
        ("undo", "nothing to undo"),
        ("help trainn", "no command 'trainn' (did you mean 'train'?)"),
        ("predict 1 2", "no network yet"),
        ("\u{7}\u{0}binary", "control character"),
        ("set w1 = [[1,2]", "'[' is never closed"),
    ]

    @Test(arguments: badLines)
    func badInputGivesOneErrorAndChangesNothing(_ line: String, _ expected: String) {
        let harness = SessionHarness()
        // Everything before the last `;` is setup; the last command is the bad one.
        let parts = line.components(separatedBy: "; ")
        for setup in parts.dropLast() { harness.run(setup) }
        let before = harness.session.state
        let output = harness.run(parts.last!)
        let errors = output.filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1, "\(output)")
        #expect(errors.first?.contains(expected) == true, "\(output)")
        #expect(harness.session.state == before)
    }

    @Test func hostileLinesNeverCrashOrChangeState() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 3:tanh 1:sigmoid"])
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("trainsetgradw1[,]=-> ;#'\"0123456789.e+xor\\\u{0}\u{1b}é∑") + ["\n"]
        for _ in 0..<2000 {
            let length = Int(rng.next() % 40)
            let line = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let before = harness.session.state
            let output = harness.run(line)
            if output.contains(where: { $0.hasPrefix("error:") }) && !line.contains(";") {
                #expect(harness.session.state == before, "state changed by failing line \(line.debugDescription)")
            }
        }
        #expect(harness.run("show net").first?.hasPrefix("network") == true || harness.session.state.network == nil)
    }

    @Test func undoRestoresTheStateBeforeTheLastChange() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid"])
        let built = harness.session.state
        harness.run("set w1[1,1] = 5")
        harness.run("set w9[1,1] = 5")  // fails: not an undo step
        #expect(harness.session.state != built)
        harness.run("undo")
        #expect(harness.session.state == built)
        harness.run("undo")
        #expect(harness.session.state.network == nil)
        #expect(harness.session.state.data != nil)
    }

    @Test func xorTrainsAndPredictsTheRightClasses() {
        let harness = SessionHarness()
        harness.run(["data xor", "init uniform(-1,1) seed=2", "net 2 2:sigmoid 1:sigmoid", "train 3000 lr=5 batch=4"])
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
        let overview = harness.run("help")
        for command in CommandTable.all {
            #expect(overview.contains { $0.contains(command.name) && $0.contains(command.summary) }, "\(command.name) missing from help")
            let page = harness.run("help \(command.name)")
            #expect(page.first == "usage: \(command.usage)")
            #expect(page.last == "example: \(command.example)")
        }
    }

    @Test func completionOffersCommandsOptionsAndParameters() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid"])
        let session = harness.session!
        #expect(Completion.candidates(linePrefix: "tra", word: "tra", session: session) == .words(["train"]))
        #expect(Completion.candidates(linePrefix: "train 10 o", word: "o", session: session) == .words(["opt="]))
        #expect(Completion.candidates(linePrefix: "train 10 opt=a", word: "a", session: session) == .words(["adam"]))
        guard case .words(let words) = Completion.candidates(linePrefix: "grad w", word: "w", session: session) else {
            Issue.record("no parameter completion"); return
        }
        #expect(words.contains("w1[") && words.contains("w2["))
        #expect(Completion.candidates(linePrefix: "net 2 4:t", word: "4:t", session: session) == .words(["4:tanh"]))
    }
}

@Suite struct ReadmeTests {
    /// The README's command reference is the table's (run `make readme` after changing a command).
    @Test func commandReferenceMatchesTheTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- commands:begin -->\n")), end = try #require(text.range(of: "<!-- commands:end -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == Help.markdownReference(CommandTable.all))
    }
}
