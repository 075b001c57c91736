import BackpropCore
import Foundation

/// Commands that run the network: forward, predict, eval, train, step.
enum TrainingCommands {
    /// train's options: the settings it remembers for the next call, then two of its own.
    static let trainOptions: [OptionSpec] = [
        SettingOptions.learningRate, SettingOptions.batch, SettingOptions.optimizer, SettingOptions.l1, SettingOptions.l2,
        SettingOptions.momentum, SettingOptions.shuffleSeed.named("seed"),
        OptionSpec("patience", "stop when the test loss has not improved for this many epochs", .whole(1...1_000_000)),
        OptionSpec("live", "redraw a plot in the terminal while training: the loss curve (yes, loss) or the decision boundary",
                   .word(["yes", "no"] + LivePlot.Kind.allCases.map(\.rawValue))),
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
                weights are restored. L1/L2 penalise weights only, not biases. Each epoch's line shows the \
                mean of its minibatch losses (with the penalty when l1/l2 are set); the summary the loss on all \
                training samples without it, as `eval` does. Frozen parameters (`freeze`) stay as they are. \
                live=yes (or loss) redraws the loss curve in the terminal as training runs, live=boundary the decision \
                boundary of the weights as they are; either takes at most a tenth of the training time.
                """,
                options: trainOptions, changesState: true) { context, args in
            try args.expectAtMost(1)
            try context.applyTrainingOptions(args)
            let epochs = try args.int(at: 0, as: SettingOptions.epochs, default: context.state.settings.epochs)
            try context.train(epochs: epochs, patience: args.has("patience") ? args.int("patience", default: 10) : nil,
                              live: try args.choice("live", default: nil) { word -> LivePlot.Kind? in
                                  word.lowercased() == "no" ? nil : word.lowercased() == "yes" ? .loss : LivePlot.Kind(rawValue: word.lowercased())
                              })
        },
        Command("step", group: "Train", syntax: "step",
                summary: "one gradient-descent step on all training samples, showing every parameter",
                example: "step lr=0.5",
                details: """
                w ← w − lr · dE/dw with dE/dw the mean over all training samples, of the E train descends \
                (with l1/l2 set, dE/dw adds l1·sign(w) + l2·w; penalty=no leaves it out); prints old value, \
                gradient and new value of each parameter. Frozen parameters stay as they are.
                """,
                options: [SettingOptions.learningRate, DerivativeSamples.penaltyOption], changesState: true) { context, args in
            try args.expectAtMost(0)
            let lr = try args.double("lr", default: context.state.settings.learningRate)
            try context.gradientStep(learningRate: lr, withPenalty: try args.flag("penalty", default: true))
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
