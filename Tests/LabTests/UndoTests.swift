import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// undo: which commands are steps, what it restores, and its memory budget.
@Suite struct UndoTests {
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
}
