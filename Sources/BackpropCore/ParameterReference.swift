import Foundation

/// A name for one parameter, a whole layer of them, or one input, in the
/// user's notation (as `help` shows it): `w2[1,2]` is the weight from neuron 1 of
/// layer 1 to neuron 2 of layer 2, `b1[3]` the bias of neuron 3 of layer 1,
/// `x[1]` the first input; `w1` and `b2` name whole layers. Layers count from
/// 1 (layer 0 is the input) and neurons from 1; stored indices are 0-based.
public enum ParameterReference: Equatable, Sendable, CustomStringConvertible {
    /// Weight W_layer[from, to]; `layer` is the user's layer number, neurons 0-based.
    case weight(layer: Int, from: Int, to: Int)
    case bias(layer: Int, neuron: Int)
    case input(Int)
    case weightLayer(Int)
    case biasLayer(Int)
    case inputs

    /// Parses and checks a name against `network`; errors name the valid range.
    public init(parsing text: String, in network: Network) throws {
        let name = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
        guard let kind = name.first, "wbx".contains(kind) else {
            throw CoreError.unknownName("'\(name)' is not a parameter (expected w2[1,2], b1[3], x[1], w1 or b2)")
        }
        let rest = name.dropFirst()
        let layerText = rest.prefix { $0.isNumber }
        let indexText = rest.dropFirst(layerText.count)
        var indices: [Int] = []
        if !indexText.isEmpty {
            guard indexText.first == "[", indexText.last == "]" else {
                throw CoreError.unknownName("'\(name)': expected an index in brackets, like \(kind)\(layerText)[1\(kind == "w" ? ",1" : "")]")
            }
            for part in indexText.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Int(part) else {
                    throw CoreError.unknownName("'\(name)': '\(part)' is not a neuron number")
                }
                indices.append(value)
            }
        }
        let depth = network.depth
        if kind == "x" {
            guard layerText.isEmpty || layerText == "0" else {
                throw CoreError.unknownName("'\(name)': inputs are x[1]…x[\(network.inputSize)]")
            }
            guard indices.count <= 1 else { throw CoreError.unknownName("'\(name)': an input takes one index, like x[1]") }
            if let i = indices.first {
                try ParameterReference.check(i, count: network.inputSize, what: "input", layer: 0, name: name)
                self = .input(i - 1)
            } else {
                self = .inputs
            }
            return
        }
        guard let layer = Int(layerText) else {
            throw CoreError.unknownName("'\(name)': give the layer number, like \(kind)1\(kind == "w" ? "[1,1]" : "[1]")")
        }
        guard depth > 0 else { throw CoreError.unknownName("'\(name)': the network has no layers yet") }
        guard (1...depth).contains(layer) else {
            throw CoreError.unknownName("'\(name)': the network has layers 1…\(depth)" + (layer == 0 ? " (layer 0 is the input; it has no weights)" : ""))
        }
        let shape = network.layers[layer - 1]
        switch (kind, indices.count) {
        case ("w", 0): self = .weightLayer(layer)
        case ("b", 0): self = .biasLayer(layer)
        case ("w", 2):
            try ParameterReference.check(indices[0], count: shape.inputs, what: "i", layer: layer - 1, name: name)
            try ParameterReference.check(indices[1], count: shape.outputs, what: "j", layer: layer, name: name)
            self = .weight(layer: layer, from: indices[0] - 1, to: indices[1] - 1)
        case ("b", 1):
            try ParameterReference.check(indices[0], count: shape.outputs, what: "j", layer: layer, name: name)
            self = .bias(layer: layer, neuron: indices[0] - 1)
        case ("w", _):
            throw CoreError.unknownName("'\(name)': a weight takes two indices w\(layer)[i,j] (from neuron i of layer \(layer - 1) to neuron j of layer \(layer))")
        default:
            throw CoreError.unknownName("'\(name)': a bias takes one index b\(layer)[j]")
        }
    }

    /// Throws unless this names one value (a weight, bias or input), with an
    /// example of one: `grad` and `paths` explain single values.
    public func requireSingleValue() throws {
        switch self {
        case .weight, .bias, .input: return
        case .weightLayer(let l): throw CoreError.incompatible("w\(l) names a whole layer of weights: ask for one, like w\(l)[1,1]")
        case .biasLayer(let l): throw CoreError.incompatible("b\(l) names a whole layer of biases: ask for one, like b\(l)[1]")
        case .inputs: throw CoreError.incompatible("x names all the inputs: ask for one, like x[1]")
        }
    }

    /// Throws unless `index` (1-based) names one of the `count` neurons of `layer`.
    private static func check(_ index: Int, count: Int, what: String, layer: Int, name: String) throws {
        guard index < 1 || index > count else { return }
        throw CoreError.unknownName("'\(name)': \(what) must be in 1…\(count) (layer \(layer) has \(count) neuron\(count == 1 ? "" : "s")"
                                    + (index < 1 ? "; neurons are numbered from 1)" : ")"))
    }

    public var description: String {
        switch self {
        case let .weight(l, i, j): return "w\(l)[\(i + 1),\(j + 1)]"
        case let .bias(l, j): return "b\(l)[\(j + 1)]"
        case let .input(i): return "x[\(i + 1)]"
        case let .weightLayer(l): return "w\(l)"
        case let .biasLayer(l): return "b\(l)"
        case .inputs: return "x"
        }
    }

    /// Indices in `network.parameters` named by this reference (row-major for
    /// a weight layer); empty for inputs, which are not parameters.
    public func parameterIndices(in network: Network) -> [Int] {
        switch self {
        case let .weight(l, i, j): return [network.layers[l - 1].weightIndex(from: i, to: j)]
        case let .bias(l, j): return [network.layers[l - 1].biasIndex(j)]
        case let .weightLayer(l):
            let s = network.layers[l - 1]
            return Array(s.weightOffset..<(s.weightOffset + s.weightCount))
        case let .biasLayer(l):
            let s = network.layers[l - 1]
            return Array(s.biasOffset..<(s.biasOffset + s.outputs))
        case .input, .inputs:
            return []
        }
    }

    /// Rows × columns of what this names (1×1 for a single value; a bias layer is 1 × width).
    public func shape(in network: Network) -> (rows: Int, columns: Int) {
        switch self {
        case .weight, .bias, .input: return (1, 1)
        case let .weightLayer(l): return (network.layers[l - 1].inputs, network.layers[l - 1].outputs)
        case let .biasLayer(l): return (1, network.layers[l - 1].outputs)
        case .inputs: return (1, network.inputSize)
        }
    }

    /// The single weight or bias at `index` of `network.parameters`.
    public init(index: Int, in network: Network) {
        let l = network.layers.firstIndex { index < $0.biasOffset + $0.outputs }!
        let layer = network.layers[l]
        if index >= layer.biasOffset {
            self = .bias(layer: l + 1, neuron: index - layer.biasOffset)
        } else {
            let k = index - layer.weightOffset
            self = .weight(layer: l + 1, from: k / layer.outputs, to: k % layer.outputs)
        }
    }

    /// The user's name of every entry of `network.parameters`, in order.
    public static func names(of network: Network) -> [String] {
        var names = Array(repeating: "", count: network.parameters.count)
        for (index, layer) in network.layers.enumerated() {
            for i in 0..<layer.inputs {
                for j in 0..<layer.outputs {
                    names[layer.weightIndex(from: i, to: j)] = ParameterReference.weight(layer: index + 1, from: i, to: j).description
                }
            }
            for j in 0..<layer.outputs { names[layer.biasIndex(j)] = ParameterReference.bias(layer: index + 1, neuron: j).description }
        }
        return names
    }
}
