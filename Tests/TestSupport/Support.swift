import BackpropCore
import Foundation

/// Helpers every test target shares, so each test compares against one
/// independent answer: seeded random networks and batches, the loss by a
/// plain forward pass, five-point finite differences, and scratch folders.
/// A test target adds its own helpers with `extension Support`.
public enum Support {
    /// A network of the given widths, hidden layers `hidden`, the last layer
    /// `output`, every parameter uniform in [−scale, scale].
    public static func network(_ widths: [Int], hidden: Activation, output: Activation, loss: Loss,
                               seed: UInt64, scale: Double = 1) throws -> Network {
        let specs = widths.dropFirst().enumerated().map { k, width in
            (outputs: width, activation: k == widths.count - 2 ? output : hidden)
        }
        var network = try Network(inputSize: widths[0], layers: specs, loss: loss)
        var rng = SplitMix64(seed: seed)
        for k in network.parameters.indices { network.parameters[k] = scale * rng.uniform(-1, 1) }
        return network
    }

    /// The widths-16 sigmoid network of workload W3: 100 layers, 16 → 16×99 → 1, xavier seed 1.
    public static func deepNetwork() throws -> (Network, Matrix, Matrix) {
        var network = try Network(inputSize: 16, layers: Array(repeating: (16, .sigmoid), count: 99) + [(1, .sigmoid)], loss: .mse)
        Initializer.xavier.initialize(&network, seed: 1)
        let x = Matrix(rows: 1, columns: 16, storage: (1...16).map { Double($0 <= 8 ? $0 : 8 - $0) / 10 })
        let e = Matrix(rows: 1, columns: 1, storage: [1])
        return (network, x, e)
    }

    /// Inputs in [−1, 1]; targets valid for the loss: one-hot for ce, 0/1 for bce, in [−1, 1] for mse.
    public static func batch(rows: Int, for network: Network, seed: UInt64) -> (x: Matrix, e: Matrix) {
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

    /// The batch loss E by one forward pass, no backprop involved.
    public static func loss(_ network: Network, _ x: Matrix, _ e: Matrix) -> Double {
        let pass = Propagation(shapeOf: network, capacity: x.rows)
        pass.forward(network, inputs: x, targets: e)
        return pass.loss
    }

    /// The five-point central difference
    ///     (−E(θ+2h) + 8E(θ+h) − 8E(θ−h) + E(θ−2h)) / 12h
    /// with truncation error O(h⁴): with h = 1e-4 both it and rounding
    /// (≈ 1e-16·E/h) stay near 1e-12, far below a 1e-6 relative tolerance.
    public static func fivePoint(_ h: Double = 1e-4, _ f: (Double) -> Double) -> Double {
        (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h)
    }

    /// dE/dθ_k by `fivePoint`, moving parameter k alone.
    public static func centralDifference(_ network: Network, parameter k: Int, _ x: Matrix, _ e: Matrix, h: Double = 1e-4) -> Double {
        fivePoint(h) { offset in
            var shifted = network
            shifted.parameters[k] += offset
            return loss(shifted, x, e)
        }
    }

    /// |a − b| relative to the larger; 0 when they are equal (infinities included).
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// A fresh, empty folder under the system's temporary directory, named
    /// `bplab-NAME-UUID` so concurrent tests never share one.
    public static func temporaryDirectory(_ name: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `program` with `arguments` (in `folder`, if given) to its end:
    /// standard output and error together, and the exit status.
    public static func run(_ program: String, _ arguments: [String], in folder: URL? = nil) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
}
