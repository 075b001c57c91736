import Foundation
import BackpropCore
import TestSupport

/// Independent answers for the derivative queries beyond the shared ones: a
/// forward-mode derivative (tangents pushed forward through the network, no
/// backprop involved).
extension Support {
    /// What a derivative is taken with respect to, for the independent references.
    enum Direction {
        case parameter(Int)
        case input(Int)
    }

    /// dE/dθ by forward mode: the tangent ż, ȧ of every layer is pushed
    /// forward from a unit change in θ (in every sample for an input), then
    /// Ė = Σ_k ∂E/∂o_k · ȯ_k with the loss's plain derivative (no fused
    /// shortcut), averaged over the samples. Exact up to rounding even when
    /// the gradient is far below what a finite difference can resolve.
    static func forwardMode(_ network: Network, _ x: Matrix, _ e: Matrix, _ direction: Direction) -> Double {
        var total = 0.0
        for r in 0..<x.rows {
            var a = x.row(r)
            var tangent = Array(repeating: 0.0, count: network.inputSize)
            if case .input(let i) = direction { tangent[i] = 1 }
            var z: [Double] = []
            var zTangent: [Double] = []
            for (index, layer) in network.layers.enumerated() {
                z = (0..<layer.outputs).map { j in
                    network.bias(index, j) + (0..<layer.inputs).reduce(0.0) { $0 + a[$1] * network.weight(index, from: $1, to: j) }
                }
                zTangent = (0..<layer.outputs).map { j in
                    var t = (0..<layer.inputs).reduce(0.0) { $0 + tangent[$1] * network.weight(index, from: $1, to: j) }
                    if case .parameter(let k) = direction {
                        if k == layer.biasIndex(j) { t += 1 }
                        for i in 0..<layer.inputs where k == layer.weightIndex(from: i, to: j) { t += a[i] }
                    }
                    return t
                }
                (a, tangent) = activate(layer.activation, z, zTangent)
            }
            let target = e.row(r)
            for k in 0..<a.count {
                let o = a[k], t = target[k]
                let dEdo: Double
                switch network.loss {
                case .mse: dEdo = o - t
                case .bce: dEdo = (o - t) / (o * (1 - o))
                case .ce: dEdo = -t / o
                }
                total += dEdo * tangent[k]
            }
        }
        return total / Double(x.rows)
    }

    /// f(z) and its tangent, with Foundation's exp and tanh (not the core's).
    private static func activate(_ f: Activation, _ z: [Double], _ t: [Double]) -> ([Double], [Double]) {
        switch f {
        case .sigmoid:
            let a = z.map { 1 / (1 + Foundation.exp(-$0)) }
            return (a, (0..<z.count).map { a[$0] * (1 - a[$0]) * t[$0] })
        case .tanh:
            let a = z.map { Foundation.tanh($0) }
            return (a, (0..<z.count).map { (1 - a[$0] * a[$0]) * t[$0] })
        case .relu:
            return (z.map { max($0, 0) }, (0..<z.count).map { z[$0] > 0 ? t[$0] : 0 })
        case .leakyRelu:
            return (z.map { $0 > 0 ? $0 : 0.01 * $0 }, (0..<z.count).map { z[$0] > 0 ? t[$0] : 0.01 * t[$0] })
        case .linear:
            return (z, t)
        case .softmax:
            let top = z.max()!
            let exps = z.map { Foundation.exp($0 - top) }
            let sum = exps.reduce(0, +)
            let a = exps.map { $0 / sum }
            let dot = (0..<z.count).reduce(0.0) { $0 + a[$1] * t[$1] }
            return (a, (0..<z.count).map { a[$0] * (t[$0] - dot) })
        }
    }

    /// The network's outputs for one sample (what the explanation calls o).
    static func outputs(_ network: Network, _ x: Matrix, _ e: Matrix) -> [Double] {
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: x, targets: e)
        return (0..<network.outputSize).map { pass.a(layer: network.depth, sample: 0, neuron: $0) }
    }

}
