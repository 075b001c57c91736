import Foundation
import Testing
@testable import Lab
import TestSupport

/// Output a person reads at a glance: class counts, tables of wide files,
/// what the weights are, which column became the target, and a header row
/// of numbers; plus boundary plots of round data drawn to one scale.
@Suite struct OutputWordingTests {
    @Test func classCountsNameEachClass() {
        let harness = SessionHarness()
        harness.run("data xor")
        #expect(harness.run("show data").dropFirst().first == "class 0: 2, class 1: 2")
    }

    /// A 30-column file's table is cut to 79 characters, like matrices, with a note.
    @Test func wideTablesAreCutToFit() throws {
        let header = (1...30).map { "feature\($0)" }.joined(separator: ",") + ",y"
        let rows = (0..<4).map { r in (1...30).map { String(format: "%.4f", Double($0 * (r + 1)) / 97) }.joined(separator: ",") + ",\(r % 2)" }
        let (harness, name) = try CSVTests.file(([header] + rows).joined(separator: "\n") + "\n")
        harness.run("load \(name) test=0")
        let shown = harness.run("show data")
        #expect(shown.allSatisfy { $0.count <= 79 }, "\(shown)")
        let table = shown.drop { !$0.contains("feature1") }
        #expect(table.first?.hasSuffix("class") == true, "the target column is kept: \(shown)")
        let kept = table.first?.split(separator: " ").filter { $0.hasPrefix("feature") }.count ?? 0
        #expect(kept >= 3 && kept < 30)
        #expect(shown.contains("  … 30 inputs in all; showing the first \(kept) and the target to fit 79 columns"))
    }

    /// Status lines say what the weights went through, not only the initialiser.
    @Test func theWeightsSayWhatTheyAre() throws {
        let folder = try Support.temporaryDirectory("weights").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2 1"])
        #expect(harness.run("show net").first?.hasSuffix("9 parameters, init xavier seed 1") == true)
        harness.run(["train 20", "set w1[1,1] = 0.3", "step"])
        #expect(harness.run("show net").first?.hasSuffix("init xavier seed 1, trained 20 epochs, 1 step taken, values set by hand") == true)
        #expect(harness.run("undo").last?.hasSuffix("init xavier seed 1, trained 20 epochs, values set by hand") == true)
        harness.run("save model m.json")
        #expect(harness.run("load model m.json").first?.hasSuffix("9 parameters, loaded from m.json") == true)
        harness.run("train 3")
        #expect(harness.run("show net").first?.hasSuffix("loaded from m.json, trained 3 epochs") == true)
        #expect(harness.run("init seed=4").first == "initialised 9 parameters: xavier, seed 4")
        #expect(harness.run("show net").first?.hasSuffix("init xavier seed 4") == true)
    }

    @Test func loadSaysWhichColumnIsTheTargetAndHow() throws {
        let (harness, name) = try CSVTests.file("a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n")
        #expect(harness.run("load \(name) test=0") == ["data data.csv: 3 samples, 2 inputs → 2 targets",
                                                      "target: 'kind' (the last column), 2 classes one-hot: cat, dog"])
        #expect(harness.run("load \(name) test=0 target=a features=b").dropFirst().first == "target: 'a' (target=), numbers to regress")
    }

    /// A first row of numbers is a header only when header= says so; unsaid, a warning.
    @Test func aHeaderOfNumbersIsWarnedOfAndHeaderNoLoadsIt() throws {
        let (harness, name) = try CSVTests.file("1,2,0\n3,4,1\n5,6,0\n2,2,1\n")
        let warned = harness.run("load \(name) test=0")
        #expect(warned.first == "warning: data.csv: the header row is all numbers (1, 2, 0), read as column names; if it is a sample, load with header=no")
        #expect(harness.session.state.data?.train.count == 3)
        let loaded = harness.run("load \(name) test=0 header=no")
        #expect(loaded == ["data data.csv: 4 samples, 2 inputs → 1 target", "target: 'x3' (the last column), 0 or 1: two classes"])
        let data = try #require(harness.session.state.data?.train)
        #expect(data.featureNames == ["x1", "x2"] && data.inputs.row(0) == [1, 2] && data.count == 4)
        #expect(harness.run("load \(name) test=0 header=yes").first?.hasPrefix("data data.csv: 3 samples") == true)
        // The first row goes through the same checks as the others, at line 1.
        let (bad, file) = try CSVTests.file("1,x,0\n3,4,1\n")
        #expect(bad.run("load \(file) header=no test=0") == ["error: load: data.csv:1:2: column 'x2' must be a number, got 'x'"])
    }

    /// Circle data is drawn with a unit of x as long as a unit of y; inputs of very different spans are not.
    @Test func boundaryPlotsOfComparableRangesUseOneScale() throws {
        let folder = try Support.temporaryDirectory("scale").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data circle test=0", "net 2 4:tanh 1:sigmoid", "export boundary round.gp"])
        let round = try String(contentsOfFile: folder + "/round.gp", encoding: .utf8)
        #expect(round.contains("set size ratio -1"))
        let (wide, _) = try CSVTests.file("a,b,y\n0,0,0\n100,1,1\n50,0.5,0\n")
        wide.run(["load data.csv test=0", "net 2 2 1", "export boundary wide.gp"])
        let widePath = try #require(wide.session.resolve("wide.gp") as String?)
        let script = try String(contentsOfFile: widePath, encoding: .utf8)
        #expect(script.contains("set xrange") && !script.contains("set size ratio"))
    }
}
