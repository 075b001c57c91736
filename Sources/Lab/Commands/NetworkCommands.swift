import BackpropCore

/// Commands that build and initialise the network: net, layer, loss, init.
enum NetworkCommands {
    static let activationNames = Activation.allCases.map(\.rawValue)
    static let initializerNames = ["xavier", "he", "uniform(", "zeros"]

    static let all: [Command] = [
        Command("net", group: "Network", syntax: "net INPUTS [SIZE:ACTIVATION | SIZExCOUNT:ACTIVATION …]",
                summary: "build a whole network in one line, input size first",
                example: "net 2 4:tanh 1:sigmoid",
                details: """
                Each layer is SIZE:ACTIVATION (activation: \(activationNames.joined(separator: ", ")); \
                sigmoid when omitted); SIZExCOUNT:ACTIVATION is COUNT such layers, as `show net` prints \
                them (`net 16 16x99:sigmoid 1` is 16-16×99-1). The network is initialised with the current `init` \
                (xavier, seed 1 unless changed). The loss stays while the output activation \
                stays; otherwise it becomes ce for a softmax output and mse for the rest.
                """,
                completion: .after { $0.isEmpty ? .none : .layers }, changesState: true) { context, args in
            guard let first = args.words.first else { throw args.missing("input size") }
            let inputs = try Arguments.parseInt(first.text, name: "input size", column: first.column, in: 1...Network.maximumWidth)
            let specs = try args.words.dropFirst().flatMap(parseLayers)
            try context.rebuild(inputSize: inputs, specs: specs)
        },
        Command("layer", group: "Network", syntax: "layer SIZE [ACTIVATION]",
                summary: "append one layer to the network (and re-initialise it)",
                example: "layer 4 tanh",
                completion: .at(.none, .choices(activationNames)), changesState: true) { context, args in
            try args.expectAtMost(2)
            guard let network = context.state.network else {
                throw LabError("no network yet: give the input size first, e.g. `net 2`")
            }
            let size = try args.int(at: 0, name: "layer size", in: 1...Network.maximumWidth)
            let activation = try args.words.count > 1 ? parseActivation(args.words[1]) : .sigmoid
            try context.rebuild(inputSize: network.inputSize, specs: network.specs + [(size, activation)])
        },
        Command("loss", group: "Network", syntax: "loss mse|bce|ce",
                summary: "choose the loss (help loss shows the formulas)",
                example: "loss bce",
                details: Loss.allCases.map { "\($0.rawValue): \($0.formula)" }.joined(separator: "\n"),
                completion: .at(.choices(Loss.allCases.map(\.rawValue))), changesState: true) { context, args in
            try args.expectAtMost(1)
            guard let word = args.words.first else {
                context.print("loss \(context.state.network?.loss.rawValue ?? "mse")")
                return
            }
            let loss: Loss
            do { loss = try Loss(name: word.text) } catch { throw LabError("column \(word.column): \(error.userMessage)") }
            guard var network = context.state.network else { throw LabError("no network yet: build one first, e.g. `net 2 4:tanh 1:sigmoid`") }
            network = try network.with(loss: loss)
            context.state.network = network
            context.print("loss \(loss.rawValue): \(loss.formula)")
        },
        Command("init", group: "Network", syntax: "init xavier|he|uniform(a)|uniform(lo,hi)|zeros",
                summary: "re-initialise every weight (biases to 0) from the seeded generator",
                example: "init uniform(-0.5,0.5) seed=3",
                details: """
                One SplitMix64 stream fills the layers in order, each W row-major: xavier draws \
                (2u−1)·√(6/(fan_in+fan_out)), he (2u−1)·√(6/fan_in), uniform(lo,hi) lo+(hi−lo)·u. \
                The choice and seed are remembered for the next `net`.
                """,
                options: [SettingOptions.seed],
                completion: .at(.choices(initializerNames)), changesState: true) { context, args in
            try args.expectAtMost(1)
            var settings = context.state.settings
            if let word = args.words.first {
                try checkBounds(of: word)
                do { settings.initializer = try Initializer(name: word.text) } catch {
                    throw LabError("column \(word.column): \(error.userMessage)")
                }
            }
            try args.applySettings(to: &settings)
            context.state.settings = settings
            guard var network = context.state.network else {
                context.print("init \(settings.initializer) seed=\(settings.seed) (used by the next `net`)")
                return
            }
            settings.initializer.initialize(&network, seed: settings.seed)
            context.state.network = network
            context.state.weights = WeightHistory(.initialized("\(settings.initializer) seed \(settings.seed)"))
            context.state.networkKeepsMapping = false
            context.state.trainingHistory = []
            context.resetTrainer()
            context.print("initialised \(Format.count(network.parameters.count, "parameter")): \(settings.initializer), seed \(settings.seed)")
        },
    ]

    /// The numbers of `uniform(lo,hi)` as every number is read (`NumberSyntax`,
    /// with its message and a caret under the one at fault) before the
    /// initialiser takes them: Swift's `Double` alone would take hexadecimal.
    static func checkBounds(of word: Token) throws {
        let text = word.text
        guard text.lowercased().hasPrefix("uniform("), text.hasSuffix(")") else { return }
        var column = word.column + "uniform(".count
        for part in text.dropFirst("uniform(".count).dropLast().split(separator: ",", omittingEmptySubsequences: false) {
            _ = try NumberSyntax.finite(String(part), name: "uniform's bound", column: column)
            column += part.count + 1
        }
    }

    /// Layers repeated in one word are at most this many (deeper stacks: several words).
    static let maximumRepeat = 10_000

    /// `SIZE:ACTIVATION` or `SIZE`, or `SIZExCOUNT[:ACTIVATION]` (also `×`): COUNT equal layers.
    static func parseLayers(_ token: Token) throws -> [(outputs: Int, activation: Activation)] {
        let parts = token.text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let shape = parts[0].split(omittingEmptySubsequences: false) { $0 == "x" || $0 == "X" || $0 == "×" }
        guard shape.count <= 2 else {
            throw LabError("column \(token.column): a layer is SIZE:ACTIVATION or SIZExCOUNT:ACTIVATION, got '\(Arguments.clip(token.text))'")
        }
        let size = try Arguments.parseInt(String(shape[0]), name: "layer size", column: token.column, in: 1...Network.maximumWidth)
        let count = shape.count == 2 ? try Arguments.parseInt(String(shape[1]), name: "layer count",
                                                              column: token.column + shape[0].count + 1, in: 1...maximumRepeat) : 1
        let activation = parts.count == 2 ? try parseActivation(Token(String(parts[1]), column: token.column + parts[0].count + 1)) : .sigmoid
        return Array(repeating: (size, activation), count: count)
    }

    static func parseActivation(_ token: Token) throws -> Activation {
        do { return try Activation(name: token.text) } catch {
            throw LabError("column \(token.column): \(error.userMessage)")
        }
    }
}

extension CommandContext {
    /// Replaces the network with one of the given shape, initialised with the
    /// current initialiser and seed; keeps the loss when it fits.
    func rebuild(inputSize: Int, specs: [(outputs: Int, activation: Activation)]) throws {
        // Keep the loss while the output activation stays; otherwise pick the
        // natural one: ce for softmax, mse for the rest.
        let output = specs.last?.activation
        var loss = output == .softmax ? Loss.ce : .mse
        if let previous = state.network, previous.layers.last?.activation == output,
           let output, (try? previous.loss.validate(outputActivation: output)) != nil {
            loss = previous.loss
        }
        // The parameters, the copy undo keeps and one being initialised (sizes already bounded, no overflow).
        let parameters = zip([inputSize] + specs.map(\.outputs), specs).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1.outputs) }
        try requireMemory(24 * parameters, for: "a network of \(LargeCount(parameters)) parameters", change: "use fewer or narrower layers")
        var network = try Network(inputSize: inputSize, layers: specs, loss: loss)
        state.settings.initializer.initialize(&network, seed: state.settings.seed)
        // A new network learns from the data as it is: its scaling is fitted
        // afresh on the training split (not kept from an earlier network).
        var notice: String?
        if let data = state.data {
            let refitted = data.with()
            if refitted.mapping != data.mapping, refitted.normalizationKind != .none {
                notice = "input scaling \(refitted.normalizationKind.rawValue) refitted on the training split for the new network"
            }
            state.data = refitted
            if refitted.train.inputs.columns == inputSize { network.inputMapping = refitted.mapping }
        }
        state.network = network
        state.weights = WeightHistory(.initialized("\(state.settings.initializer) seed \(state.settings.seed)"))
        state.networkKeepsMapping = false
        state.trainingHistory = []
        state.focus = nil
        resetTrainer()
        print(describe(network))
        if let notice { print(notice) }
    }

    /// One line: shape, layers, loss, parameter count, what the weights are (`WeightHistory`). Runs
    /// of equal layers are folded ("16×99", "layers 1–99: 16 sigmoid") so a
    /// 100-layer network still fits one line.
    func describe(_ network: Network) -> String {
        let layers = NetworkCommands.layerRunText(network)
        let s = state.settings
        let weights = state.weights?.description ?? "init \(s.initializer) seed \(s.seed)"
        return "network \(NetworkCommands.shape(network)): " + (layers.isEmpty ? "no layers yet" : layers.joined(separator: ", "))
            + "; loss \(network.loss.rawValue); \(Format.count(network.parameters.count, "parameter"))"
            + (network.parameters.isEmpty ? "" : ", \(weights)")
    }
}

extension NetworkCommands {
    /// The runs of equal layers (width and activation), 0-based: how `show
    /// net` folds a deep network.
    static func layerRuns(_ network: Network) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = [], start = 0
        while start < network.layers.count {
            let layer = network.layers[start]
            var end = start
            while end + 1 < network.layers.count, network.layers[end + 1].outputs == layer.outputs,
                  network.layers[end + 1].activation == layer.activation { end += 1 }
            runs.append(start...end)
            start = end + 1
        }
        return runs
    }

    /// `layers 1–99: 16 sigmoid`, `layer 100: 1 sigmoid`: each run in words.
    static func layerRunText(_ network: Network) -> [String] {
        layerRuns(network).map { run in
            let layer = network.layers[run.lowerBound]
            return (run.count == 1 ? "layer \(run.lowerBound + 1)" : "layers \(run.lowerBound + 1)–\(run.upperBound + 1)")
                + ": \(layer.outputs) \(layer.activation.rawValue)"
        }
    }

    /// `16-16×99-1`: the widths, runs of more than two equal layers folded.
    static func shape(_ network: Network) -> String {
        let widths = layerRuns(network).map { run -> String in
            let width = network.layers[run.lowerBound].outputs
            return run.count > 2 ? "\(width)×\(run.count)" : Array(repeating: "\(width)", count: run.count).joined(separator: "-")
        }
        return (["\(network.inputSize)"] + widths).joined(separator: "-")
    }
}
