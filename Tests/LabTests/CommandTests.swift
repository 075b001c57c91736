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
        ("data xor; net 2 3:tanh 1:sigmoid; train 10 opt=sgdd", "opt= must be sgd, momentum, nesterov or adam, got 'sgdd'"),
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
        // layer, init, show, forward, step, eval, history, and extra words
        ("layer 3", "no network yet"),
        ("net 2; layer 0", "layer size must be in 1…1000000, got 0"),
        ("net 2; layer 3 swish", "unknown activation 'swish'"),
        ("net 2; layer 3 tanh extra", "unexpected 'extra' (usage: layer SIZE [ACTIVATION])"),
        ("init gaussian", "unknown initialiser 'gaussian'"),
        ("init xavier seed=-1", "seed= must be at least 0, got '-1'"),
        ("init xavier seed=1.5", "seed= must be a whole number, got '1.5'"),
        ("init xavier he", "unexpected 'he'"),
        ("show", "no network yet"),
        ("data xor; net 2 2 1; show w9", "the network has layers 1…2"),
        ("data xor; net 2 2 1; show z7", "the network has layers 0…2"),
        ("data xor; net 2 2 1; show weights 3", "layer must be in 1…2, got 3"),
        ("data xor; net 2 2 1; show net extra words", "unexpected 'words'"),
        ("show data", "no data yet"),
        ("forward", "no network yet"),
        ("net 2 2 1; forward", "no data yet"),
        ("data xor; net 2 2 1; forward 1", "the network takes 2 inputs, got 1"),
        ("data xor; net 2 2 1; forward sample=9", "sample= must be in 1…4, got 9"),
        ("data xor; net 2 2 1; forward 1 0 sample=1", "give either numbers or sample=, not both"),
        ("data xor; net 2 2 1; forward 1 0 -> 1 1", "the network has 1 output, got 2 targets"),
        ("data xor; net 2 2 1; forward 1 zero", "x2 must be a number, got 'zero'"),
        ("step", "no network yet"),
        ("data xor; net 2 2 1; step lr=0", "lr= must be above 0 and at most 1e+06, got 0"),
        ("data xor; net 2 2 1; step 3", "unexpected '3' (usage: step [lr=])"),
        ("eval", "no network yet"),
        ("data xor; net 2 2 1; eval now", "unexpected 'now' (usage: eval)"),
        ("data xor; net 3 1; eval", "the network takes 3 inputs but the data has 2 features"),
        ("history -1", "N must be at least 0, got -1"),
        ("history x", "N must be a whole number, got 'x'"),
        ("history 1 2", "unexpected '2' (usage: history [N])"),
        ("reset now", "unexpected 'now' (usage: reset)"),
        ("quit now", "unexpected 'now' (usage: quit)"),
        ("undo 2", "unexpected '2' (usage: undo)"),
        // numbers: no hexadecimal, whole numbers alike everywhere, ranges in words
        ("net 0x10", "input size must be a whole number, got '0x10'"),
        ("net -0x10", "input size must be a whole number, got '-0x10'"),
        ("data xor; net 2 2 1; train 1 lr=-0x1p3", "lr= must be a number, got '-0x1p3'"),
        ("data circle seed=-1", "seed= must be at least 0, got '-1'"),
        ("data circle seed=18446744073709551616", "seed= must be below 2^64"),
        ("set seed 1.5", "seed must be a whole number, got '1.5'"),
        ("data xor n=5", "xor is the four fixed points, without n= or noise="),
        // suggestions, and none for a single character
        ("t", "unknown command 't'; type help for the list"),
        ("help \"#\"", "help: no command '#'"),
        ("set precison 3", "'precison' is neither a setting nor a parameter (did you mean 'precision'?)"),
        ("set precison=3", "set has no option 'precison=' (did you mean 'precision='?"),
        // several settings: all are checked before any is applied or printed
        ("set precision=3 lr=-1", "lr must be above 0 and at most 1e+06, got -1"),
        // a setting written with `=` and no value is refused, not shown
        ("set lr=", "column 5: missing value for lr"),
        ("set lr =", "column 5: missing value for lr"),
        ("set lr= batch=4", "column 5: missing value for lr"),
        ("set lr=0.1 lr=0.2", "column 12: lr given twice"),
        // every command name of a line is looked up before any runs
        ("net 2 9 1 ;trian", "unknown command 'trian' (did you mean 'train'?)"),
    ]

    @Test(arguments: badLines)
    func badInputGivesOneErrorAndChangesNothing(_ line: String, _ expected: String) {
        let harness = SessionHarness()
        // Everything before the last `; ` is setup; the last command is the bad one.
        let parts = line.components(separatedBy: "; ")
        for setup in parts.dropLast() { harness.run(setup) }
        let before = harness.session.state
        let output = harness.run(parts.last!)
        // The error is all there is: nothing ran or printed before it was found.
        #expect(output.count == 1 && output[0].hasPrefix("error:"), "\(output)")
        #expect(output.first?.contains(expected) == true, "\(output)")
        #expect(harness.session.state == before)
    }

    /// User text quoted back in an error is clipped, whichever command quotes it.
    static let longWordLines = [
        "show w", "net 2 4:", "loss ", "init ", "net 2; layer 3 ", "data xor; net 2 2 1; train 1 opt=", "set opt ",
        "data xor; features ", "load ", "train 1 ", "help ", "", "data ", "export ", "plot ", "replay ", "set ",
    ]

    @Test(arguments: longWordLines)
    func longUserTextGivesAShortError(_ prefix: String) {
        let harness = SessionHarness()
        let parts = prefix.components(separatedBy: "; ")
        for setup in parts.dropLast() { harness.run(setup) }
        for word in [String(repeating: "A", count: 20_000), String(repeating: "k", count: 20_000) + "=1"] {
            let output = harness.run(parts.last! + word)
            #expect(output.count == 1 && output[0].hasPrefix("error:"), "\(output.map { $0.prefix(100) })")
            #expect(output.allSatisfy { $0.count <= 410 }, "\(output.map(\.count))")
        }
    }

    @Test func settingsAreShownAndSetTogether() {
        let harness = SessionHarness()
        #expect(harness.run("set lr") == ["lr = 0.1"])
        #expect(harness.run("set lr=0.5 batch=4") == ["lr = 0.5", "batch = 4"])
        #expect(harness.session.state.settings.learningRate == 0.5 && harness.session.state.settings.batchSize == 4)
        #expect(harness.run("set seed 1e3") == ["seed = 1000"])
        #expect(harness.run("set opt adam") == ["opt = adam"])
    }

    /// Settings, like parameters, take the spaces around `=` or leave them out.
    @Test(arguments: ["set lr= 0.5 batch=4", "set lr =0.5 batch= 4", "set lr = 0.5 batch = 4", "set lr 0.5 batch=4"])
    func settingsAreSetWithOrWithoutSpaces(_ line: String) {
        let harness = SessionHarness()
        #expect(harness.run(line) == ["lr = 0.5", "batch = 4"])
        #expect(harness.session.state.settings.learningRate == 0.5 && harness.session.state.settings.batchSize == 4)
    }

    /// The spaces around `=` are optional: `set w1=0.5` does what `set w1 = 0.5`
    /// does, and a line the spaced form refuses is refused with the same error
    /// (its column aside). `w1=` is a parameter there, not an option.
    @Test(arguments: [
        ("set w1=0.5", "set w1 = 0.5"),
        ("set b1=0.1", "set b1 = 0.1"),
        ("set w1=[[1,2,3],[4,5,6]]", "set w1 = [[1,2,3],[4,5,6]]"),
        ("set b2=[0.5]", "set b2 = [0.5]"),
        ("set w1[1,1]=0.5", "set w1[1,1] = 0.5"),
        ("set w1= 0.5", "set w1 = 0.5"),
        ("set w1 =0.5", "set w1 = 0.5"),
        ("set w1=0.5 lr=0.2", "set w1 = 0.5 lr=0.2"),
        ("set w1=[[1,2]]", "set w1 = [[1,2]]"),
        ("set w1=abc", "set w1 = abc"),
        ("set w9=1", "set w9 = 1"),
        ("set b=2", "set b = 2"),
        ("set x1=2", "set x1 = 2"),
        ("set w1=0.5 b1=0.1", "set w1 = 0.5 b1 = 0.1"),
        ("set w1[1,1]=0.5 w2[1,1]=0.3", "set w1[1,1] = 0.5 w2[1,1] = 0.3"),
    ])
    func parametersAreSetWithOrWithoutSpaces(_ unspaced: String, _ spaced: String) {
        func run(_ line: String) -> (output: [String], state: LabState) {
            let harness = SessionHarness()
            harness.run(["data xor", "net 2 3:tanh 1:sigmoid"])
            let output = harness.run(line).map { $0.replacingOccurrences(of: "column [0-9]+: ", with: "", options: .regularExpression) }
            return (output, harness.session.state)
        }
        let (output, state) = run(unspaced), (expected, expectedState) = run(spaced)
        #expect(output == expected)
        let sameState = state == expectedState
        #expect(sameState, "\(unspaced) left another network or settings than \(spaced)")
    }

    @Test func wholeLayersAreSetWithoutSpaces() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 3:tanh 1:sigmoid"])
        #expect(harness.run("set w1=0.5") == ["w1 set: 6 values"])
        #expect(harness.run("set b1=0.1 batch=2") == ["b1 set: 3 values", "batch = 2"])
        let network = harness.session.state.network!
        #expect(network.weights(0).storage.allSatisfy { $0 == 0.5 } && network.biases(0).allSatisfy { $0 == 0.1 })
        #expect(harness.session.state.settings.batchSize == 2)
        #expect(harness.run("set w1=[[1,2]]") == ["error: set: column 8: w1 is 2×3; the value has 1 rows of 2 values"])
        #expect(harness.run("set bogus=1").first?.hasPrefix("error: set: column 5: set has no option 'bogus='") == true)
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

    /// Only changes of the network or data are undo steps; `undo` says which it restored.
    @Test func undoSkipsSettingsAndFocusAndSaysWhatItRestored() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        let built = harness.session.state.network
        harness.run(["set w1[1,1] = 5", "set precision 3", "forward 1 0"])
        let undone = harness.run("undo")
        #expect(undone.first == "undone: set w1[1,1] = 5")
        #expect(undone.dropFirst().first?.hasPrefix("  restored: network 2-2-1") == true, "\(undone)")
        #expect(harness.session.state.network == built)
        // The later setting stays: it was not an undo step.
        #expect(harness.session.state.settings.precision == 3)
        #expect(harness.run("undo") == ["undone: net 2 2 1", "  restored: no network"])
        #expect(harness.run("undo") == ["undone: data xor", "  restored: no data"])
        #expect(harness.run("undo") == ["error: undo: nothing to undo"])
    }

    /// Undoing a command puts back the settings it changed, unless they changed since.
    @Test func undoPutsBackTheSettingsOfTheCommandItUndoes() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1", "init he seed=3"])
        harness.run("undo")
        #expect(harness.session.state.settings.initializer == .xavier && harness.session.state.settings.seed == 1)
        harness.run(["data circle", "reset", "undo"])
        #expect(harness.session.state.data?.source.hasPrefix("circle") == true && harness.session.state.network != nil)
    }

    /// The undo history is capped by bytes: the oldest steps go, the newest always stays.
    @Test func undoHistoryKeepsWithinItsBudget() throws {
        var history = UndoHistory(budget: 1 << 20)
        var states: [LabState] = []
        for k in 0..<6 {
            var state = LabState()
            // 50,000 parameters: 400 kB a snapshot, so two fit in 1 MB and three do not.
            state.network = try Network(inputSize: 1000, layers: [(50, .sigmoid)], loss: .mse)
            state.network!.parameters[0] = Double(k)
            states.append(state)
        }
        for k in 1..<6 { history.record(command: "set \(k)", before: states[k - 1], after: states[k]) }
        #expect(history.steps.map(\.command) == ["set 4", "set 5"])
        #expect(history.droppedSteps)
        // A settings-only change is no step.
        var tuned = states[5]
        tuned.settings.learningRate = 0.5
        history.record(command: "set lr 0.5", before: states[5], after: tuned)
        #expect(history.steps.count == 2)
        // A step larger than the whole budget is still kept, alone.
        var tiny = UndoHistory(budget: 1000)
        tiny.record(command: "a", before: states[0], after: states[1])
        tiny.record(command: "b", before: states[1], after: states[2])
        #expect(tiny.pop()?.before == states[1])
        #expect(tiny.pop() == nil)
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
        let overview = harness.run("help")
        for command in CommandTable.all {
            #expect(overview.contains { $0.contains(command.name) && $0.contains(command.summary) }, "\(command.name) missing from help")
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

    @Test func commandReferenceMatchesTheTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- commands:begin -->\n")), end = try #require(text.range(of: "<!-- commands:end -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == Help.markdownReference(CommandTable.all))
    }
}
