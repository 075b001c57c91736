import Foundation
import Testing
import BackpropCore
@testable import Lab

/// `freeze` and `unfreeze`: what they name, that step and train leave frozen
/// parameters as they are, that show marks them, that undo, save model and
/// a new `net` treat the mask as part of the network, and the worked
/// example's published step with its biases held.
@Suite struct FreezeTests {
    static func frozenNames(_ harness: SessionHarness) throws -> [String] {
        let network = try harness.session.context.requireNetwork()
        return network.frozen.names(in: network)
    }

    @Test func namesParametersLayersAndKinds() throws {
        let harness = SessionHarness()
        harness.run("net 2 3:tanh 2 1")
        #expect(harness.run("freeze biases") == ["froze 6 parameters; frozen now: b1, b2, b3 (6 of 20 parameters)"])
        #expect(harness.run("freeze layer 2 w1[1,2]") == ["froze 7 parameters; frozen now: w1[1,2], b1, w2, b2, b3 (13 of 20 parameters)"])
        #expect(harness.run("unfreeze b2 w2[3,1]") == ["unfroze 3 parameters; frozen now: w1[1,2], b1, w2[1,1], w2[1,2], w2[2,1], w2[2,2], w2[3,2], b3 (10 of 20 parameters)"])
        #expect(harness.run("unfreeze all") == ["unfroze 10 parameters; none of the 20 parameters is frozen"])
        harness.run("freeze weights")
        #expect(try Self.frozenNames(harness) == ["w1", "w2", "w3"])
        for (line, error) in [("freeze", "missing what to freeze"), ("freeze x[1]", "x[1] is an input, not a parameter"),
                              ("freeze layer 4", "layer must be in 1…3"), ("freeze layer", "layer needs its number"),
                              ("unfreeze speed", "is not a parameter")] {
            let output = harness.run(line)
            #expect(output.count == 1 && output[0].hasPrefix("error: ") && output[0].contains(error), "\(line): \(output)")
        }
    }

    @Test func stepAndTrainLeaveThemAndShowMarksThem() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1", "freeze b1 w2[2,1]"])
        let before = try harness.session.context.requireNetwork()
        let step = harness.run("step lr=0.5")
        #expect(step[0].hasSuffix("; frozen parameters stay"))
        #expect(step.contains { $0.hasPrefix("  b1[1] ") && $0.hasSuffix("  frozen") })
        harness.run("train 20 opt=momentum lr=0.5")
        let after = try harness.session.context.requireNetwork()
        for k in after.parameters.indices {
            #expect((after.parameters[k] == before.parameters[k]) == before.frozen.contains(k), "parameter \(k)")
        }
        #expect(harness.run("show net").last == "frozen (step and train leave them as they are): b1, w2[2,1]")
        #expect(harness.run("show b1").first?.hasSuffix("  (frozen)") == true)
        #expect(harness.run("show w2").last == "  frozen: w2[2,1]")
        #expect(harness.run("show w2[2,1]").first?.hasSuffix("  (frozen)") == true)
        #expect(harness.run("grad w2[2,1]").contains("  (w2[2,1] is frozen: step and train leave it as it is; its gradient is still this)"))
    }

    @Test func theMaskTravelsWithTheNetwork() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-freeze-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2 1", "freeze b1 w1[2,2]"])
        harness.run("unfreeze all")
        harness.run("undo")
        #expect(try Self.frozenNames(harness) == ["w1[2,2]", "b1"])
        harness.run("save model m.json")
        harness.run("net 2 2 1")
        #expect(try Self.frozenNames(harness).isEmpty)
        harness.run("load model m.json")
        #expect(try Self.frozenNames(harness) == ["w1[2,2]", "b1"])
    }

    /// The classic worked example holds its biases: frozen, one step gives the
    /// tutorial's error after one step, 0.291027924, to the six digits shown.
    @Test func theWorkedExampleReproducesItsPublishedStep() {
        let harness = SessionHarness()
        harness.run(["data 0.05 0.10 -> 0.01 0.99", "net 2 2:sigmoid 2:sigmoid", "set w1 = [[0.15, 0.25], [0.20, 0.30]]",
                     "set b1 = 0.35", "set w2 = [[0.40, 0.50], [0.45, 0.55]]", "set b2 = 0.60", "freeze biases"])
        let step = harness.run("step lr=0.5")
        #expect(step.last == "E: 0.298371 → 0.291028")
        #expect(step.contains("  w2[1,1]   0.4     0.082167  0.358916"))
    }
}
