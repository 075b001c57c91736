import Foundation
import BackpropCore

/// Independent answers for the derivative queries: seeded random networks,
/// a forward-mode derivative (tangents pushed forward through the network,
/// no backprop involved) and five-point finite differences.
enum Support {
    /// A network of the given widths, hidden layers `hidden`, the last layer
    /// `output`, every parameter uniform in [−scale, scale].
    static func network(_ widths: [Int], hidden: Activation, output: Activation, loss: Loss,
                        seed: UInt64, scale: Double = 1) throws -> Network {
        let specs = widths.dropFirst().enumerated().map { k, width in
            (outputs: width, activation: k == widths.count - 2 ? output : hidden)
        }
        var network = try Network(inputSize: widths[0], layers: specs, loss: loss)
        var rng = SplitMix64(seed: seed)
        for k in network.parameters.indices { network.parameters[k] = scale * rng.uniform(-1, 1) }
        return network
    }

    /// Inputs in [−1, 1]; targets one-hot for ce, 0/1 for bce, in [−1, 1] for mse.
    static func batch(rows: Int, for network: Network, seed: UInt64) -> (x: Matrix, e: Matrix) {
        var rng = SplitMix64(seed: seed)
        var x = Matrix(rows: rows, columns: network.inputSize)
        for k in x.storage.indices { x.storage[k] = rng.uniform(-1, 1) }
        var e = Matrix(rows: rows, columns: network.outputSize)
        for r in 0..<rows {
            switch network.loss {
            case .ce: e[r, Int(rng.next() % UInt64(network.outputSize))] = 1
            case .bce: for j in 0..<network.outputSize { e[r, j] = Double(rng.next() % 2) }
            case .mse: for j in 0..<network.outputSize { e[r, j] = rng.uniform(-1, 1) }
            }
        }
        return (x, e)
    }

    static func loss(_ network: Network, _ x: Matrix, _ e: Matrix) -> Double {
        let pass = Propagation(shapeOf: network, capacity: x.rows)
        pass.forward(network, inputs: x, targets: e)
        return pass.loss
    }

    /// (−E(θ+2h) + 8E(θ+h) − 8E(θ−h) + E(θ−2h)) / 12h: error O(h⁴).
    static func fivePoint(_ h: Double = 1e-4, _ f: (Double) -> Double) -> Double {
        (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)
    }

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

    static func relativeError(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// The widths-16 sigmoid network of workload W3: 100 layers, 16 → 16×99 → 1, xavier seed 1.
    static func deepNetwork() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 16, layers: Array(repeating: (16, .sigmoid), count: 99) + [(1, .sigmoid)], loss: .mse)
        Initializer.xavier.initialize(&network, seed: 1)
        let x = Matrix(rows: 1, columns: 16, storage: (1...16).map { Double($0 <= 8 ? $0 : 8 - $0) / 10 })
        let e = Matrix(rows: 1, columns: 1, storage: [1])
        return (network, x, e)
    }
}
