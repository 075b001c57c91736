/// exp, and the sigmoid and tanh built on it, in plain IEEE arithmetic.
///
/// The C library's exp and tanh differ between versions and machines in the
/// last bit, and are opaque calls the compiler cannot vectorise. This exp
/// uses only additions, multiplications and exponent arithmetic, so it gives
/// the same bits everywhere and vectorises inside the activation loops:
///
///     exp(x) = 2^n · e^r,  n = round(x / ln 2),  r = x − n·ln 2  (|r| ≤ ½ ln 2)
///
/// with ln 2 split in two parts (Cody–Waite) so r is exact, and e^r from its
/// Taylor series to r¹³ (truncation below 1e-17 for |r| ≤ 0.35). The result is
/// within 2 ulp of the true value; inputs beyond ±708 saturate to 0 or +∞.
enum FastMath {
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        if !(x < 709.78) { return x.isNaN ? x : .infinity }
        if x < -745.13 { return 0 }
        let n = (x * 1.4426950408889634).rounded(.toNearestOrEven)
        let r = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10
        let p = 1 + r * expm1Ratio(r)
        // 2^n in two steps so that n down to −1075 stays representable.
        let k = Int(n)
        let half = k / 2
        return p * Double(sign: .plus, exponent: half, significand: 1) * Double(sign: .plus, exponent: k - half, significand: 1)
    }

    /// (e^r − 1) / r = 1 + r/2! + r²/3! + … + r¹²/13!, for |r| ≤ 0.35.
    @inline(__always)
    static func expm1Ratio(_ r: Double) -> Double {
        var q = 1.0 / 6227020800  // 1/13!
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
    static func sigmoid(_ x: Double) -> Double {
        1 / (1 + exp(-x))
    }

    /// tanh x = ±m / (m + 2) with m = e^{2|x|} − 1, computed without
    /// cancellation: from the series for small |x|, from exp otherwise.
    @inline(__always)
    static func tanh(_ x: Double) -> Double {
        let y = 2 * abs(x)
        if y > 40 { return x < 0 ? -1 : 1 }
        let m = y <= 0.34 ? y * expm1Ratio(y) : exp(y) - 1
        let t = m / (m + 2)
        return x < 0 ? -t : t
    }
}
