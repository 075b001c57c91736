#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Built-in toy data sets, generated from SplitMix64 so they are the same on every machine.
public enum DataGenerators {
    /// The four XOR points: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.
    public static func xor() -> Dataset {
        try! Dataset(inputs: Matrix(rows: 4, columns: 2, storage: [0, 0, 0, 1, 1, 0, 1, 1]),
                     targets: Matrix(rows: 4, columns: 1, storage: [0, 1, 1, 0]),
                     classNames: ["0", "1"])
    }

    /// Points uniform in the square [−1, 1]²; class 1 inside the circle of
    /// radius 0.5, class 0 outside. Noise moves each point by up to ±noise
    /// after its class is decided, so noisy points can cross the border.
    public static func circle(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        var x = Matrix(rows: n, columns: 2), y = Matrix(rows: n, columns: 1)
        for r in 0..<n {
            let p = rng.uniform(-1, 1), q = rng.uniform(-1, 1)
            y[r, 0] = (p * p + q * q).squareRoot() < 0.5 ? 1 : 0
            x[r, 0] = p + noise * rng.uniform(-1, 1)
            x[r, 1] = q + noise * rng.uniform(-1, 1)
        }
        return try! Dataset(inputs: x, targets: y, classNames: ["outside", "inside"])
    }
}
