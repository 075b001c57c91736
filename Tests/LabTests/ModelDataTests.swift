import Foundation
import Testing
@testable import BackpropCore
@testable import Lab
import TestSupport

/// A trained or loaded network keeps its input mapping (features, scaling)
/// and its class names; new data is mapped with them, saved models carry them.
@Suite struct ModelDataTests {
    static let iris = CSVTests.shipped.appendingPathComponent("iris.csv").path

    /// Trains iris (zscore on 120 flowers) and saves the model in a fresh folder; returns the folder and predictions.
    static func trainedIrisModel() throws -> (folder: String, predictions: [String: [String]]) {
        let folder = try Support.temporaryDirectory("model").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["load \(iris) target=species test=0.2 normalize=zscore", "net 4 8:tanh 3:softmax",
                     "train 200 lr=0.05 batch=16 opt=adam", "save model iris.json"])
        var predictions: [String: [String]] = [:]
        for input in ["6 2.7 5.1 1.6", "6.7 3 5.2 2.3", "5.1 3.5 1.4 0.2"] { predictions[input] = harness.run("predict \(input)") }
        return (folder, predictions)
    }

    @Test func aLoadedModelKeepsItsScalingAndClassNames() throws {
        let (folder, predictions) = try Self.trainedIrisModel()
        for options in ["", " normalize=zscore test=0.5 seed=7"] {
            let harness = SessionHarness(baseDirectory: folder)
            let loaded = harness.run("load model iris.json")
            #expect(loaded.contains("inputs scaled: zscore") && loaded.contains("classes: setosa, versicolor, virginica"), "\(loaded)")
            // class names come from the model, before any data is loaded
            #expect(harness.run("predict 6.7 3 5.2 2.3") == predictions["6.7 3 5.2 2.3"])
            let output = harness.run("load \(Self.iris) target=species\(options)")
            #expect(output.last == "kept the network's input scaling: scaled zscore with the offsets and scales it learned with, not refitted on this data")
            #expect(output.first?.hasSuffix("inputs scaled zscore") == true, "\(output)")
            for (input, expected) in predictions { #expect(harness.run("predict \(input)") == expected) }
            let (network, data) = try harness.session.context.requireNetworkAndData()
            #expect(try #require(Metrics.evaluate(network, on: data.train).accuracy) > 0.95)
        }
    }

    /// Asking for another kind of scaling refits it, and says so.
    @Test func normalizeWithAnotherKindRefits() throws {
        let (folder, _) = try Self.trainedIrisModel()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run("load model iris.json")
        let output = harness.run("load \(Self.iris) target=species normalize=minmax")
        #expect(output.last == "refitted the network's input scaling to minmax on this training split (was zscore); its weights learned the old scaling: train again")
        let data = try #require(harness.session.state.data)
        #expect(data.normalizationKind == .minmax && harness.session.state.network?.inputMapping == data.mapping)
        // a fresh network refits the scaling on the data as it is
        harness.run("load \(Self.iris) target=species normalize=zscore")
        harness.run("net 4 3:softmax")
        #expect(harness.session.state.network?.inputMapping == harness.session.state.data?.with().mapping)
    }

    /// `features` with the file's column names; the transforms are saved with the model and
    /// a new session's `predict` takes the raw values.
    @Test func featuresTravelWithTheModel() throws {
        let folder = try Support.temporaryDirectory("features").path
        let first = SessionHarness(baseDirectory: folder)
        first.run(["data circle n=100 normalize=zscore", "features x1 x2 x1^2 x2^2", "net 4 4:tanh 1:sigmoid", "train 20",
                   "save model m.json"])
        let expected = first.run("predict 0.1 0.1")
        let second = SessionHarness(baseDirectory: folder)
        #expect(second.run("load model m.json").contains("inputs: x1 x2 x1^2 x2^2 of 2 raw inputs"))
        #expect(second.run("predict 0.1 0.1") == expected)
        #expect(second.run("predict 0.1 0.1 0.01 0.01").first == "error: predict: the network takes 2 inputs, got 4 (it computes its 4 inputs x1 x2 x1^2 x2^2 from them)")
        // new raw data is mapped by the model's features
        #expect(second.run("data circle n=50").last?.hasPrefix("kept the network's inputs (x1 x2 x1^2 x2^2): scaled zscore") == true)
        #expect(second.session.state.data?.train.inputs.columns == 4)
        #expect(second.run("eval").first?.hasPrefix("train:") == true)
    }

    @Test func featuresTakeColumnNames() throws {
        let harness = SessionHarness()
        harness.run("load \(Self.iris) target=species test=0")
        #expect(harness.run("features petal_length petal_width petal_length*petal_width x1^2").first
                == "inputs: petal_length petal_width petal_length*petal_width sepal_length^2 (4 inputs)")
        #expect(harness.session.state.data?.train.inputs.row(0) == [1.4, 0.2, 1.4 * 0.2, 5.1 * 5.1])
        #expect(harness.run("features petal_lenght").first == "error: features: column 10: 'petal_lenght' is not an input: inputs are x1…x4 or the columns sepal_length, sepal_width, petal_length, petal_width; did you mean 'petal_length'?")
        #expect(harness.run("features x1 x2 x1").first == "error: features: column 16: sepal_length is given twice")
    }

    /// The same seed splits the same way, whether at load or with `split` later.
    @Test func theSameSeedGivesTheSameSplit() throws {
        let a = SessionHarness(), b = SessionHarness()
        a.run("load \(Self.iris) target=species test=0.2 seed=1")
        b.run("load \(Self.iris) target=species test=0")
        b.run("split test=0.2 seed=1")
        #expect(a.session.state.data == b.session.state.data)
        a.run("split test=0.2 seed=1")
        #expect(a.session.state.data == b.session.state.data)
        a.run(["split test=0.5 seed=3", "split test=0.2 seed=1"])
        #expect(a.session.state.data == b.session.state.data)
        b.run("split test=0.2 seed=2")
        #expect(a.session.state.data?.test != b.session.state.data?.test)
    }

    @Test func optionErrorsSayWhatIsWrong() throws {
        let (harness, name) = try CSVTests.file("a,b,species\n1,2,x\n3,4,y\n")
        #expect(harness.run("load \(name) target=").first == "error: load: column 15: target= has no value (give column names or numbers, e.g. target=2 or target=a,b)")
        #expect(harness.run("load \(name) features=a,,b").first?.hasPrefix("error: load: column 15: features= has an empty item") == true)
        #expect(harness.run("load \(name) features=1,1").first == "error: load: data.csv: column 'a' is given twice as a feature")
        #expect(harness.run("load \(name) features=a,1").first == "error: load: data.csv: column 'a' is given twice as a feature")
        #expect(harness.run("load \(name) target=specis").first == "error: load: data.csv: no target column 'specis' (columns: a, b, species); did you mean 'species'?")
        #expect(harness.session.state.data == nil)
    }

    /// Whole-number targets (digits) stay one number to regress unless classes=yes; a hint says so.
    @Test func wholeNumberTargetsGetAHint() throws {
        let (harness, name) = try CSVTests.file("a,label\n" + (0..<30).map { "\($0),\($0 % 10)" }.joined(separator: "\n") + "\n")
        let output = harness.run("load \(name) target=label test=0")
        #expect(output.last == "hint: the target 'label' holds only the 10 whole numbers 0…9, read as one number to regress; if they are class labels, add classes=yes")
        #expect(harness.session.state.data?.train.targets.columns == 1)
        #expect(harness.run("load \(name) target=label test=0 classes=yes")
                == ["data data.csv: 30 samples, 1 input → 10 targets", "target: 'label' (target=), 10 classes one-hot: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"])
        #expect(harness.session.state.data?.train.targets.columns == 10)
        let (regression, file) = try CSVTests.file("a,y\n1,0.5\n2,1.5\n3,2\n4,3\n")
        #expect(regression.run("load \(file) test=0") == ["data data.csv: 4 samples, 1 input → 1 target", "target: 'y' (the last column), numbers to regress"])
    }
}
