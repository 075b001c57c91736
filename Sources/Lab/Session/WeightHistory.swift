/// What the network's weights are, for the lines that describe the network
/// (`net`, `show net`, `load model`, `undo`): how they began — drawn by an
/// initialiser, or read from a model file — and what has changed them since
/// (training, steps, values set by hand). The settings' initialiser says only
/// how the next `net` draws; this says what the current weights went through.
public struct WeightHistory: Equatable, Sendable {
    public enum Start: Equatable, Sendable {
        /// "xavier seed 1"
        case initialized(String)
        /// The model file, as shown.
        case loaded(String)
    }

    public var start: Start
    public var epochs = 0
    public var steps = 0
    public var setByHand = false

    public init(_ start: Start) { self.start = start }

    /// "init xavier seed 1", "loaded from m.json, trained 300 epochs, values set by hand".
    public var description: String {
        var parts: [String]
        switch start {
        case .initialized(let how): parts = ["init \(how)"]
        case .loaded(let file): parts = ["loaded from \(file)"]
        }
        if epochs > 0 { parts.append("trained \(Format.count(epochs, "epoch"))") }
        if steps > 0 { parts.append("\(Format.count(steps, "step")) taken") }
        if setByHand { parts.append("values set by hand") }
        return parts.joined(separator: ", ")
    }
}
