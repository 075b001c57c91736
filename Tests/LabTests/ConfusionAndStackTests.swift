import Foundation
import Testing
import BackpropCore
@testable import Lab

/// eval's confusion matrix (rows the true class, columns the predicted one,
/// by class name) and net's repeat form for deep stacks, which reads as
/// `show net` prints it.
@Suite struct ConfusionAndStackTests {
    @Test func evalPrintsTheConfusionMatrixOfTheClasses() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "init xavier seed=3", "net 2 2:sigmoid 1:sigmoid"])
        #expect(Array(harness.run("eval").dropFirst()) == [
            "train confusion matrix (rows: true class, columns: predicted):",
            "     0  1  right",
            "  0  2  0  2/2",
            "  1  1  1  1/2",
        ])
        // The counts are Metrics' own: the diagonal is the accuracy.
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let evaluation = Metrics.evaluate(network, on: data.train)
        #expect(evaluation.confusion == [[2, 0], [1, 1]] && evaluation.accuracy == 0.75, "\(String(describing: evaluation.confusion))")
        harness.run(["data sine n=20", "net 1 4:tanh 1:linear"])
        #expect(harness.run("eval").count == 1)  // regression: no classes, no matrix
    }

    @Test func sizeTimesCountIsThatManyEqualLayers() throws {
        let harness = SessionHarness()
        let repeated = harness.run("net 2 8x3:tanh 1")
        let deep = try harness.session.context.requireNetwork()
        #expect(repeated == harness.run("net 2 8:tanh 8:tanh 8:tanh 1"))
        #expect(try harness.session.context.requireNetwork() == deep)
        #expect(harness.run("net 16 16×99:sigmoid 1:sigmoid").first?.hasPrefix("network 16-16×99-1: layers 1–99: 16 sigmoid, layer 100: 1 sigmoid") == true)
        #expect(harness.run("net 2 8x0") == ["error: net: column 9: layer count must be in 1…10000, got 0"])
        #expect(harness.run("net 2 8x2x2") == ["error: net: column 7: a layer is SIZE:ACTIVATION or SIZExCOUNT:ACTIVATION, got '8x2x2'"])
        #expect(Completion.candidates(linePrefix: "net 2 8x3:ta", word: "8x3:ta", session: harness.session) == ["8x3:tanh"])
    }
}
