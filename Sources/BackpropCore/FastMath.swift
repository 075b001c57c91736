/// exp, and the sigmoid and tanh built on it, in plain IEEE arithmetic.
///
/// The C library's exp and tanh differ between versions and machines in the
/// last bit, and are opaque calls that cannot be vectorised. This exp uses
/// only additions, multiplications and exponent arithmetic, four lanes at a
/// time, so it gives the same bits everywhere and runs four activations per
/// call; the one-value functions run the same code in lane 0:
///
///     exp(x) = 2^n · e^r,  n = round(x / ln 2),  r = x − n·ln 2  (|r| ≤ ½ ln 2)
///
/// with ln 2 split in two parts (Cody–Waite) so r is exact, and e^r from its
/// Taylor series to r¹³ (truncation below 1e-17 for |r| ≤ 0.35). The result is
/// within 2 ulp of the true value; inputs beyond ±708 saturate to 0 or +∞.
enum FastMath {
    @inline(__always)
    static func exp(_ x: Double) -> Double { exp(SIMD4(repeating: x))[0] }

    /// 1 / (1 + e^−x).
    @inline(__always)
    static func sigmoid(_ x: Double) -> Double { sigmoid(SIMD4(repeating: x))[0] }

    /// tanh x = ±m / (m + 2) with m = e^{2|x|} − 1, computed without
    /// cancellation: from the series for small |x|, from exp otherwise.
    @inline(__always)
    static func tanh(_ x: Double) -> Double { tanh(SIMD4(repeating: x))[0] }

    private static let roundingShift = 0x1.8p52

    /// e^x in each lane.
    @inline(__always)
    static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let overflow = .!(x .< 709.78), underflow = x .< -745.13
        // Out-of-range and NaN lanes compute exp(0) and are replaced at the end.
        let inRange = x.replacing(with: 0, where: overflow .| underflow)
        // Adding and removing 1.5·2^52 rounds to the nearest integer, ties to even,
        // and leaves that integer in the low bits of the sum.
        let shifted = inRange * 1.4426950408889634 + roundingShift
        let n = shifted - roundingShift
        let r = (inRange - n * 0.6931471803691238) - n * 1.9082149292705877e-10
        let p = 1 + r * expm1Ratio(r)
        // k + 2048 (positive), then 2^k as 2^⌊k/2⌋ · 2^(k−⌊k/2⌋): two normal powers even for k down to −1075.
        let biased = bits(shifted) &- bits(SIMD4(repeating: roundingShift)) &+ 2048
        let halfBiased = biased &>> 1
        let result = p * power(halfBiased &- 1) * power(biased &- halfBiased &- 1)
        return result.replacing(with: .infinity, where: overflow).replacing(with: 0, where: underflow)
            .replacing(with: x, where: x .!= x)
    }

    @inline(__always)
    private static func bits(_ x: SIMD4<Double>) -> SIMD4<UInt64> { unsafeBitCast(x, to: SIMD4<UInt64>.self) }

    /// The double whose biased exponent field is `e` (2^(e−1023)).
    @inline(__always)
    private static func power(_ e: SIMD4<UInt64>) -> SIMD4<Double> { unsafeBitCast(e &<< 52, to: SIMD4<Double>.self) }

    /// (e^r − 1) / r = 1 + r/2! + r²/3! + … + r¹²/13!, for |r| ≤ 0.35.
    @inline(__always)
    static func expm1Ratio(_ r: SIMD4<Double>) -> SIMD4<Double> {
        var q = SIMD4<Double>(repeating: 1.0 / 6227020800)
        q = q * r + 1.0 / 479001600
        q = q * r + 1.0 / 39916800
        q = q * r + 1.0 / 3628800
        q = q * r + 1.0 / 362880
        q = q * r + 1.0 / 40320
        q = q * r + 1.0 / 5040
        q = q * r + 1.0 / 720
        q = q * r + 1.0 / 120
        q = q * r + 1.0 / 24
        q = q * r + 1.0 / 6
        q = q * r + 0.5
        return q * r + 1
    }

    /// 1 / (1 + e^−x).
    @inline(__always)
    static func sigmoid(_ x: SIMD4<Double>) -> SIMD4<Double> {
        1 / (1 + exp(-x))
    }

    /// tanh x = ±m / (m + 2) with m = e^{2|x|} − 1: from the series for
    /// 2|x| ≤ 0.34 (no cancellation), from exp otherwise, ±1 beyond 2|x| = 40.
    @inline(__always)
    static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let negative = x .< 0
        let y = 2 * unsafeBitCast(bits(x) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD4<Double>.self)
        let m = (exp(y) - 1).replacing(with: y * expm1Ratio(y), where: y .<= 0.34)
        let t = (m / (m + 2)).replacing(with: 1, where: y .> 40)
        return t.replacing(with: -t, where: negative)
    }
}
