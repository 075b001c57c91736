import BackpropCore

/// One network shape for the derivative tests: widths, the hidden layers'
/// and the output's activation, and the loss. DerivativeTests check its
/// numbers, LabTests the text of the same networks.
public struct Combo: CustomStringConvertible, Sendable {
    public var widths: [Int]
    public var hidden: Activation
    public var output: Activation
    public var loss: Loss

    public init(widths: [Int], hidden: Activation, output: Activation, loss: Loss) {
        (self.widths, self.hidden, self.output, self.loss) = (widths, hidden, output, loss)
    }

    public var description: String { "\(widths) \(hidden.rawValue)→\(output.rawValue)/\(loss.rawValue)" }
}

extension Support {
    /// The combo's network, every parameter uniform in [−1, 1].
    public static func network(_ c: Combo, seed: UInt64) throws -> Network {
        try network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: seed)
    }

    /// Every single weight, bias and input of a network.
    public static func references(_ network: Network) -> [ParameterReference] {
        var all: [ParameterReference] = (0..<network.inputSize).map { .input($0) }
        for (index, layer) in network.layers.enumerated() {
            for i in 0..<layer.inputs { for j in 0..<layer.outputs { all.append(.weight(layer: index + 1, from: i, to: j)) } }
            for j in 0..<layer.outputs { all.append(.bias(layer: index + 1, neuron: j)) }
        }
        return all
    }
}
