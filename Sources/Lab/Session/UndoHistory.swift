import BackpropCore

/// The states `undo` goes back to, newest last.
///
/// A step is recorded only for a command that changed the network or the
/// data (settings and `forward`'s sample are not undo steps). The history is
/// capped by memory, not by count: a snapshot of a 5000×5000 layer holds
/// 200 MB, so ten of them would take 2 GB. Past `budget` the oldest steps
/// are dropped; the newest is always kept, so the last change can be undone.
struct UndoHistory {
    /// What a step puts back.
    enum Part: Sendable { case network, data }

    struct Step {
        /// The command that made the change, as typed (for `undo`'s message).
        var command: String
        /// The whole state before it.
        var before: LabState
        /// The settings right after it: `undo` puts back `before.settings`
        /// only while they are unchanged since, so a later `set lr` stays.
        var settingsAfter: Settings
        var restores: [Part]
        /// Memory held by this step alone (parts it shares with the next state are free).
        var bytes: Int
    }

    /// Bytes the steps may hold together (256 MB unless a test says otherwise).
    let budget: Int
    private(set) var steps: [Step] = []
    private var bytes = 0
    /// True once a step was dropped for memory.
    private(set) var droppedSteps = false

    init(budget: Int = 256 << 20) {
        self.budget = budget
    }

    /// Records `before` as an undo step of `command` when it changed the network or data.
    mutating func record(command: String, before: LabState, after: LabState) {
        var restores: [Part] = []
        var size = 4096  // the state's small parts: settings, history, focus
        if before.network != after.network {
            restores.append(.network)
            size += (before.network?.parameters.count ?? 0) * MemoryLayout<Double>.size
        }
        if before.data != after.data {
            restores.append(.data)
            size += before.data.map(UndoHistory.bytes) ?? 0
        }
        guard !restores.isEmpty else { return }
        size += before.trainingHistory.reduce(0) { $0 + 64 + $1.gradientNorms.count * MemoryLayout<Double>.size }
        steps.append(Step(command: command, before: before, settingsAfter: after.settings, restores: restores, bytes: size))
        bytes += size
        while bytes > budget && steps.count > 1 {
            bytes -= steps.removeFirst().bytes
            droppedSteps = true
        }
    }

    mutating func pop() -> Step? {
        guard let step = steps.popLast() else { return nil }
        bytes -= step.bytes
        return step
    }

    /// Samples as loaded and as the network sees them, counted apart (they may share storage).
    private static func bytes(of data: LabData) -> Int {
        let sets = [data.rawTrain, data.train] + [data.rawTest, data.test].compactMap { $0 }
        return sets.reduce(0) { $0 + ($1.inputs.storage.count + $1.targets.storage.count) * MemoryLayout<Double>.size }
    }
}
