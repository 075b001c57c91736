import BackpropCore
import Foundation

/// Commands that run the network: forward, predict, eval, train, step.
enum TrainingCommands {
    /// train's options: the settings it remembers for the next call, then two of its own.
    static let trainOptions: [OptionSpec] = [
        SettingOptions.learningRate, SettingOptions.batch, SettingOptions.optimizer, SettingOptions.l1, SettingOptions.l2,
        SettingOptions.momentum, SettingOptions.shuffleSeed.named("seed"),
        OptionSpec("patience", "stop when the test loss has not improved for this many epochs", .whole(1...1_000_000)),
        OptionSpec("live", "redraw the loss curve in the terminal while training", .flag),
    ]
    static let sample = OptionSpec("sample", "a training sample, 1-based", .whole(1...Int.max), placeholder: "K")

    static let all: [Command] = [
        Command("forward", group: "Train", syntax: "forward [x1 x2 … [-> e1 e2 …]]",
                summary: "one sample's forward pass: z and a of every layer",
                example: "forward 0.05 0.10 -> 0.01 0.99",
                details: "Without numbers, the first training sample (or sample=K). `show z1`, `show a1` and `show d1` then refer to this sample.",
                options: [sample], changesState: true) { context, args in
            let network = try context.requireNetwork()
            let (input, target) = try context.sample(from: args, network: network)
            context.state.focus = (input, target)
            context.printForwardPass(network, input: input, target: target)
        },
        Command("predict", group: "Train", syntax: "predict x1 x2 …",
                summary: "the network's output (and class) for one input",
                example: "predict 1 0") { context, args in
            let network = try context.requireNetwork()
            guard !args.words.isEmpty else { throw LabError("missing input: give \(network.inputSize) numbers, e.g. `predict \(Array(repeating: "0", count: network.inputSize).joined(separator: " "))`") }
            let raw = try args.words.enumerated().map { try Arguments.parseDouble($1.text, name: "x\($0 + 1)", column: $1.column) }
            let input = try context.networkInput(fromRaw: raw, network: network)
            let output = forward(network, input: input)
            var line = "output " + context.format(output)
            if let name = context.className(of: output, network: network) { line += "  → class \(name)" }
            context.print(line)
        },
        Command("eval", group: "Train", syntax: "eval",
                summary: "loss and accuracy on the training and test samples",
                example: "eval") { context, args in
            try args.expectAtMost(0)
            let (network, data) = try context.requireNetworkAndData()
            try context.printEvaluation(network, data: data)
        },
        Command("train", group: "Train", syntax: "train [EPOCHS]",
                summary: "train by minibatch gradient descent; Ctrl-C stops at the next batch",
                example: "train 1000 lr=0.5 batch=4",
                details: """
                Options are remembered for the next train (see `show config`). Each epoch shuffles the \
                samples (seeded) and takes one step per minibatch. Training again continues the optimizer \
                state. If the loss or a weight becomes NaN or infinite, training stops and the last finite \
                weights are restored. L1/L2 penalise weights only, not biases.
                """,
                options: trainOptions, changesState: true) { context, args in
            try args.expectAtMost(1)
            try context.applyTrainingOptions(args)
            let epochs = try args.int(at: 0, as: SettingOptions.epochs, default: context.state.settings.epochs)
            try context.train(epochs: epochs, patience: args.has("patience") ? args.int("patience", default: 10) : nil,
                              live: try args.flag("live", default: false))
        },
        Command("step", group: "Train", syntax: "step",
                summary: "one gradient-descent step on all training samples, showing every parameter",
                example: "step lr=0.5",
                details: "w ← w − lr · dE/dw with dE/dw the mean over all training samples; prints old value, gradient and new value of each parameter.",
                options: [SettingOptions.learningRate], changesState: true) { context, args in
            try args.expectAtMost(0)
            let lr = try args.double("lr", default: context.state.settings.learningRate)
            try context.gradientStep(learningRate: lr)
        },
    ]

    /// The output of one forward pass for one (already scaled) input.
    static func forward(_ network: Network, input: [Double]) -> [Double] {
        let propagation = Propagation(shapeOf: network, capacity: 1, forwardOnly: true)
        input.withUnsafeBufferPointer { propagation.forward(network, inputs: $0.baseAddress!, count: 1) }
        return propagation.outputs.row(0)
    }
}

extension CommandContext {
    /// Maps a typed raw input as the network's inputs are mapped (features,
    /// then scaling): the mapping it was trained with, and saved with it.
    func networkInput(fromRaw raw: [Double], network: Network) throws -> [Double] {
        let mapping = network.inputMapping
        guard raw.count == mapping.rawInputs else {
            var message = "the network takes \(Format.count(mapping.rawInputs, "input")), got \(raw.count)"
            if !mapping.features.isEmpty {
                message += " (it computes its \(mapping.inputSize) inputs \(mapping.features.map(\.description).joined(separator: " ")) from them)"
            }
            throw LabError(message)
        }
        let input = mapping.apply(raw)
        guard input.count == network.inputSize else {
            throw LabError("the network's input mapping makes \(Format.count(input.count, "input")) but the network takes \(network.inputSize)")
        }
        guard input.allSatisfy(\.isFinite) else {
            throw LabError("the input \(format(raw)) maps to \(format(input)), not finite numbers (see `show net` for its scaling)")
        }
        return input
    }

    /// The class an output stands for: by the network's class names (saved
    /// with the model), else the data's; when there are none, by number.
    func className(of output: [Double], network: Network) -> String? {
        let names = network.classNames.isEmpty ? state.data?.train.classNames ?? [] : network.classNames
        guard !names.isEmpty else {
            guard network.layers.last?.activation == .sigmoid || network.layers.last?.activation == .softmax else { return nil }
            return output.count == 1 ? (output[0] >= 0.5 ? "1" : "0") : String(argmax(output) + 1)
        }
        if output.count == 1 { return names.count == 2 ? Printable.text(names[output[0] >= 0.5 ? 1 : 0]) : nil }
        let k = argmax(output)
        return k < names.count ? Printable.text(names[k]) : nil
    }

    /// The input (and target) a `forward` call refers to.
    func sample(from args: Arguments, network: Network) throws -> ([Double], [Double]?) {
        if args.words.isEmpty {
            let (_, data) = try requireNetworkAndData()
            let k = try args.int("sample", default: 1, within: 1...data.train.count)
            return (data.train.inputs.row(k - 1), data.train.targets.row(k - 1))
        }
        guard !args.has("sample") else { throw LabError("give either numbers or sample=, not both") }
        let arrow = args.words.firstIndex { $0.text == "->" }
        let inputWords = args.words[..<(arrow ?? args.words.count)]
        let raw = try inputWords.enumerated().map { try Arguments.parseDouble($1.text, name: "x\($0 + 1)", column: $1.column) }
        let input = try networkInput(fromRaw: raw, network: network)
        guard let arrow else { return (input, nil) }
        let targetWords = args.words[(arrow + 1)...]
        let target = try targetWords.enumerated().map { try Arguments.parseDouble($1.text, name: "e\($0 + 1)", column: $1.column) }
        guard target.count == network.outputSize else {
            throw LabError("the network has \(Format.count(network.outputSize, "output")), got \(Format.count(target.count, "target"))")
        }
        return (input, target)
    }

    func printForwardPass(_ network: Network, input: [Double], target: [Double]?) {
        let propagation = Propagation(shapeOf: network, capacity: 1, forwardOnly: true)
        if let target {
            propagation.forward(network, inputs: Matrix(rows: 1, columns: input.count, storage: input),
                                targets: Matrix(rows: 1, columns: target.count, storage: target))
        } else {
            input.withUnsafeBufferPointer { propagation.forward(network, inputs: $0.baseAddress!, count: 1) }
        }
        var rows: [[String]] = [["a0", "= x", format(input)]]
        for l in 1...network.depth {
            let f = network.layers[l - 1].activation.rawValue
            rows.append(["z\(l)", "= a\(l - 1)·W\(l) + b\(l)", format(propagation.netInputs(layer: l).row(0))])
            rows.append(["a\(l)", "= \(f)(z\(l))", format(propagation.activations(layer: l).row(0))])
        }
        print(lines: Format.table(rows, indent: ""))
        if let target {
            print("E = \(format(propagation.loss))  (\(network.loss.rawValue), target \(format(target)))")
        }
    }

    func printEvaluation(_ network: Network, data: LabData) throws {
        var rows: [[String]] = []
        for (name, set) in [("train", Optional(data.train)), ("test", data.test)] {
            guard let set, !set.isEmpty else { continue }
            guard let result = Metrics.evaluate(network, on: set, shouldStop: stopRequested) else { throw LabError.stopped }
            rows.append(["\(name):", "loss \(format(result.loss))",
                         result.accuracy.map { "accuracy \(Format.percent($0))" } ?? "",
                         "(\(Format.count(result.count, "sample")))"])
        }
        print(lines: Format.table(rows, indent: ""))
        printClassBreakdown(network, data: data)
    }

    /// Copies `train` options into the settings (they stay for later calls).
    func applyTrainingOptions(_ args: Arguments) throws {
        var s = state.settings
        try args.applySettings(to: &s)
        state.settings = s
    }

    func train(epochs: Int, patience: Int?, live: Bool = false) throws {
        var (network, data) = try requireNetworkAndData() as (Network, LabData)
        let s = state.settings
        let trainer = try currentTrainer(for: network, data: data)
        let options = TrainingOptions(epochs: epochs, batchSize: min(s.batchSize, data.train.count),
                                      penalty: Penalty(l1: s.l1, l2: s.l2), earlyStoppingPatience: patience)
        try trainer.validate(network, options: options)
        // The batch's buffers, and the optimizer's state with a copy of the parameters.
        let buffers = Propagation.byteCount(shapeOf: network, capacity: options.batchSize) + 3 * 8 * Double(network.parameters.count)
        try requireMemory(buffers, for: "train with batch=\(options.batchSize)", change: "use a smaller batch=")
        let before = Metrics.evaluate(network, on: data.train).loss
        let reportEvery = max(1, epochs / 10)
        let progress = ProgressBar(epochs: epochs, stepsPerEpoch: (data.train.count + options.batchSize - 1) / options.batchSize,
                                   sink: output.progress)
        let firstEpoch = trainer.history.count
        let liveLoss = live ? LiveLossPlot(context: self) : nil
        let result = try trainer.train(&network, options: options, shouldStop: stopRequested, onStep: { info in
            progress.update(epoch: info.epoch - firstEpoch, stepInEpoch: info.stepInEpoch, loss: info.batchLoss)
        }, onEpoch: { record in
            if let liveLoss { liveLoss.update(history: trainer.history) }
            let k = record.epoch - firstEpoch
            guard k % reportEvery == 0 || k == epochs else { return }
            progress.clear()
            var line = "epoch \(String(repeating: " ", count: max(0, String(epochs).count - String(k).count)))\(k)/\(epochs)  loss \(self.format(record.trainLoss))"
            if let test = record.testLoss { line += "  test \(self.format(test))" }
            self.print(line)
        })
        progress.clear()
        state.network = network.learning(from: data)
        state.networkKeepsMapping = true
        state.trainingHistory = trainer.history
        let after = Metrics.evaluate(network, on: data.train)
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
        summary += ": loss \(format(before)) → \(format(after.loss))"
        if let accuracy = after.accuracy { summary += ", train accuracy \(Format.percent(accuracy))" }
        print(summary)
    }

    /// One plain gradient-descent step on all training samples, with a table of every parameter.
    func gradientStep(learningRate lr: Double) throws {
        var (network, data) = try requireNetworkAndData() as (Network, LabData)
        guard let (before, gradients) = FullBatch.gradient(network, on: data.train, shouldStop: stopRequested) else {
            throw LabError.stopped
        }
        guard before.isFinite else { throw LabError("the loss is \(format(before)); re-initialise with `init`") }
        let old = network.parameters
        for k in old.indices { network.parameters[k] = old[k] - lr * gradients[k] }
        guard network.parameters.allSatisfy(\.isFinite) else { throw LabError("the step makes a weight non-finite; try a smaller lr") }
        let names = ParameterReference.names(of: network)
        let limit = 60
        let shown = Array(old.indices.prefix(limit))
        let rows = shown.map { [format(old[$0]), format(gradients[$0]), format(network.parameters[$0])] }
        print("step: w ← w − \(format(lr))·dE/dw over \(Format.count(data.train.count, "sample"))")
        print(lines: Format.table(rows, header: ["old", "dE/dw", "new"], rowLabels: shown.map { names[$0] }))
        if old.count > limit { print("  … and \(old.count - limit) more parameters") }
        state.network = network.learning(from: data)
        state.networkKeepsMapping = true
        let after = Metrics.evaluate(network, on: data.train).loss
        print("E: \(format(before)) → \(format(after))")
    }
}

extension Network {
    /// This network with the input mapping and class names of the data it
    /// learns from, which it keeps (and saves with the model) from now on.
    func learning(from data: LabData) -> Network {
        var copy = self
        copy.inputMapping = data.mapping
        copy.classNames = data.train.classNames
        return copy
    }
}

func argmax(_ values: [Double]) -> Int {
    var best = 0
    for k in values.indices where values[k] > values[best] { best = k }
    return best
}
