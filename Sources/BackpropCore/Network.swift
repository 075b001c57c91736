/// One dense layer's shape: `inputs` neurons in the previous layer feed
/// `outputs` neurons here through W (inputs × outputs) and one bias each.
///
/// `W[i,j]` is the weight from neuron i of the previous layer to neuron j of
/// this one ("from, to"): z[j] = Σ_i a_prev[i]·W[i,j] + b[j].
public struct LayerShape: Equatable, Sendable {
    public let inputs: Int
    public let outputs: Int
    public let activation: Activation
    /// Where W starts in `Network.parameters`; W is stored row-major.
    public let weightOffset: Int
    /// Where b starts in `Network.parameters`, right after W.
    public let biasOffset: Int

    public var weightCount: Int { inputs * outputs }
    public var parameterCount: Int { inputs * outputs + outputs }
    public func weightIndex(from i: Int, to j: Int) -> Int { weightOffset + i * outputs + j }
    public func biasIndex(_ j: Int) -> Int { biasOffset + j }
}

/// A multi-layer perceptron: an input size, dense layers, a loss, and every
/// weight and bias in one contiguous buffer.
///
/// Layers are numbered from 0 in the user's notation, with layer 0 the input,
/// so `layers[l]` computes user layer l+1. All parameters live in `parameters`
/// in layer order, each layer's W (row-major) followed by its b: optimizers,
/// penalties, snapshots and finite differences all work on that one buffer.
public struct Network: Equatable, Sendable {
    /// Networks larger than this many parameters are refused (a typo such as
    /// `net 2 100000000` should give an error, not exhaust memory).
    public static let maximumParameterCount = 50_000_000
    /// Widths beyond this are refused for the same reason.
    public static let maximumWidth = 1_000_000

    public let inputSize: Int
    public private(set) var layers: [LayerShape]
    public private(set) var loss: Loss
    public var parameters: [Double]
    /// How raw inputs become this network's inputs (feature transforms, then
    /// scaling), stored with the model; the identity for a new network.
    public var inputMapping: InputMapping
    /// Names of the classes the outputs stand for, stored with the model: one
    /// per output, or two for a single 0/1 output; empty for regression or unknown.
    public var classNames: [String] = []
    /// The parameters step and train leave as they are (none for a new network).
    public var frozen = FrozenParameters()

    /// Builds a network with all parameters zero.
    /// - Throws: `CoreError` for sizes below 1 or too large, softmax in a
    ///   hidden layer, or a loss that does not fit the output activation.
    public init(inputSize: Int, layers specs: [(outputs: Int, activation: Activation)], loss: Loss) throws {
        try Network.validateWidth(inputSize, what: "input size")
        var shapes: [LayerShape] = []
        var fanIn = inputSize
        var offset = 0
        for (index, spec) in specs.enumerated() {
            try Network.validateWidth(spec.outputs, what: "layer \(index + 1) size")
            if spec.activation == .softmax && index != specs.count - 1 {
                throw CoreError.incompatible("softmax is only allowed in the output layer (layer \(index + 1) of \(specs.count))")
            }
            let (weights, overflow) = fanIn.multipliedReportingOverflow(by: spec.outputs)
            guard !overflow, offset + weights + spec.outputs <= Network.maximumParameterCount else {
                throw CoreError.invalidSize("network too large: more than \(Network.maximumParameterCount) parameters")
            }
            shapes.append(LayerShape(inputs: fanIn, outputs: spec.outputs, activation: spec.activation,
                                     weightOffset: offset, biasOffset: offset + weights))
            offset += weights + spec.outputs
            fanIn = spec.outputs
        }
        if let last = shapes.last { try loss.validate(outputActivation: last.activation) }
        self.inputSize = inputSize
        self.layers = shapes
        self.loss = loss
        self.parameters = Array(repeating: 0, count: offset)
        self.inputMapping = InputMapping(rawInputs: inputSize)
    }

    private static func validateWidth(_ width: Int, what: String) throws {
        guard width >= 1 else { throw CoreError.invalidSize("\(what) must be at least 1, got \(width)") }
        guard width <= maximumWidth else {
            throw CoreError.invalidSize("\(what) \(width) is too large (at most \(maximumWidth))")
        }
    }

    /// The number of neurons in user layer `number` (0 = input).
    public func width(ofLayer number: Int) -> Int {
        number == 0 ? inputSize : layers[number - 1].outputs
    }

    public var outputSize: Int { layers.last?.outputs ?? inputSize }
    public var maximumWidth: Int { layers.reduce(inputSize) { max($0, $1.outputs) } }
    public var depth: Int { layers.count }

    /// Throws unless `data` has one feature per input and one target per output.
    public func checkFits(_ data: Dataset) throws {
        guard inputSize == data.inputs.columns else {
            throw CoreError.shapeMismatch("the network takes \(LargeCount.counted(inputSize, "input")) "
                                          + "but the data has \(LargeCount.counted(data.inputs.columns, "feature"))")
        }
        guard outputSize == data.targets.columns else {
            throw CoreError.shapeMismatch("the network has \(LargeCount.counted(outputSize, "output")) "
                                          + "but the data has \(LargeCount.counted(data.targets.columns, "target"))")
        }
    }

    /// The layer specs, for rebuilding a network with a change.
    public var specs: [(outputs: Int, activation: Activation)] {
        layers.map { ($0.outputs, $0.activation) }
    }

    /// A copy with another loss, keeping the parameters.
    public func with(loss newLoss: Loss) throws -> Network {
        if let last = layers.last { try newLoss.validate(outputActivation: last.activation) }
        var copy = self
        copy.loss = newLoss
        return copy
    }

    /// W of layer `l` (0-based index into `layers`) as a matrix (a copy).
    public func weights(_ l: Int) -> Matrix {
        let s = layers[l]
        return Matrix(rows: s.inputs, columns: s.outputs,
                      storage: Array(parameters[s.weightOffset..<(s.weightOffset + s.weightCount)]))
    }

    /// b of layer `l` (0-based index into `layers`) (a copy).
    public func biases(_ l: Int) -> [Double] {
        let s = layers[l]
        return Array(parameters[s.biasOffset..<(s.biasOffset + s.outputs)])
    }

    public func weight(_ l: Int, from i: Int, to j: Int) -> Double {
        parameters[layers[l].weightIndex(from: i, to: j)]
    }

    public func bias(_ l: Int, _ j: Int) -> Double {
        parameters[layers[l].biasIndex(j)]
    }
}
