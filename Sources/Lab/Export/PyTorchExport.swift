import BackpropCore
import Foundation

/// `export pytorch FILE.py`: a runnable script that rebuilds the current
/// network in PyTorch (float64) with its exact weights — every number in its
/// shortest round-trip form, so Python reads back the same bits — the loss,
/// the optimizer settings and state, the training and test data, prints the
/// losses, and holds a training loop that continues where bplab stopped:
/// the optimizer's state (momentum buffers, Adam's moments and step count) in
/// PyTorch's `state_dict` layout, and bplab's shuffle (SplitMix64 state and
/// permutation), so `python3 FILE.py N` trains the same N epochs bplab would.
enum PyTorchExport {
    static func export(context: CommandContext, to path: String, overwrite: Bool) throws {
        let (network, data) = try context.requireNetworkAndData()
        // The trainer the next `train` would use: its optimizer state and shuffle are where bplab stopped.
        let trainer = try context.currentTrainer(for: network, data: data)
        try requireFinite(network: network, data: data, optimizer: trainer.optimizer)
        // Each number as text (up to 25 characters) in the script and in the copies that fill the template.
        let numbers = network.parameters.count * 3 + [data.train, data.test].compactMap { $0 }.reduce(0) { $0 + $1.inputs.storage.count + $1.targets.storage.count }
        try context.requireMemory(100 * Double(numbers), for: "export pytorch of \(LargeCount.grouped(numbers)) numbers",
                                  change: "export a smaller network or data set")
        let script = script(network: network, data: data, settings: context.state.settings, trainer: trainer)
        try FileWriter.write(Data(script.utf8), to: context.writeTarget(path, overwrite: overwrite))
        var what = "the network"
        let steps = trainer.optimizer.stepCount
        if steps > 0 && trainer.optimizer.settings.kind != .sgd { what += ", the optimizer's state after \(Format.count(steps, "step"))" }
        what += " and \(Format.count(data.train.count, "training sample"))" + (data.test.map { " (+\($0.count) test)" } ?? "")
        context.print("exported \(what) to \(context.displayPath(path)); run it with python3")
    }

    /// Python reads no `nan` or `inf` back as the number it was: every value
    /// written must be finite.
    static func requireFinite(network: Network, data: LabData, optimizer: Optimizer) throws {
        let sets = [("weights and biases", network.parameters), ("optimizer state", optimizer.state.0 + optimizer.state.1)]
            + [("training", data.train), ("test", data.test)].compactMap { name, set in set.map { ("\(name) data", $0.inputs.storage + $0.targets.storage) } }
        if let (name, _) = sets.first(where: { !$0.1.allSatisfy(\.isFinite) }) {
            throw LabError("the \(name) hold a value that is not a finite number, which the script could not hold; nothing written")
        }
    }

    /// The script: Export/Resources/pytorch.py.template with this session's
    /// numbers in its `${NAME}` places. The Python lives in its own file so it
    /// reads (and diffs) as Python; only the numbers come from here.
    static func script(network: Network, data: LabData, settings: Settings, trainer: Trainer) -> String {
        let s = settings
        let (generator, permutation) = trainer.shuffleState
        return fill(template, [
            "LAYERS": layers(network),
            "X": rows(data.train.inputs), "E": rows(data.train.targets),
            "X_TEST": data.test.map { "torch.tensor(\(rows($0.inputs)))" } ?? "None",
            "E_TEST": data.test.map { "torch.tensor(\(rows($0.targets)))" } ?? "None",
            "LOSS": network.loss.rawValue,
            "STEPS": "\(trainer.optimizer.stepCount)",
            "OPTIMIZER_STATE": optimizerState(network, settings: s, optimizer: trainer.optimizer),
            "SHUFFLE_STATE": "\(generator.state)", "PERMUTATION": "\(permutation)",
            "L1": number(s.l1), "L2": number(s.l2), "BATCH": "\(s.batchSize)",
            "OPTIMIZER": optimizerConstructor(s),
            "FROZEN": PyTorchFrozen.code(network),
        ])
    }

    /// Compiled into the binary (`embedInCode`), so an installed bplab needs no resource folder beside it.
    static let template = String(decoding: PackageResources.pytorch_py_template, as: UTF8.self)

    /// `template` with every `${NAME}` replaced by `values[NAME]`, in one pass,
    /// so a value is never searched for placeholders. A name without a value
    /// is a programmer's mistake: the template and this file change together.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { preconditionFailure("unclosed ${ in the template") }
            let name = String(rest[open.upperBound..<close])
            guard let value = values[name] else { preconditionFailure("the template's ${\(name)} has no value") }
            result += rest[..<open.lowerBound] + value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    // Every number in its shortest round-trip form, so Python reads back the same bits.
    static func number(_ x: Double) -> String { x == 0 ? "0.0" : "\(x)" }
    static func list(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }
    static func rows(_ m: Matrix) -> String { "[\n" + m.rowArrays.map { "    " + list($0) + "," }.joined(separator: "\n") + "\n]" }

    /// One `(W, b, activation)` entry of LAYERS per layer.
    static func layers(_ network: Network) -> String {
        var text = ""
        for (index, layer) in network.layers.enumerated() {
            text += "    # layer \(index + 1): \(layer.inputs) → \(layer.outputs), \(layer.activation.rawValue); W[i][j] from neuron i to neuron j\n"
            text += "    (\(rows(network.weights(index)).replacingOccurrences(of: "\n", with: "\n    ")),\n"
            text += "     \(list(network.biases(index))), \"\(layer.activation.rawValue)\"),\n"
        }
        return text
    }

    /// The optimizer's state per parameter tensor in PyTorch's state_dict
    /// layout, numbered as `groups` lists them (every W, then every b); empty
    /// before the first step, and always for plain SGD, which keeps none.
    static func optimizerState(_ network: Network, settings s: Settings, optimizer: Optimizer) -> String {
        guard optimizer.stepCount > 0 && s.optimizer != .sgd else { return "" }
        let (first, second) = optimizer.state
        func tensor(_ buffer: [Double], _ index: Int, weights: Bool) -> String {
            let layer = network.layers[index]
            if weights {
                let m = Matrix(rows: layer.inputs, columns: layer.outputs, storage: Array(buffer[layer.weightOffset..<(layer.weightOffset + layer.weightCount)]))
                return "torch.tensor(\(rows(m).replacingOccurrences(of: "\n", with: "\n        ")))"
            }
            return "torch.tensor(\(list(Array(buffer[layer.biasOffset..<(layer.biasOffset + layer.outputs)]))))"
        }
        var state = ""
        var index = 0
        for weights in [true, false] {
            for l in network.layers.indices {
                switch s.optimizer {
                case .adam:
                    state += "    \(index): {\"step\": torch.tensor(\(optimizer.stepCount).0),\n"
                    state += "        \"exp_avg\": \(tensor(first, l, weights: weights)),\n"
                    state += "        \"exp_avg_sq\": \(tensor(second, l, weights: weights))},\n"
                default:
                    state += "    \(index): {\"momentum_buffer\": \(tensor(first, l, weights: weights))},\n"
                }
                index += 1
            }
        }
        return state
    }

    static func optimizerConstructor(_ s: Settings) -> String {
        switch s.optimizer {
        case .sgd: "torch.optim.SGD(groups, lr=\(number(s.learningRate)))"
        case .momentum: "torch.optim.SGD(groups, lr=\(number(s.learningRate)), momentum=\(number(s.momentum)))"
        case .nesterov: "torch.optim.SGD(groups, lr=\(number(s.learningRate)), momentum=\(number(s.momentum)), nesterov=True)"
        case .adam: "torch.optim.Adam(groups, lr=\(number(s.learningRate)), betas=(0.9, 0.999), eps=1e-08)"
        }
    }
}
