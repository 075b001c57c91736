import BackpropCore

/// `train` and `step`: the loop, its lines, and one plain step.
///
/// Two losses appear and each line says which: an epoch's line shows the
/// mean of its minibatch losses, taken while the weights moved (with the
/// l1/l2 penalty when set, as the optimizer descends it); the summary shows
/// the loss on all training samples before and after, without the penalty,
/// as `eval` prints it.
extension CommandContext {
    /// Copies `train` options into the settings (they stay for later calls).
    func applyTrainingOptions(_ args: Arguments) throws {
        var s = state.settings
        try args.applySettings(to: &s)
        state.settings = s
    }

    func train(epochs: Int, patience: Int?, live: LivePlot.Kind? = nil) throws {
        var (network, data) = try requireNetworkAndData() as (Network, LabData)
        let s = state.settings
        let trainer = try currentTrainer(for: network, data: data)
        let penalty = Penalty(l1: s.l1, l2: s.l2)
        let options = TrainingOptions(epochs: epochs, batchSize: min(s.batchSize, data.train.count),
                                      penalty: penalty, earlyStoppingPatience: patience)
        try trainer.validate(network, options: options)
        // The batch's buffers, and the optimizer's state with a copy of the parameters.
        let buffers = Propagation.byteCount(shapeOf: network, capacity: options.batchSize) + 3 * 8 * Double(network.parameters.count)
        try requireMemory(buffers, for: "train with batch=\(options.batchSize)", change: "use a smaller batch=")
        let before = Metrics.evaluate(network, on: data.train)
        let reportEvery = max(1, epochs / 10)
        let progress = ProgressBar(epochs: epochs, stepsPerEpoch: (data.train.count + options.batchSize - 1) / options.batchSize,
                                   sink: output.progress)
        let firstEpoch = trainer.history.count
        let livePlot = live.flatMap { LivePlot($0, context: self) }
        let withPenalty = penalty.isZero ? "" : " + penalty"
        let result = try trainer.train(&network, options: options, shouldStop: stopRequested, onStep: { info in
            progress.update(epoch: info.epoch - firstEpoch, stepInEpoch: info.stepInEpoch, loss: info.batchLoss)
        }, onEpoch: { record, now in
            livePlot?.update(history: trainer.history, network: now, data: data)
            let k = record.epoch - firstEpoch
            guard k % reportEvery == 0 || k == epochs else { return }
            progress.clear()
            let padding = String(repeating: " ", count: max(0, String(epochs).count - String(k).count))
            var line = "epoch \(padding)\(k)/\(epochs)  minibatch loss\(withPenalty) \(self.format(record.trainLoss))"
            if let test = record.testLoss { line += "  test\(withPenalty) \(self.format(test))" }
            self.print(line)
        })
        progress.clear()
        livePlot?.finish()
        state.network = network.learning(from: data)
        state.weights?.epochs += trainer.history.count - firstEpoch
        state.networkKeepsMapping = true
        state.trainingHistory = trainer.history
        let after = Metrics.evaluate(network, on: data.train)
        print(summary(result, options: options, before: before, after: after, penalty: penalty))
        if let hint = hint(result, before: before, after: after) { print(hint) }
    }

    /// The closing line: how training ended, and the loss on all training samples.
    private func summary(_ result: TrainingResult, options: TrainingOptions, before: Evaluation, after: Evaluation,
                         penalty: Penalty) -> String {
        let s = state.settings
        let how = "\(s.optimizer.rawValue), lr \(format(s.learningRate)), batch \(options.batchSize)"
        var summary: String
        switch result.reason {
        case .completed:
            summary = "trained \(Format.count(result.epochsRun, "epoch")), \(Format.count(result.stepsRun, "step")) (\(how))"
        case .cancelled:
            summary = "stopped by Ctrl-C after \(Format.count(result.epochsRun, "full epoch")), \(Format.count(result.stepsRun, "step")); the network keeps its weights"
        case .diverged(let step):
            summary = "diverged at step \(step) (the loss or a weight became NaN or infinite): restored the last finite weights; try a smaller lr"
        case .earlyStopped(let best):
            summary = "early stop after \(Format.count(result.epochsRun, "epoch")): the test loss was best at epoch \(best), whose weights are kept"
        }
        let all = after.count == 1 ? "the 1 training sample" : "all \(Format.count(after.count, "training sample"))"
        summary += ": loss on \(all) \(format(before.loss)) → \(format(after.loss))"
        if !penalty.isZero { summary += " (without the penalty)" }
        if let accuracy = after.accuracy { summary += ", train accuracy \(Format.percent(accuracy))" }
        return summary
    }

    /// What to change when a classifier's accuracy did not get better.
    private func hint(_ result: TrainingResult, before: Evaluation, after: Evaluation) -> String? {
        guard result.stepsRun > 0, result.reason != .cancelled, let accuracy = after.accuracy, let start = before.accuracy,
              accuracy <= start, accuracy < 1 else { return nil }
        let adam = state.settings.optimizer == .adam ? "" : ", opt=adam"
        let how = accuracy == start ? "did not move (\(Format.percent(accuracy)))"
            : "did not improve (\(Format.percent(start)) → \(Format.percent(accuracy)))"
        return "accuracy \(how): try more epochs, another lr=\(adam), "
            + "more hidden neurons (e.g. 4:tanh), or another start (`init seed=2`, then `net` again)"
    }

    /// One plain gradient-descent step on all training samples, with a table
    /// of every parameter: the E of `train` (with the l1/l2 penalty unless
    /// `withPenalty` is false); frozen parameters stay as they are.
    func gradientStep(learningRate lr: Double, withPenalty: Bool) throws {
        var (network, data) = try requireNetworkAndData() as (Network, LabData)
        let penalty = withPenalty ? Penalty(l1: state.settings.l1, l2: state.settings.l2) : Penalty()
        guard var (before, gradients) = FullBatch.gradient(network, on: data.train, shouldStop: stopRequested) else {
            throw LabError.stopped
        }
        before += penalty.value(network)
        guard before.isFinite else { throw LabError("the loss is \(format(before)); re-initialise with `init`") }
        penalty.addGradient(of: network, to: &gradients)
        let old = network.parameters
        for k in old.indices where !network.frozen.contains(k) { network.parameters[k] = old[k] - lr * gradients[k] }
        guard network.parameters.allSatisfy(\.isFinite) else { throw LabError("the step makes a weight non-finite; try a smaller lr") }
        let names = ParameterReference.names(of: network)
        let shown = Array(old.indices.prefix(60))
        let rows = shown.map { [format(old[$0]), format(gradients[$0]), format(network.parameters[$0]),
                                network.frozen.contains($0) ? "frozen" : ""] }
        let e = penalty.isZero ? "E" : "E + penalty"
        print("step: w ← w − \(format(lr))·dE/dw over \(Format.count(data.train.count, "sample"))"
              + (penalty.isZero ? "" : ", dE/dw with the penalty term l1·sign(w) + l2·w (penalty=no: without)")
              + (network.frozen.isEmpty ? "" : "; frozen parameters stay"))
        print(lines: Format.table(rows, header: ["old", "dE/dw", "new", ""], rowLabels: shown.map { names[$0] }))
        if old.count > shown.count { print("  … and \(old.count - shown.count) more parameters") }
        state.network = network.learning(from: data)
        state.weights?.steps += 1
        state.networkKeepsMapping = true
        let after = Metrics.evaluate(network, on: data.train).loss + penalty.value(network)
        print("\(e): \(format(before)) → \(format(after))")
    }
}
