import BackpropCore

/// The heart of bplab: grad, delta, paths, check, cost.
enum DerivativeCommands {
    static let all: [Command] = [
        Command("grad", group: "Derivatives", syntax: "grad PARAM",
                summary: "dE/dPARAM with the chain rule written out in the network's numbers",
                example: "grad w1[1,1]",
                details: """
                PARAM is a weight w2[1,2], a bias b1[3] or an input x[1]; a whole layer (grad w1, grad b2) \
                prints its gradient matrix. The value is the mean over the training samples (or the sample \
                of the last `forward` when no data is loaded); the chain rule is written out top-down for one \
                sample, and a central finite difference checks it. E is the one train descends: with l1/l2 \
                set, a weight's gradient adds l1·sign(w) + l2·w to the data term (penalty=no leaves it out).
                """,
                options: [DerivativeSamples.option, DerivativeSamples.penaltyOption], completion: .at(.parametersAndInputs)) { context, args in
            try args.expectAtMost(1)
            let network = try context.requireNetwork()
            let reference = try context.parameterReference(args, network: network)
            let samples = try context.derivativeSamples(args, network: network)
            // The batch's pass, and for one value the finite difference's own, with copies of the samples.
            let passes: Double
            switch reference {
            case .weightLayer, .biasLayer, .inputs: passes = 1
            default: passes = 2
            }
            let rows = samples.sample == nil ? samples.inputs.rows : 1
            try context.requireMemory(passes * Propagation.byteCount(shapeOf: network, capacity: rows)
                                      + Double(rows * (network.inputSize + network.outputSize) * 16),
                                      for: "grad over \(Format.count(rows, "sample"))", change: "add sample=K for one sample")
            let penalty = try context.derivativePenalty(args)
            try context.explainingNonFinite(samples) {
                switch reference {
                case .weightLayer, .biasLayer, .inputs:
                    try context.printGradientMatrix(reference, network: network, samples: samples, penalty: penalty)
                default:
                    let explanation = try GradientExplanation(network: network, reference: reference, inputs: samples.inputs,
                                                              targets: samples.targets, sample: samples.sample, penalty: penalty)
                    let text = GradientText(format: context.format, sampleName: samples.isForward ? samples.name : nil, penalty: penalty,
                                            frozen: reference.parameterIndices(in: network).contains(where: network.frozen.contains))
                    context.print(lines: text.lines(explanation))
                }
            }
        },
        Command("delta", group: "Derivatives", syntax: "delta [L]",
                summary: "the deltas d = dE/dz of one layer or every layer",
                example: "delta 1",
                details: """
                Each row is one sample's own deltas: d = dE/dz of that sample's own E, as if it were the only \
                one (n = 1). `show d1` prints the same numbers, and `grad` takes the mean of a·d over the \
                samples, so the 1/n of the batch mean is in the mean, never in d. On xor with `net 2 2 1`:
                  delta 2        sample 1  0.140152     d2[1] of sample 1 (n = 1)
                  grad w2[1,1]   = 0.0115557, the mean over 4 samples of [0.0700759  …], each a1[1]·d2[1]
                """,
                options: [DerivativeSamples.option]) { context, args in
            try args.expectAtMost(1)
            let network = try context.requireNetwork()
            let layers = args.words.isEmpty ? Array(1...network.depth)
                : [try args.int(at: 0, name: "layer", in: 1...network.depth)]
            let samples = try context.derivativeSamples(args, network: network)
            context.printDeltas(network, samples: samples, layers: layers)
        },
        Command("paths", group: "Derivatives", syntax: "paths PARAM",
                summary: "the paths from a parameter to the loss (the largest listed), and their sum (= grad)",
                example: "paths w1[1,1]",
                details: """
                Each path is a product of local derivatives (a_prev, f'(z), w, …, dE/do); their sum is the \
                gradient. Like `grad`, the paths are of the mean over the training samples (each path's product \
                averaged over them) unless sample= names one; limit=N lists the N paths of largest |product| and \
                sums up the rest. A weight of layer l has as many paths as the product of the widths after l — \
                past \(LargeCount(Double(PathExpansion.maximumWalked))) paths × samples bplab says how many instead.
                """,
                options: [OptionSpec("limit", "list the N paths of largest |product|; the rest are summed", .whole(1...100_000),
                                     default: "\(PathExpansion.defaultLimit)"),
                          DerivativeSamples.option, DerivativeSamples.penaltyOption],
                completion: .at(.parametersAndInputs)) { context, args in
            try args.expectAtMost(1)
            let network = try context.requireNetwork()
            let reference = try context.parameterReference(args, network: network)
            let limit = try args.int("limit", default: PathExpansion.defaultLimit)
            let (expansion, samples) = try context.pathExpansion(args, reference: reference, network: network, limit: limit)
            context.print(PathText.heading(expansion, samples: samples))
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
                reported as below resolution. A NaN or infinity in E, in backprop or in a difference is an error \
                that names where it first appears. E includes the l1/l2 penalty, as in train (penalty=no: the data term alone).
                """,
                options: [OptionSpec("eps", "step of the central difference", .real(1e-12...1),
                                     default: Format.number(FiniteDifference.defaultEpsilon)),
                          DerivativeSamples.option, DerivativeSamples.penaltyOption]) { context, args in
            try args.expectAtMost(0)
            let network = try context.requireNetwork()
            let eps = try args.double("eps", default: FiniteDifference.defaultEpsilon)
            let samples = try context.derivativeSamples(args, network: network)
            let penalty = try context.derivativePenalty(args)
            let (inputs, targets) = samples.sample.map { (samples.inputs.rows([$0]), samples.targets.rows([$0])) }
                ?? (samples.inputs, samples.targets)
            let cost = 2 * Double(network.parameters.count) * Double(inputs.rows) * Double(CostModel(network).forward.exactValue ?? Int.max)
            guard cost < 5e9 else {
                throw LabError("checking every parameter needs about \(LargeCount(cost)) multiply-adds; use `grad PARAM` for single parameters")
            }
            try context.requireMemory(Propagation.byteCount(shapeOf: network, capacity: inputs.rows),
                                      for: "check over \(Format.count(inputs.rows, "sample"))",
                                      change: "use `grad PARAM sample=K` for single parameters")
            let stopped = try context.explainingNonFinite(samples) {
                try GradientCheck(network: network, inputs: inputs, targets: targets, epsilon: eps, penalty: penalty,
                                  shouldStop: context.stopRequested)
            }
            guard let check = stopped else { throw LabError.stopped }
            let over = samples.sample == nil && !samples.isForward ? Format.count(inputs.rows, "sample") : samples.name
            let of = penalty.isZero ? "" : ", E with its l1/l2 penalty (penalty=no: the data term alone)"
            context.print("finite-difference check of \(Format.count(network.parameters.count, "parameter")) over \(over) (ε = \(FiniteDifference.describeEpsilon(eps)))\(of):")
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
    /// The paths of `reference` for the samples and E of `args` (`sample=`,
    /// `penalty=`): what `paths` lists and `plot paths` draws.
    func pathExpansion(_ args: Arguments, reference: ParameterReference, network: Network,
                       limit: Int) throws -> (PathExpansion, DerivativeSamples) {
        let samples = try derivativeSamples(args, network: network)
        let penalty = try derivativePenalty(args)
        let expansion = try explainingNonFinite(samples) {
            try PathExpansion(network: network, reference: reference, inputs: samples.inputs, targets: samples.targets,
                              sample: samples.sample, limit: limit, penalty: penalty)
        }
        return (expansion, samples)
    }

    func parameterReference(_ args: Arguments, network: Network) throws -> ParameterReference {
        guard let word = args.words.first else {
            throw LabError("missing parameter: e.g. w1[1,1], b2[1], x[1] (layers 1…\(network.depth))")
        }
        do { return try ParameterReference(parsing: word.text, in: network) } catch {
            throw LabError("column \(word.column): \(error.userMessage)")
        }
    }
}
