#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Built-in toy data sets, generated from SplitMix64 so they are the same on
/// every machine. `noise` is the standard deviation of Gaussian noise added to
/// each coordinate (Box–Muller from the same stream), except where noted.
public enum DataGenerators {
    /// One built-in set as `help data` lists it.
    public struct BuiltIn: Sendable {
        public let name: String
        public let summary: String
        /// The noise when `noise=` is not given; nil for xor, which is four fixed points.
        public let defaultNoise: Double?
    }

    public static let builtIns: [BuiltIn] = [
        BuiltIn(name: "xor", summary: "the 4 points (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0; no n= or noise=", defaultNoise: nil),
        BuiltIn(name: "circle", summary: "an inner disc inside a ring", defaultNoise: 0.1),
        BuiltIn(name: "gauss", summary: "2 Gaussian blobs (sd 0.5 + noise)", defaultNoise: 0.1),
        BuiltIn(name: "xor-gauss", summary: "4 blobs in XOR layout (sd 0.3 + noise)", defaultNoise: 0.1),
        // noise 0 by default: the W1 benchmark's spiral (spiral1000.csv) is `data spiral n=1000`.
        BuiltIn(name: "spiral", summary: "interleaved spiral arms, classes=2…10", defaultNoise: 0),
        BuiltIn(name: "moons", summary: "two interleaving half circles", defaultNoise: 0.1),
        BuiltIn(name: "linear", summary: "two classes split by the line x2 = x1", defaultNoise: 0.1),
        BuiltIn(name: "sine", summary: "regression: sin x on [−π, π]", defaultNoise: 0.1),
    ]

    public static let names = builtIns.map(\.name)

    /// Builds a named set; `classes` is used by spiral only.
    public static func make(_ name: String, count n: Int, noise: Double, seed: UInt64, classes: Int = 2) throws -> Dataset {
        switch name {
        case "xor": return xor()
        case "circle": return circle(count: n, noise: noise, seed: seed)
        case "gauss": return gauss(count: n, noise: noise, seed: seed)
        case "xor-gauss": return xorGauss(count: n, noise: noise, seed: seed)
        case "spiral": return try spiral(count: n, classes: classes, noise: noise, seed: seed)
        case "moons": return moons(count: n, noise: noise, seed: seed)
        case "linear": return linear(count: n, noise: noise, seed: seed)
        case "sine": return sine(count: n, noise: noise, seed: seed)
        default: throw CoreError.unknownName("unknown data set '\(name)' (built-in: \(names.joined(separator: ", ")))")
        }
    }

    /// The four XOR points: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.
    public static func xor() -> Dataset {
        try! Dataset(inputs: Matrix(rows: 4, columns: 2, storage: [0, 0, 0, 1, 1, 0, 1, 1]),
                     targets: Matrix(rows: 4, columns: 1, storage: [0, 1, 1, 0]),
                     classNames: ["0", "1"])
    }

    /// Two rings, as in the TensorFlow Playground: class 1 (inside) at radius
    /// 0…0.5, class 0 (outside) at radius 0.7…1, angles uniform; classes alternate.
    public static func circle(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        return binary(n) { r in
            let inside = r % 2 == 1
            let radius = inside ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1), angle = rng.uniform(0, 2 * Double.pi)
            return ([radius * sin(angle) + noise * gaussian(&rng), radius * cos(angle) + noise * gaussian(&rng)], inside ? 1 : 0)
        }.named(["outside", "inside"])
    }

    /// Two Gaussian blobs centred at (−1, −1) (class 0) and (1, 1) (class 1),
    /// standard deviation 0.5 + noise; classes alternate.
    public static func gauss(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let sd = 0.5 + noise
        return binary(n) { r in
            let label = Double(r % 2), centre = label == 1 ? 1.0 : -1.0
            return ([centre + sd * gaussian(&rng), centre + sd * gaussian(&rng)], label)
        }.named(["0", "1"])
    }

    /// Four blobs at (±1, ±1), standard deviation 0.3 + noise; class 1 where the signs differ (XOR).
    public static func xorGauss(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let sd = 0.3 + noise
        return binary(n) { r in
            let sx = r % 2 == 0 ? 1.0 : -1.0, sy = (r / 2) % 2 == 0 ? 1.0 : -1.0
            return ([sx + sd * gaussian(&rng), sy + sd * gaussian(&rng)], sx * sy < 0 ? 1 : 0)
        }.named(["0", "1"])
    }

    /// `classes` interleaved spiral arms by the W1 formula of
    /// docs/generator.md: arm c has m_c points, i = 0…m_c−1,
    /// r = 5·i/m_c, t = 2π·1.75·i/m_c + δ_c, (r·sin t, r·cos t), δ_c = 2π·c/classes.
    /// The n points are shared out as evenly as possible (the first n mod
    /// classes arms get one more). With 2 classes the first arm is labelled 1,
    /// as in spiral1000.csv; with more, targets are one-hot.
    ///
    /// Every arm starts at r = 0, so without noise the arms' first points all
    /// lie at the origin under different labels (rows 1 and 501 of
    /// spiral1000.csv): one unlearnable point per arm, kept so that
    /// `data spiral n=1000` is exactly the benchmark's data.
    /// - Throws: unless n ≥ classes ≥ 2 (every arm gets a point).
    public static func spiral(count n: Int, classes: Int, noise: Double, seed: UInt64) throws -> Dataset {
        guard classes >= 2 else { throw CoreError.invalidSize("a spiral needs at least 2 arms, got \(classes)") }
        guard n >= classes else { throw CoreError.invalidSize("a spiral of \(classes) arms needs n ≥ \(classes), got \(n)") }
        var rng = SplitMix64(seed: seed)
        var x = Matrix(rows: n, columns: 2)
        var y = Matrix(rows: n, columns: classes == 2 ? 1 : classes)
        var row = 0
        for c in 0..<classes {
            let m = n / classes + (c < n % classes ? 1 : 0)
            for i in 0..<m {
                let r = 5 * Double(i) / Double(m), t = 2 * Double.pi * 1.75 * Double(i) / Double(m) + 2 * Double.pi * Double(c) / Double(classes)
                x[row, 0] = r * sin(t) + noise * gaussian(&rng)
                x[row, 1] = r * cos(t) + noise * gaussian(&rng)
                if classes == 2 { y[row, 0] = c == 0 ? 1 : 0 } else { y[row, c] = 1 }
                row += 1
            }
        }
        let names = classes == 2 ? ["arm 2", "arm 1"] : (1...classes).map { "arm \($0)" }
        return try! Dataset(inputs: x, targets: y, classNames: names)
    }

    /// Two interleaving half circles: class 0 on (cos t, sin t), class 1 on
    /// (1 − cos t, 0.5 − sin t), t uniform in [0, π].
    public static func moons(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        return binary(n) { r in
            let t = Double.pi * rng.uniform01()
            let point = r % 2 == 0 ? [cos(t), sin(t)] : [1 - cos(t), 0.5 - sin(t)]
            return ([point[0] + noise * gaussian(&rng), point[1] + noise * gaussian(&rng)], Double(r % 2))
        }.named(["upper", "lower"])
    }

    /// Points uniform in [−1, 1]²; class 1 above the line x2 = x1 (before noise).
    public static func linear(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        return binary(n) { r in
            let p = rng.uniform(-1, 1), q = rng.uniform(-1, 1)
            return ([p + noise * gaussian(&rng), q + noise * gaussian(&rng)], q > p ? 1 : 0)
        }.named(["below", "above"])
    }

    /// Regression: x uniform in [−π, π], target sin x + noise.
    public static func sine(count n: Int, noise: Double, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        var x = Matrix(rows: n, columns: 1), y = Matrix(rows: n, columns: 1)
        for r in 0..<n {
            x[r, 0] = rng.uniform(-Double.pi, Double.pi)
            y[r, 0] = sin(x[r, 0]) + noise * gaussian(&rng)
        }
        return try! Dataset(inputs: x, targets: y, featureNames: ["x"])
    }

    /// One standard normal draw by Box–Muller (two uniforms, the cosine branch).
    static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u = rng.uniform01(), v = rng.uniform01()
        return (-2 * log(1 - u)).squareRoot() * cos(2 * Double.pi * v)
    }

    private static func binary(_ n: Int, _ sample: (Int) -> ([Double], Double)) -> Dataset {
        var x = Matrix(rows: n, columns: 2), y = Matrix(rows: n, columns: 1)
        for r in 0..<n {
            let (point, label) = sample(r)
            x[r, 0] = point[0]
            x[r, 1] = point[1]
            y[r, 0] = label
        }
        return try! Dataset(inputs: x, targets: y)
    }
}

private extension Dataset {
    func named(_ classes: [String]) -> Dataset {
        var copy = self
        copy.classNames = classes
        return copy
    }
}
