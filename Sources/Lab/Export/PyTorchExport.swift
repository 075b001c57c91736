import BackpropCore
import Foundation

/// `export pytorch FILE.py`: a runnable PyTorch script (float64 by default)
/// that continues this session's training exactly where bplab stopped, on one
/// process or under `torchrun` with DDP, and its numbers in `FILE.npz` beside
/// it: the parameters, the optimizer's state (momentum buffers, Adam's
/// moments), the shuffle's permutation, the training and test data and the
/// input mapping's scaling. The script holds the code and the settings and
/// checks the data file's SHA-256 before it trusts it; `python3 FILE.py N`
/// trains the N epochs `train N` would (see Resources/pytorch.py.template).
enum PyTorchExport {
    /// The network's frozen parameters (`freeze`) become the script's FROZEN.
    static func export(context: CommandContext, to path: String, overwrite: Bool) throws {
        let (network, data) = try context.requireNetworkAndData()
        // The trainer the next `train` would use: its optimizer state and shuffle are where bplab stopped.
        let trainer = try context.currentTrainer(for: network, data: data)
        try requireFinite(network: network, data: data, optimizer: trainer.optimizer)
        // Each number as text (up to 25 characters) in the script and in the copies that fill the template.
        let numbers = network.parameters.count * 3 + [data.train, data.test].compactMap { $0 }.reduce(0) { $0 + $1.inputs.storage.count + $1.targets.storage.count }
        try context.requireMemory(100 * Double(numbers), for: "export pytorch of \(LargeCount.grouped(numbers)) numbers",
                                  change: "export a smaller network or data set")
        let dataPath = self.dataPath(for: path)
        // Both checked before either is written, so a refusal leaves no half export.
        let scriptTarget = try context.writeTarget(path, overwrite: overwrite)
        let dataTarget = try context.writeTarget(dataPath, overwrite: overwrite, recordedAs: path)
        guard let bytes = arrays(network: network, data: data, trainer: trainer).data else {
            throw LabError("\(dataTarget.shown) would pass 4 GB, more than a .npz file holds without ZIP64")
        }
        let text = script(network: network, settings: context.state.settings, trainer: trainer,
                          scriptName: (path as NSString).lastPathComponent,
                          dataName: (dataPath as NSString).lastPathComponent, dataSHA256: bytes.sha256Hex,
                          frozen: network.frozen.indices)
        try FileWriter.write(bytes, to: dataTarget)
        try FileWriter.write(Data(text.utf8), to: scriptTarget)
        var what = "the network"
        let steps = trainer.optimizer.stepCount
        if steps > 0 && trainer.optimizer.settings.kind != .sgd { what += ", the optimizer's state after \(Format.count(steps, "step"))" }
        what += " and \(Format.count(data.train.count, "training sample"))" + (data.test.map { " (+\($0.count) test)" } ?? "")
        context.print("exported \(what) to \(scriptTarget.shown) and \(dataTarget.shown); run it with python3 or torchrun")
    }

    /// The data file beside the script: FILE.py → FILE.npz.
    static func dataPath(for script: String) -> String {
        let ns = script as NSString
        return (ns.pathExtension.lowercased() == "py" ? ns.deletingPathExtension : script) + ".npz"
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
    /// settings in its `${NAME}` places. The Python lives in its own file so it
    /// reads (and diffs) as Python; the numbers are in the data file.
    static func script(network: Network, settings s: Settings, trainer: Trainer,
                       scriptName: String, dataName: String, dataSHA256: String, frozen: [Int]) -> String {
        let mapping = network.inputMapping
        return fill(template, [
            "SCRIPT": scriptName.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? scriptName : "THIS.py",
            "DATA": pythonString(dataName), "DATA_SHA256": dataSHA256,
            "SIZES": "\([network.inputSize] + network.layers.map(\.outputs))",
            "ACTIVATIONS": "[" + network.layers.map { "\"\($0.activation.rawValue)\"" }.joined(separator: ", ") + "]",
            "LOSS": network.loss.rawValue, "BATCH": "\(s.batchSize)",
            "L1": number(s.l1), "L2": number(s.l2),
            "STEPS": "\(trainer.optimizer.stepCount)", "SHUFFLE_STATE": "\(trainer.shuffleState.generator.state)",
            "FROZEN": frozenParameters(frozen, in: network),
            "RAW_INPUTS": "\(mapping.rawInputs)", "FEATURES": features(mapping.features),
            "OPTIMIZER": optimizerConstructor(trainer.optimizer.settings),
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

    /// The shortest round-trip form, so Python reads back the same bits.
    static func number(_ x: Double) -> String { x == 0 ? "0.0" : "\(x)" }

    /// A Python string literal: quotes, backslashes and control characters escaped.
    static func pythonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "\"": literal += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value):
                literal += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// FEATURES: one function of the raw rows per network input, written as
    /// bplab computes it (a power as repeated products, so the bits agree).
    static func features(_ features: [FeatureTransform]) -> String {
        guard !features.isEmpty else { return "" }
        func column(_ i: Int) -> String { "x[:, \(i)]" }
        let lines = features.map { feature -> String in
            let body: String
            switch feature {
            case .column(let i): body = column(i)
            case let .power(i, k): body = Array(repeating: column(i), count: k).joined(separator: " * ")
            case let .product(i, j): body = "\(column(i)) * \(column(j))"
            case .sine(let i): body = "torch.sin(\(column(i)))"
            case .cosine(let i): body = "torch.cos(\(column(i)))"
            }
            return "    lambda x: \(body),  # \(feature)"
        }
        return "\n" + lines.joined(separator: "\n") + "\n"
    }

    /// FROZEN from indices into `network.parameters`: per tensor in PyTorch's
    /// names, "all" when every entry is frozen, else the entries' indices in
    /// nn.Linear's layout (weight[j][i] is bplab's W[i][j]).
    static func frozenParameters(_ indices: [Int], in network: Network) -> String {
        guard !indices.isEmpty else { return "{}" }
        let frozen = Set(indices)
        var entries: [String] = []
        for (l, layer) in network.layers.enumerated() {
            let weights = (0..<layer.inputs).flatMap { i in (0..<layer.outputs).map { j in (layer.weightIndex(from: i, to: j), "(\(j), \(i))") } }
            let biases = (0..<layer.outputs).map { j in (layer.biasIndex(j), "(\(j),)") }
            for (name, tensor) in [("weight", weights), ("bias", biases)] {
                let held = tensor.filter { frozen.contains($0.0) }.map(\.1)
                guard !held.isEmpty else { continue }
                entries.append("\"layers.\(l).\(name)\": " + (held.count == tensor.count ? "\"all\"" : "[" + held.joined(separator: ", ") + "]"))
            }
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    static func optimizerConstructor(_ s: OptimizerSettings) -> String {
        let lr = number(s.learningRate), momentum = number(s.momentum)
        switch s.kind {
        case .sgd: return "torch.optim.SGD(parameters, lr=\(lr))"
        case .momentum: return "torch.optim.SGD(parameters, lr=\(lr), momentum=\(momentum))"
        case .nesterov: return "torch.optim.SGD(parameters, lr=\(lr), momentum=\(momentum), nesterov=True)"
        case .adam: return "torch.optim.Adam(parameters, lr=\(lr), betas=(\(number(s.beta1)), \(number(s.beta2))), eps=\(number(s.epsilon)))"
        }
    }
}
