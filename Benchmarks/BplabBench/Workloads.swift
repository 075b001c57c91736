import BackpropCore
import Foundation

/// The benchmark workloads W1–W4, built exactly as docs/generator.md
/// specifies so the NumPy and PyTorch scripts in Benchmarks/python follow
/// the same trajectory.
enum Workloads {
    /// Numbers of a CSV file with a header row (the benchmark data only: plain numbers, no quoting).
    static func readCSV(_ path: String) throws -> [[Double]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in line.split(separator: ",").map { Double($0)! } }
    }

    static func network(_ widths: [Int], _ activations: [Activation], loss: Loss) throws -> Network {
        var network = try Network(inputSize: widths[0], layers: zip(widths.dropFirst(), activations).map { ($0, $1) }, loss: loss)
        Initializer.xavier.initialize(&network, seed: 1)
        return network
    }

    static func w1Data(_ folder: String) throws -> Dataset {
        let rows = try readCSV(folder + "/spiral1000.csv")
        return try Dataset(inputs: Matrix(rows.map { [$0[0], $0[1]] }), targets: Matrix(rows.map { [$0[2]] }))
    }

    static func w2Data(_ folder: String) throws -> Dataset {
        let rows = try readCSV(folder + "/digits.csv")
        var targets = Matrix(rows: rows.count, columns: 10)
        for (r, row) in rows.enumerated() { targets[r, Int(row[64])] = 1 }
        return try Dataset(inputs: Matrix(rows.map { $0.prefix(64).map { $0 / 16 } }), targets: targets)
    }

    /// W3's input: x = 2·uniform01(seed 3) − 1, 16 draws.
    static func w3Input() -> [Double] {
        var rng = SplitMix64(seed: 3)
        return (0..<16).map { _ in 2 * rng.uniform01() - 1 }
    }

    /// W4: 10000 × 784 standard normal by Box–Muller from seed 4, labels next(seed 5) % 10.
    static func w4Data() throws -> Dataset {
        let n = 10_000, d = 784
        var rng = SplitMix64(seed: 4)
        var x = Matrix(rows: n, columns: d)
        var k = 0
        while k < n * d {
            let u1 = rng.uniform01(), u2 = rng.uniform01()
            let r = (-2 * log(1 - u1)).squareRoot()
            x.storage[k] = r * cos(2 * Double.pi * u2)
            x.storage[k + 1] = r * sin(2 * Double.pi * u2)
            k += 2
        }
        var labels = SplitMix64(seed: 5)
        var y = Matrix(rows: n, columns: 10)
        for r in 0..<n { y[r, Int(labels.next() % 10)] = 1 }
        return try Dataset(inputs: x, targets: y)
    }
}
