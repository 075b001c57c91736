@testable import BackpropCore

/// Helpers shared by the core tests: seeded random networks and data, and
/// central finite differences computed independently of backprop.
enum TestSupport {
    /// A network of the given widths with every parameter uniform in [−1, 1].
    static func randomNetwork(widths: [Int], hidden: Activation, output: Activation, loss: Loss, seed: UInt64) throws -> Network {
        let specs = widths.dropFirst().enumerated().map { (k, width) in
            (outputs: width, activation: k == widths.count - 2 ? output : hidden)
        }
        var network = try Network(inputSize: widths[0], layers: specs, loss: loss)
        var rng = SplitMix64(seed: seed)
        for k in network.parameters.indices { network.parameters[k] = rng.uniform(-1, 1) }
        return network
    }

    /// Inputs in [−1, 1] and targets valid for `loss`: one-hot for ce, 0/1 for bce, any for mse.
    static func randomBatch(rows: Int, network: Network, seed: UInt64) -> (Matrix, Matrix) {
        var rng = SplitMix64(seed: seed)
        var x = Matrix(rows: rows, columns: network.inputSize)
        for k in x.storage.indices { x.storage[k] = rng.uniform(-1, 1) }
        var e = Matrix(rows: rows, columns: network.outputSize)
        for r in 0..<rows {
            switch network.loss {
            case .ce: e[r, Int(rng.next() % UInt64(network.outputSize))] = 1
            case .bce: for j in 0..<network.outputSize { e[r, j] = rng.next() % 2 == 0 ? 0 : 1 }
            case .mse: for j in 0..<network.outputSize { e[r, j] = rng.uniform(-1, 1) }
            }
        }
        return (x, e)
    }

    static func loss(_ network: Network, _ x: Matrix, _ e: Matrix) -> Double {
        let propagation = Propagation(shapeOf: network, capacity: x.rows)
        propagation.forward(network, inputs: x, targets: e)
        return propagation.loss
    }

    /// The five-point central difference
    ///     (−E(θ+2h) + 8E(θ+h) − 8E(θ−h) + E(θ−2h)) / 12h
    /// for parameter k: truncation error O(h⁴), so with h = 1e-4 both it and
    /// rounding (≈ 1e-16·E/h) stay near 1e-12 — far below the 1e-6 relative
    /// tolerance for any gradient above 1e-6.
    static func centralDifference(_ network: Network, parameter k: Int, _ x: Matrix, _ e: Matrix, h: Double = 1e-4) -> Double {
        fivePoint(h) { offset in
            var shifted = network
            shifted.parameters[k] += offset
            return loss(shifted, x, e)
        }
    }

    static func fivePoint(_ h: Double, _ f: (Double) -> Double) -> Double {
        (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)
    }

    static func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), 1e-300)
    }
}
