import BackpropCore

/// `freeze` and `unfreeze`: which parameters step and train may change.
/// The mask is the network's (`Network.frozen`): undo brings it back,
/// `save model` keeps it, `export pytorch` turns it into requires_grad_(False).
enum FreezeCommands {
    static let targets = "PARAM|wL|bL|weights|biases|layer L|all"
    static let words = ["weights", "biases", "layer", "all"]

    static let all: [Command] = [
        Command("freeze", group: "Network", syntax: "freeze \(targets) …",
                summary: "hold parameters fixed: step and train leave them (and their optimizer state) as they are",
                example: "freeze biases",
                details: """
                Names one or more: a weight w2[1,2] or bias b1[3], a whole W or b (w1, b2), every weight or \
                every bias (weights, biases), all of layer L (layer 2), or all. grad, check and paths still \
                compute their gradients; show and show net mark them; save model keeps them and export \
                pytorch exports them with requires_grad_(False). `set` and `init` still change them; a new \
                `net` starts with none frozen.
                """,
                completion: .after { _ in .either([.choices(words), .parameters]) }, changesState: true) { context, args in
            try context.changeFrozen(args, freezing: true)
        },
        Command("unfreeze", group: "Network", syntax: "unfreeze \(targets) …",
                summary: "let step and train change frozen parameters again",
                example: "unfreeze all",
                details: "Takes the same names as `freeze`.",
                completion: .after { _ in .either([.choices(words), .parameters]) }, changesState: true) { context, args in
            try context.changeFrozen(args, freezing: false)
        },
    ]

    /// The parameter indices named by `words` (see `freeze`'s help).
    static func indices(_ words: [Token], in network: Network) throws -> [Int] {
        var indices: [Int] = []
        var rest = words[...]
        while let word = rest.popFirst() {
            switch word.text.lowercased() {
            case "all": indices += Array(network.parameters.indices)
            case "weights": indices += (1...network.depth).flatMap { ParameterReference.weightLayer($0).parameterIndices(in: network) }
            case "biases": indices += (1...network.depth).flatMap { ParameterReference.biasLayer($0).parameterIndices(in: network) }
            case "layer":
                guard let number = rest.popFirst() else { throw LabError("column \(word.column): layer needs its number, e.g. `layer 1`") }
                let l = try Arguments.parseInt(number.text, name: "layer", column: number.column, in: 1...network.depth)
                indices += ParameterReference.weightLayer(l).parameterIndices(in: network) + ParameterReference.biasLayer(l).parameterIndices(in: network)
            default:
                let reference: ParameterReference
                do { reference = try ParameterReference(parsing: word.text, in: network) } catch {
                    throw LabError("column \(word.column): \(error.userMessage) (or one of: \(Self.words.joined(separator: ", ")))")
                }
                let named = reference.parameterIndices(in: network)
                guard !named.isEmpty else { throw LabError("column \(word.column): \(word.text) is an input, not a parameter") }
                indices += named
            }
        }
        return indices
    }
}

extension CommandContext {
    func changeFrozen(_ args: Arguments, freezing: Bool) throws {
        var network = try requireNetwork()
        let verb = freezing ? "freeze" : "unfreeze"
        guard !args.words.isEmpty else { throw args.missing("what to \(verb): e.g. `\(verb) biases`, `\(verb) w1[1,1]`") }
        let indices = try FreezeCommands.indices(args.words, in: network)
        let changed = freezing ? network.frozen.insert(indices) : network.frozen.remove(indices)
        state.network = network
        let total = Format.count(network.parameters.count, "parameter")
        let now = network.frozen.isEmpty ? "none of the \(total) is frozen"
            : "frozen now: \(network.frozen.names(in: network).joined(separator: ", ")) (\(network.frozen.count) of \(total))"
        print("\(freezing ? "froze" : "unfroze") \(Format.count(changed, "parameter")); \(now)")
    }
}
