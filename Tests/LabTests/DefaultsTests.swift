import Foundation
import Testing
@testable import Lab

/// Defaults that learn: a first `train`, with no options, learns the toy
/// sets with the README's nets; when a classifier's accuracy does not move,
/// one line says what to change.
@Suite struct DefaultsTests {
    static let cases: [(data: String, net: String, accuracy: Double)] = [
        ("xor", "2 2:sigmoid 1:sigmoid", 100), ("xor", "2 4:tanh 1:sigmoid", 100),
        ("circle", "2 4:tanh 1:sigmoid", 97), ("moons", "2 4:tanh 1:sigmoid", 97), ("gauss", "2 4:tanh 1:sigmoid", 97),
        // Two hidden neurons draw two lines: as far as they go on a ring and on the moons.
        ("circle", "2 2:sigmoid 1:sigmoid", 85), ("moons", "2 2:sigmoid 1:sigmoid", 85), ("gauss", "2 2:sigmoid 1:sigmoid", 97),
    ]

    @Test(arguments: cases)
    func aFirstTrainLearnsTheToySets(_ c: (data: String, net: String, accuracy: Double)) throws {
        let harness = SessionHarness()
        harness.run(["data \(c.data)", "net \(c.net)"])
        let summary = try #require(harness.run("train").last(where: { $0.hasPrefix("trained ") }))
        #expect(summary.hasPrefix("trained 300 epochs"), "\(summary)")
        let accuracy = try #require(Double(summary.components(separatedBy: "train accuracy ").last!.dropLast()))
        #expect(accuracy >= c.accuracy, "\(c.data) \(c.net): \(summary)")
    }

    @Test func aStuckClassifierGetsAHint() {
        let stuck = SessionHarness()
        stuck.run(["data xor", "init xavier seed=5", "net 2 2:sigmoid 1:sigmoid"])
        #expect(stuck.run("train").last == "accuracy did not move (50%): try more epochs, another lr=, "
                + "more hidden neurons (e.g. 4:tanh), or another start (`init seed=2`, then `net` again)")
        let worse = SessionHarness()
        worse.run(["data xor", "init xavier seed=3", "net 2 2:sigmoid 1:sigmoid"])
        #expect(worse.run("train").last?.hasPrefix("accuracy did not improve (75% → 50%): try more epochs, another lr=, more") == true)
        #expect(worse.run("train 5 opt=sgd").last?.contains("another lr=, opt=adam, more hidden neurons") == true)
        let learned = SessionHarness()
        learned.run(["data xor", "net 2 2:sigmoid 1:sigmoid"])
        #expect(learned.run("train").last?.hasSuffix("train accuracy 100%") == true)
    }
}
