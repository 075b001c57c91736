import BackpropCore

/// The heart of bplab: grad, delta, paths, check, cost.
enum DerivativeCommands {
    static let sampleOption = OptionSpec("sample", "explain one training sample (1-based) instead of the batch mean",
                                         .whole(1...Int.max), placeholder: "K")

    static let all: [Command] = [
        Command("grad", group: "Derivatives", syntax: "grad PARAM",
                summary: "dE/dPARAM with the chain rule written out in the network's numbers",
                example: "grad w1[1,1]",
                details: """
                PARAM is a weight w2[1,2], a bias b1[3] or an input x[1]; a whole layer (grad w1, grad b2) \
                prints its gradient matrix. The value is the mean over the training samples; the chain rule \
                is written out top-down for one sample, and a central finite difference checks it.
                """,
                options: [sampleOption], completion: .at(.parameters)) { context, args in
            try args.expectAtMost(1)
            let (network, data) = try context.requireNetworkAndData()
            let reference = try context.parameterReference(args, network: network)
            let sample = try context.sampleIndex(args, data: data)
            // The batch's pass, and for one value the finite difference's own, with copies of the samples.
            let passes: Double
            switch reference {
            case .weightLayer, .biasLayer, .inputs: passes = 1
            default: passes = 2
            }
            let samples = sample == nil ? data.train.count : 1
            try context.requireMemory(passes * Propagation.byteCount(shapeOf: network, capacity: samples)
                                      + Double(samples * (network.inputSize + network.outputSize) * 16),
                                      for: "grad over \(Format.count(samples, "sample"))", change: "add sample=K for one sample")
            switch reference {
            case .weightLayer, .biasLayer, .inputs:
                context.printGradientMatrix(reference, network: network, data: data, sample: sample)
            default:
                let explanation = try GradientExplanation(network: network, reference: reference, inputs: data.train.inputs,
                                                          targets: data.train.targets, sample: sample)
                context.print(lines: GradientText(format: context.format).lines(explanation))
            }
        },
        Command("delta", group: "Derivatives", syntax: "delta [L]",
                summary: "the deltas d = dE/dz of one layer or every layer",
                example: "delta 1",
                details: "Each row is one sample's own deltas (the batch gradient is the mean of the samples' gradients).",
                options: [sampleOption]) { context, args in
            try args.expectAtMost(1)
            let (network, data) = try context.requireNetworkAndData()
            let layers = args.words.isEmpty ? Array(1...network.depth)
                : [try args.int(at: 0, name: "layer", in: 1...network.depth)]
            let rows = try context.sampleIndex(args, data: data).map { [$0] } ?? Array(0..<min(data.train.count, 10))
            context.printDeltas(network, data: data, layers: layers, samples: rows)
        },
        Command("paths", group: "Derivatives", syntax: "paths PARAM",
                summary: "every path from a parameter to the loss, and their sum (= grad)",
                example: "paths w1[1,1]",
                details: """
                Each path is a product of local derivatives (a_prev, f'(z), w, …, dE/do); their sum is the \
                gradient. A weight of layer l has as many paths as the product of the widths after l — \
                past limit= (default \(PathExpansion.defaultLimit)) bplab says how many instead.
                """,
                options: [OptionSpec("limit", "list at most this many paths", .whole(1...100_000), default: "\(PathExpansion.defaultLimit)"), sampleOption],
                completion: .at(.parameters)) { context, args in
            try args.expectAtMost(1)
            let (network, data) = try context.requireNetworkAndData()
            let reference = try context.parameterReference(args, network: network)
            let limit = try args.int("limit", default: PathExpansion.defaultLimit)
            let k = try context.sampleIndex(args, data: data) ?? 0
            let expansion = try PathExpansion(network: network, reference: reference, input: data.train.inputs.row(k),
                                              target: data.train.targets.row(k), limit: limit)
            context.print("paths for sample \(k + 1):")
            context.print(lines: PathText(format: context.format).lines(expansion))
        },
        Command("check", group: "Derivatives", syntax: "check",
                summary: "finite-difference check of every parameter, worst relative error per layer",
                example: "check eps=1e-5",
                details: """
                A layer is flagged when backprop and the difference disagree by more than \
                \(FiniteDifference.describe(GradientCheck.flagThreshold)) relative and by more than the difference's \
                rounding noise (100 rounding steps of E over 2ε, plus ε²): small gradients in deep networks show that \
                noise without anything being wrong. Layers whose gradients are all below ten times the noise are \
                reported as below resolution.
                """,
                options: [OptionSpec("eps", "step of the central difference", .real(1e-12...1),
                                     default: Format.number(FiniteDifference.defaultEpsilon))]) { context, args in
            try args.expectAtMost(0)
            let (network, data) = try context.requireNetworkAndData()
            let eps = try args.double("eps", default: FiniteDifference.defaultEpsilon)
            let cost = 2 * Double(network.parameters.count) * Double(data.train.count) * Double(CostModel(network).forward.exactValue ?? Int.max)
            guard cost < 5e9 else {
                throw LabError("checking every parameter needs about \(LargeCount(cost)) multiply-adds; use `grad PARAM` for single parameters")
            }
            try context.requireMemory(Propagation.byteCount(shapeOf: network, capacity: data.train.count),
                                      for: "check over \(Format.count(data.train.count, "sample"))",
                                      change: "use `grad PARAM sample=K` for single parameters")
            guard let check = GradientCheck(network: network, inputs: data.train.inputs, targets: data.train.targets, epsilon: eps,
                                            shouldStop: context.stopRequested) else { throw LabError.stopped }
            context.print("finite-difference check of \(Format.count(network.parameters.count, "parameter")) over \(Format.count(data.train.count, "sample")) (ε = \(FiniteDifference.describeEpsilon(eps))):")
            context.printCheck(check)
        },
        Command("cost", group: "Derivatives", syntax: "cost",
                summary: "multiply-adds for one full gradient: backprop vs perturbation vs path expansion",
                example: "cost",
                details: "The answer, in numbers, to \"why not just write the error in terms of the inputs and differentiate?\".") { context, args in
            try args.expectAtMost(0)
            let network = try context.requireNetwork()
            let cost = CostModel(network)
            context.print("one gradient of E for all \(Format.count(cost.parameterCount, "parameter")), one sample (forward pass: \(cost.forward) multiply-adds):")
            let rows: [[String]] = [
                ["backprop: 1 forward + 1 backward pass", "\(cost.backprop)", "×1"],
                ["one perturbation per parameter (forward mode)", "\(cost.perturbation)", cost.perturbation.ratio(to: cost.backprop)],
                ["central differences (2 passes per parameter)", "\(cost.centralDifferences)", cost.centralDifferences.ratio(to: cost.backprop)],
                ["expand E along every path: \(cost.pathTerms) terms", "\(cost.pathMultiplications)", cost.pathMultiplications.ratio(to: cost.backprop)],
            ]
            context.print(lines: Format.table(rows, header: ["method", "multiply-adds", "vs backprop"]))
        },
    ]
}

extension CommandContext {
    func parameterReference(_ args: Arguments, network: Network) throws -> ParameterReference {
        guard let word = args.words.first else {
            throw LabError("missing parameter: e.g. w1[1,1], b2[1], x[1] (layers 1…\(network.depth))")
        }
        do { return try ParameterReference(parsing: word.text, in: network) } catch {
            throw LabError("column \(word.column): \(error.userMessage)")
        }
    }

    /// The 0-based sample of `sample=K`, if given.
    func sampleIndex(_ args: Arguments, data: LabData) throws -> Int? {
        guard args.has("sample") else { return nil }
        return try args.int("sample", default: 1, within: 1...data.train.count) - 1
    }

    func printGradientMatrix(_ reference: ParameterReference, network: Network, data: LabData, sample: Int?) {
        let rows = sample.map { [$0] } ?? Array(0..<data.train.count)
        let pass = Propagation(shapeOf: network, capacity: rows.count)
        pass.forward(network, inputs: data.train.inputs.rows(rows), targets: data.train.targets.rows(rows))
        pass.backward(network)
        let what = sample.map { "sample \($0 + 1)" } ?? "mean over \(Format.count(rows.count, "sample"))"
        switch reference {
        case .weightLayer(let l):
            let shape = network.layers[l - 1]
            let values = (0..<shape.inputs).map { i in (0..<shape.outputs).map { pass.gradients[shape.weightIndex(from: i, to: $0)] } }
            print("dE/dW\(l) (\(what)): row i = neuron of layer \(l - 1), column j = neuron of layer \(l)")
            print(lines: Format.matrix(values, digits: state.settings.precision))
        case .biasLayer(let l):
            let shape = network.layers[l - 1]
            print("dE/db\(l) (\(what)) = \(format((0..<shape.outputs).map { pass.gradients[shape.biasIndex($0)] }))")
        default:
            let values = (0..<network.inputSize).map { i in (0..<rows.count).reduce(0.0) { $0 + pass.inputGradient(sample: $1, input: i) } }
            print("dE/dx (\(what)) = \(format(values))")
        }
    }

    /// The table of `check` and what it means: flagged layers, layers that
    /// agree only within the rounding noise, layers too small to check.
    func printCheck(_ check: GradientCheck) {
        let limit = FiniteDifference.describe(GradientCheck.flagThreshold)
        let noise = FiniteDifference.describe(check.noise)
        let rows = check.layers.map { result in
            [result.worstRelativeError.map(FiniteDifference.describe) ?? "below resolution", result.worstParameter,
             format(result.gradient), format(result.estimate),
             result.isFlagged ? "← above \(limit)" : result.isWithinNoise ? "within rounding noise" : ""]
        }
        print(lines: Format.table(rows, header: ["worst rel. error", "at", "backprop", "finite diff.", ""],
                                  rowLabels: check.layers.map { "layer \($0.layer)" }))
        let flagged = check.layers.filter(\.isFlagged).count
        let withinNoise = check.layers.contains(where: \.isWithinNoise)
        let unresolved = check.layers.filter { $0.worstRelativeError == nil }.count
        if flagged > 0 {
            print("\(Format.count(flagged, "layer")) above \(limit) and beyond the difference's rounding noise (about \(noise)): look for relu kinks or a bug")
        } else {
            print("every layer\(unresolved > 0 ? " it can resolve" : "") agrees within \(limit)"
                  + (withinNoise ? ", or within the rounding noise of a difference of E (about \(noise))" : ""))
        }
        if unresolved > 0 {
            print("below resolution: in \(Format.count(unresolved, "layer")) every gradient is under about \(FiniteDifference.describe(check.smallestCheckable)), "
                  + "too small for a difference of E to check; backprop alone sees them")
        }
    }

    func printDeltas(_ network: Network, data: LabData, layers: [Int], samples: [Int]) {
        let pass = Propagation(shapeOf: network, capacity: 1)
        var perLayer = Dictionary(uniqueKeysWithValues: layers.map { ($0, [[Double]]()) })
        for r in samples {
            pass.forward(network, inputs: data.train.inputs.rows([r]), targets: data.train.targets.rows([r]))
            pass.backward(network)
            for l in layers { perLayer[l]!.append(pass.deltas(layer: l).row(0)) }
        }
        for l in layers {
            print("d\(l) = dE/dz\(l), one row per sample:")
            print(lines: Format.table(perLayer[l]!.map { $0.map(format) },
                                      header: (1...network.width(ofLayer: l)).map { "j=\($0)" },
                                      rowLabels: samples.map { "sample \($0 + 1)" }))
        }
        if samples.count < data.train.count && samples.count > 1 {
            print("(first \(samples.count) of \(data.train.count) samples; sample=K for another)")
        }
    }
}
