import BackpropCore

/// `show`: the network, its parameters, the values of the last forward pass, settings, data.
enum ShowCommand {
    static let topics = ["net", "weights", "config", "data"]

    static let all: [Command] = [
        Command("show", group: "Network", syntax: "show net | weights [L] | w2 | b1 | z1 | a1 | d1 | config | data [N]",
                summary: "print the network, parameters, layer values, settings or data",
                example: "show w1",
                details: """
                z1, a1 and d1 are the net inputs, outputs and deltas (dE/dz) of layer 1 for the sample of \
                the last `forward` (with a target for d), or for the training samples when there was none. \
                Each delta is its sample's own (n = 1), as `delta` prints it.
                """,
                completion: .at(.either([.choices(topics), .parametersAndInputs, .layerValues]))) { context, args in
            try args.expectAtMost(2)
            let topic = args.words.first?.text.lowercased() ?? "net"
            switch topic {
            case "net", "network":
                context.showNetwork(try context.requireNetwork())
            case "weights":
                let network = try context.requireNetwork()
                let layers = args.words.count > 1 ? [try args.int(at: 1, name: "layer", in: 1...network.depth)] : Array(1...network.depth)
                let cells = layers.reduce(0) { $0 + network.layers[$1 - 1].weightCount }
                try context.requireMemory(40 * Double(cells), for: "show weights: \(LargeCount.grouped(cells)) weights as text",
                                          change: "show single weights (show w1[1,1]) or plot weights")
                for l in layers {
                    context.showParameters(.weightLayer(l), network)
                    context.showParameters(.biasLayer(l), network)
                }
            case "config", "settings":
                context.showConfig()
            case "data":
                let data = try context.requireData()
                context.showData(data, rows: try args.int(at: 1, name: "N", default: 5, in: 0...1_000_000))
            default:
                let network = try context.requireNetwork()
                let word = args.words[0]
                if let kind = topic.first, "zad".contains(kind), let layer = Int(topic.dropFirst()) {
                    guard (0...network.depth).contains(layer) else {
                        throw LabError("column \(word.column): the network has layers 0…\(network.depth)")
                    }
                    try context.showLayerValues(kind, layer: layer, network)
                    return
                }
                let reference: ParameterReference
                do { reference = try ParameterReference(parsing: word.text, in: network) } catch {
                    throw LabError("column \(word.column): \(error.userMessage) (or one of: \(topics.joined(separator: ", ")), z1, a1, d1)")
                }
                if case .weightLayer(let l) = reference {
                    try context.requireMemory(40 * Double(network.layers[l - 1].weightCount), for: "show \(reference) as text",
                                              change: "show single weights (show w1[1,1]) or plot weights")
                }
                context.showParameters(reference, network)
            }
        },
    ]
}

extension CommandContext {
    func showNetwork(_ network: Network) {
        print(describe(network))
        var rows: [[String]] = [["0", "\(network.inputSize)", "input", "", ""]]
        for (index, layer) in network.layers.enumerated() {
            rows.append(["\(index + 1)", "\(layer.outputs)", layer.activation.rawValue,
                         "W\(index + 1) \(layer.inputs)×\(layer.outputs)", "b\(index + 1) \(layer.outputs)"])
        }
        print(lines: Format.table(rows, header: ["layer", "neurons", "activation", "weights", "biases"]))
        print(lines: inputLines(network))
        if !network.frozen.isEmpty {
            print("frozen (step and train leave them as they are): \(network.frozen.names(in: network).joined(separator: ", "))")
        }
    }

    /// What the network stores besides its layers: how raw inputs become its
    /// inputs, and the names of its classes.
    func inputLines(_ network: Network) -> [String] {
        var lines: [String] = []
        let mapping = network.inputMapping
        if !mapping.features.isEmpty {
            lines.append("inputs: \(mapping.features.map(\.description).joined(separator: " ")) of \(Format.count(mapping.rawInputs, "raw input"))")
        }
        if let scaling = mapping.normalization { lines.append("inputs scaled: \(scaling.kind.rawValue)") }
        if !network.classNames.isEmpty { lines.append("classes: \(network.classNames.map(Printable.text).joined(separator: ", "))") }
        return lines
    }

    func showParameters(_ reference: ParameterReference, _ network: Network) {
        let indices = reference.parameterIndices(in: network)
        switch reference {
        case .weightLayer(let l):
            let s = network.layers[l - 1]
            print("W\(l) (\(s.inputs)×\(s.outputs)): row i = neuron of layer \(l - 1), column j = neuron of layer \(l)")
            printMatrix(network.weights(l - 1).rowArrays)
            if let note = frozenNote(indices, network) { print("  " + note) }
        case .biasLayer(let l):
            print("b\(l) = \(format(indices.map { network.parameters[$0] }))" + (frozenNote(indices, network).map { "  (\($0))" } ?? ""))
        case .input, .inputs:
            print("\(reference): inputs come from the data (see `forward`)")
        default:
            print("\(reference) = \(format(network.parameters[indices[0]]))" + (frozenNote(indices, network).map { "  (\($0))" } ?? ""))
        }
    }

    /// "frozen", "frozen: w1[1,2], w1[2,1]": which of `indices` step and train leave as they are.
    private func frozenNote(_ indices: [Int], _ network: Network) -> String? {
        let frozen = indices.filter(network.frozen.contains)
        guard !frozen.isEmpty else { return nil }
        let names = ParameterReference.names(of: network)
        return frozen.count == indices.count ? "frozen" : "frozen: " + frozen.map { names[$0] }.joined(separator: ", ")
    }

    func showConfig() {
        var rows = SetCommand.settings.map { [$0.key, $0.setting?.read(state.settings) ?? "", $0.summary] }
        rows.append(["init", "\(state.settings.initializer)", "initialiser used by net, layer and init"])
        print(lines: Format.table(rows, indent: ""))
    }

    /// The widest a table of samples is printed.
    static let tableWidth = 79

    /// The raw samples (as loaded, before features and scaling), with class names for class targets.
    func showData(_ data: LabData, rows: Int) {
        let raw = data.rawTrain
        print("data \(data.source): \(dataSummary(data))")
        let classes = !raw.classNames.isEmpty && Metrics.isClassification(targets: raw.targets)
        func classIndex(_ r: Int) -> Int { raw.targets.columns == 1 ? Int(raw.targets[r, 0]) : argmax(raw.targets.row(r)) }
        func label(_ r: Int) -> String {
            let k = classIndex(r)
            return k < raw.classNames.count ? Printable.text(raw.classNames[k]) : String(k)
        }
        if classes {
            var counts: [Int: Int] = [:]
            for r in 0..<raw.count { counts[classIndex(r), default: 0] += 1 }
            print(raw.classNames.enumerated().map { "class \(Printable.text($1)): \(counts[$0] ?? 0)" }.joined(separator: ", "))
        }
        let shown = min(rows, raw.count)
        guard shown > 0 else { return }
        let targetHeader = classes ? ["class"] : (0..<raw.targets.columns).map { raw.targets.columns == 1 ? "target" : "e\($0 + 1)" }
        let targetCells = (0..<shown).map { r in classes ? [label(r)] : raw.targets.row(r).map(format) }
        let inputCells = (0..<shown).map { r in raw.inputs.row(r).map(format) }
        // As many input columns as fit in `width` characters, the targets always;
        // a note says what was left out.
        func table(width: Int) -> [String] {
            var inputs = raw.inputs.columns, table: [String] = []
            repeat {
                table = Format.table(zip(inputCells, targetCells).map { Array($0.prefix(inputs)) + $1 },
                                     header: raw.featureNames.prefix(inputs).map(Printable.text) + targetHeader,
                                     rowLabels: (1...shown).map { "\($0)" })
                inputs -= 1
            } while inputs >= 1 && table.contains { $0.count > width }
            let kept = inputs + 1
            if kept < raw.inputs.columns {
                table.append("  … \(raw.inputs.columns) inputs in all; showing the first \(kept) and the target to fit \(width) columns")
            }
            return table
        }
        // Recorded at 79 columns at every window width, so a transcript is the
        // same everywhere; a terminal shows what fits its width now.
        print(recorded: table(width: Self.tableWidth), laidOut: table)
        if shown < raw.count { print("  … \(raw.count - shown) more") }
    }

    /// z, a or d of one layer for the focus sample or the training samples.
    func showLayerValues(_ kind: Character, layer: Int, _ network: Network) throws {
        let inputs: Matrix, targets: Matrix?
        var what: String
        if let focus = state.focus, focus.input.count == network.inputSize, (focus.target?.count ?? network.outputSize) == network.outputSize {
            inputs = Matrix(rows: 1, columns: focus.input.count, storage: focus.input)
            targets = focus.target.map { Matrix(rows: 1, columns: $0.count, storage: $0) }
            what = "for x = \(format(focus.input))"
        } else {
            let (_, data) = try requireNetworkAndData()
            inputs = data.train.inputs
            targets = data.train.targets
            what = "for the \(Format.count(data.train.count, "training sample")), one per row"
        }
        if kind == "d" {
            guard targets != nil else { throw LabError("deltas need a target: `forward x… -> e…`") }
            guard layer >= 1 else { throw LabError("layer 0 is the input; it has no delta (see `grad x[1]`)") }
        }
        if kind != "a" && layer == 0 { throw LabError("layer 0 is the input: it has only a0 = x") }
        // The passes' buffers, and the printed table (about 40 bytes a number).
        let cells = Double(inputs.rows * network.width(ofLayer: layer))
        try requireMemory(Propagation.byteCount(shapeOf: network, capacity: inputs.rows, forwardOnly: kind != "d") + 40 * cells,
                          for: "show \(kind)\(layer) for \(Format.count(inputs.rows, "sample"))",
                          change: "`forward sample=K` first shows one sample's values")
        let propagation = Propagation(shapeOf: network, capacity: inputs.rows, forwardOnly: kind != "d")
        propagation.forward(network, inputs: inputs, targets: targets)
        let values: [[Double]]
        switch kind {
        case "z": values = propagation.netInputs(layer: layer).rowArrays; what = "z\(layer) " + what
        case "a": values = propagation.activations(layer: layer).rowArrays; what = "a\(layer) " + what
        default:
            // Each sample's own delta (n = 1), as `delta` prints it: the 1/n of the mean is grad's.
            values = Self.sampleDeltas(network, inputs: inputs, targets: targets!, rows: Array(0..<inputs.rows), layer: layer)
            what = "d\(layer) = dE/dz\(layer) per sample (each sample's own E, n = 1) " + what
        }
        print(what)
        printMatrix(values, rowName: "sample", columnName: "j")
    }
}
