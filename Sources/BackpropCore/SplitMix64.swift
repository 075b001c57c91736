/// SplitMix64: the project's one random-number generator.
///
/// bplab, its NumPy and its PyTorch reference scripts all draw from this
/// generator in the same order (see `Initializer` and `Shuffle`), so the three
/// follow the same training trajectory digit for digit. The algorithm uses only
/// 64-bit integer arithmetic, so its stream is identical on every machine.
///
///     state = state &+ 0x9E3779B97F4A7C15
///     z = (state ^ (state >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     output z ^ (z >> 31)
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits of one draw.
    public mutating func uniform01() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in [lower, upper) from one draw.
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniform01()
    }

    /// Fisher–Yates in place, one draw per position from the end:
    /// `for i in n−1 down to 1 { j = next() % (i+1); swap(p[i], p[j]) }`.
    /// The modulo has a bias below 2⁻⁴⁰ for any realistic n; it is kept
    /// because the reference implementations shuffle the same way.
    public mutating func shuffle(_ permutation: inout [Int]) {
        guard permutation.count > 1 else { return }
        for i in stride(from: permutation.count - 1, through: 1, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            permutation.swapAt(i, j)
        }
    }
}
