import BackpropCore

extension PyTorchExport {
    /// The exported script's data file, named as the script reads it:
    /// `x`, `e` (and `x_test`, `e_test`): the samples as the network sees them
    /// (features and scaling applied, as bplab trains on them);
    /// `layers.L.weight`, `layers.L.bias`: the parameters as `Net.state_dict()`
    /// names them (nn.Linear's weight is bplab's W transposed);
    /// `KEY/layers.L.weight`: the optimizer's state in PyTorch's keys
    /// (`momentum_buffer`, `exp_avg`, `exp_avg_sq`), absent before the first
    /// step and for plain SGD, which keeps none;
    /// `permutation`: the order bplab's next epoch shuffles;
    /// `mapping.offset`, `mapping.scale`: the input scaling, when there is one.
    static func arrays(network: Network, data: LabData, trainer: Trainer) -> NpzArchive {
        var npz = NpzArchive()
        npz.add("x", .init(data.train.inputs))
        npz.add("e", .init(data.train.targets))
        if let test = data.test {
            npz.add("x_test", .init(test.inputs))
            npz.add("e_test", .init(test.targets))
        }
        let optimizer = trainer.optimizer
        let keys = switch optimizer.settings.kind {
        case .sgd: [String]()
        case .momentum, .nesterov: ["momentum_buffer"]
        case .adam: ["exp_avg", "exp_avg_sq"]
        }
        let buffers = optimizer.stepCount > 0 ? zip(keys, [optimizer.state.first, optimizer.state.second]).map { $0 } : []
        for (l, layer) in network.layers.enumerated() {
            for (name, values) in [("", network.parameters)] + buffers.map({ ($0.0 + "/", $0.1) }) {
                npz.add("\(name)layers.\(l).weight", transposedWeights(values, layer))
                npz.add("\(name)layers.\(l).bias", .init(Array(values[layer.biasOffset..<(layer.biasOffset + layer.outputs)]), shape: [layer.outputs]))
            }
        }
        npz.add("permutation", .init(trainer.shuffleState.permutation))
        if let scaling = network.inputMapping.normalization {
            npz.add("mapping.offset", .init(scaling.offset, shape: [scaling.offset.count]))
            npz.add("mapping.scale", .init(scaling.scale, shape: [scaling.scale.count]))
        }
        return npz
    }

    /// A layer's W (inputs × outputs, row-major in `values`) as nn.Linear keeps it: outputs × inputs.
    static func transposedWeights(_ values: [Double], _ layer: LayerShape) -> NpyArray {
        var transposed = [Double](repeating: 0, count: layer.weightCount)
        for i in 0..<layer.inputs {
            for j in 0..<layer.outputs { transposed[j * layer.inputs + i] = values[layer.weightIndex(from: i, to: j)] }
        }
        return .init(transposed, shape: [layer.outputs, layer.inputs])
    }
}
