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
        ("\u{7}\u{0}binary", "unknown command '\\u{7}\\u{0}binary'"),
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
        ("data xor; net 2 2 1; step 3", "unexpected '3' (usage: step [lr=] [penalty=yes])"),
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
        // forward with the data's sample checks the data fits (it used to trap in Propagation)
        ("data xor; net 2 3 3:softmax; forward", "the network has 3 outputs but the data has 1 target"),
        ("data xor; net 2 3 3:softmax; forward sample=2", "the network has 3 outputs but the data has 1 target"),
        ("data xor; net 3 1; forward", "the network takes 3 inputs but the data has 2 features"),
        ("data xor; net 2 1; forward 1", "the network takes 2 inputs, got 1"),
        ("data xor; net 2 1; forward -> 1", "the network takes 2 inputs, got 0"),
        ("set memory 1x", "memory must be auto or a size such as 512M or 4G, got '1x'"),
        ("set memory 8M", "memory must be at least 16M"),
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
        // A mistake at one column is followed by the line, a caret under that column.
        #expect((output.count == 1 || output.count == 3 && output[1] == "  " + parts.last!) && output[0].hasPrefix("error:"), "\(output)")
        if output.count == 3, let column = output[0].firstMatch(of: /column ([0-9]+):/).flatMap({ Int($0.1) }) {
            #expect(output[2] == String(repeating: " ", count: column + 1) + "^", "\(output)")
        }
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
        #expect(harness.run("set lr") == ["lr = 0.05"])
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
            // Without the columns, and the line quoted under an error (the two lines differ there).
            let output = harness.run(line).filter { !$0.hasPrefix("  ") }
                .map { $0.replacingOccurrences(of: "column [0-9]+: ", with: "", options: .regularExpression) }
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

}
