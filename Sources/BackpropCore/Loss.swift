#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The error E of a batch of n samples, kept beside its derivative dE/da.
///
/// - mse: E = 1/(2n) Σ_s Σ_k (o_k − e_k)², dE/do_k = (o_k − e_k)/n.
///   For one sample this is ½ Σ (target − out)², the "total error" of the
///   classic worked examples.
/// - bce: E = −1/n Σ_s Σ_k [e_k ln o_k + (1 − e_k) ln(1 − o_k)] on sigmoid
///   outputs; dE/do_k = (o_k − e_k) / (o_k (1 − o_k) n).
/// - ce: E = −1/n Σ_s Σ_k e_k ln o_k on softmax outputs; dE/do_k = −e_k/(o_k n).
///
/// bce and ce are evaluated from the net inputs z (ln o = −softplus(−z) for a
/// sigmoid, ln o_k = z_k − logsumexp(z) for softmax), so they stay finite even
/// when an output saturates to exactly 0 or 1. For the same reason the output
/// delta d = dE/dz of sigmoid+bce and softmax+ce is computed in closed form,
/// with dE/do and the activation's derivative already multiplied out, rather
/// than as f'(z)·dE/da:
///
///     sigmoid + bce:  d_k = (o_k − e_k)/n             o(1 − o) cancels, for any e
///     softmax + ce:   d_k = (o_k · Σ_j e_j − e_k)/n  Σ_j (−e_j/o_j)·o_j(δ_jk − o_k)
///
/// The textbook's (o_k − e_k)/n for softmax + ce assumes each sample's targets
/// sum to 1 (one-hot, or probabilities). Not all data does (multi-label rows,
/// hand-typed targets), so the general form is used; when Σ_j e_j is exactly 1,
/// o_k·1 − e_k has the same bits as o_k − e_k.
public enum Loss: String, CaseIterable, Codable, Sendable {
    case mse
    case bce
    case ce

    public init(name: String) throws {
        guard let loss = Loss(rawValue: name.lowercased()) else {
            throw CoreError.unknownName("unknown loss '\(name)' (expected one of: mse, bce, ce)")
        }
        self = loss
    }

    public var formula: String {
        switch self {
        case .mse: return "E = 1/(2n) Σ_samples Σ_k (o_k − e_k)²   dE/do_k = (o_k − e_k)/n"
        case .bce: return "E = −1/n Σ_samples Σ_k [e_k ln o_k + (1−e_k) ln(1−o_k)]   dE/do_k = (o_k − e_k)/(o_k (1−o_k) n)   (sigmoid outputs)"
        case .ce: return "E = −1/n Σ_samples Σ_k e_k ln o_k   dE/do_k = −e_k/(o_k n)   (softmax outputs)"
        }
    }

    /// Throws unless this loss can be used on outputs of `activation`.
    public func validate(outputActivation activation: Activation) throws {
        switch self {
        case .mse:
            return
        case .bce where activation != .sigmoid:
            throw CoreError.incompatible("loss bce needs a sigmoid output layer (outputs in (0,1)); the output layer is \(activation.rawValue)")
        case .ce where activation != .softmax:
            throw CoreError.incompatible("loss ce needs a softmax output layer; the output layer is \(activation.rawValue) (use bce for sigmoid outputs)")
        default:
            return
        }
    }

    /// True when the output delta is computed in closed form (see above):
    /// d = (o·s − e)/n with s = Σ_j e_j for ce and s = 1 for bce.
    public func hasClosedFormDelta(_ activation: Activation) -> Bool {
        (self == .bce && activation == .sigmoid) || (self == .ce && activation == .softmax)
    }

    /// E for a batch of `rows` samples from the output layer's z and a = f(z)
    /// and the targets e, all `rows × columns`, row-major.
    public func value(z: UnsafePointer<Double>, a: UnsafePointer<Double>, targets e: UnsafePointer<Double>,
                      rows: Int, columns: Int) -> Double {
        guard rows > 0 else { return 0 }
        let count = rows * columns
        var sum = 0.0
        switch self {
        case .mse:
            for k in 0..<count {
                let diff = a[k] - e[k]
                sum += diff * diff
            }
            return sum / (2 * Double(rows))
        case .bce:
            // −[e ln σ(z) + (1−e) ln(1−σ(z))] = softplus(z) − e·z
            for k in 0..<count { sum += Loss.binaryCrossEntropy(z: z[k], target: e[k]) }
            return sum / Double(rows)
        case .ce:
            for r in 0..<rows {
                let zr = z + r * columns, er = e + r * columns
                var top = -Double.infinity
                for j in 0..<columns where zr[j] > top { top = zr[j] }
                guard top < .infinity else {
                    sum += Loss.crossEntropyAtInfinity(z: zr, targets: er, columns: columns)
                    continue
                }
                var sumExp = 0.0
                for j in 0..<columns { sumExp += FastMath.exp(zr[j] - top) }
                let logSumExp = top + log(sumExp)
                for j in 0..<columns where er[j] != 0 { sum -= er[j] * (zr[j] - logSumExp) }
            }
            return sum / Double(rows)
        }
    }

    /// One output's bce, softplus(z) − e·z, with its limits at z = ±∞ (where
    /// the formula itself is ∞ − ∞): at +∞, (1 − e)·∞ (∞ as PyTorch's
    /// BCE-with-logits gives, or 0 when e = 1); at −∞, e·∞ (0 when e = 0).
    @inline(__always)
    static func binaryCrossEntropy(z: Double, target e: Double) -> Double {
        if z.isFinite || z.isNaN { return softplus(z) - e * z }
        if z > 0 { return e == 1 ? 0 : (1 - e) * z }
        return e == 0 ? 0 : -e * z
    }

    /// One sample's ce when some z_j = +∞: the softmax splits all of its mass
    /// evenly among the m infinite outputs, so ln o_j = −ln m there and −∞
    /// elsewhere (PyTorch's log_softmax gives NaN; the limit is what the
    /// outputs are). A target on a finite output makes E = ∞, as it should.
    static func crossEntropyAtInfinity(z: UnsafePointer<Double>, targets e: UnsafePointer<Double>, columns: Int) -> Double {
        let infinite = (0..<columns).filter { z[$0] == .infinity }.count
        var sum = 0.0
        for j in 0..<columns where e[j] != 0 {
            sum -= e[j] * (z[j] == .infinity ? -log(Double(infinite)) : -.infinity)
        }
        return sum
    }

    /// dE/da for a batch, written to g (used where the delta has no closed form).
    public func gradient(a: UnsafePointer<Double>, targets e: UnsafePointer<Double>,
                         into g: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        let count = rows * columns
        let invN = 1 / Double(rows)
        switch self {
        case .mse:
            for k in 0..<count { g[k] = (a[k] - e[k]) * invN }
        case .bce:
            for k in 0..<count { g[k] = (a[k] - e[k]) / (a[k] * (1 - a[k])) * invN }
        case .ce:
            for k in 0..<count { g[k] = -e[k] / a[k] * invN }
        }
    }

    /// The output layer's delta d = dE/dz for a batch, written to d.
    public func outputDelta(activation: Activation, z: UnsafePointer<Double>, a: UnsafePointer<Double>,
                            targets e: UnsafePointer<Double>, into d: UnsafeMutablePointer<Double>,
                            rows: Int, columns: Int) {
        guard hasClosedFormDelta(activation) else {
            gradient(a: a, targets: e, into: d, rows: rows, columns: columns)
            activation.backpropagate(d, z: z, a: a, rows: rows, columns: columns)
            return
        }
        let invN = 1 / Double(rows)
        for r in 0..<rows {
            let ar = a + r * columns, er = e + r * columns, dr = d + r * columns
            let targetSum = self == .ce ? (0..<columns).reduce(0.0) { $0 + er[$1] } : 1
            for j in 0..<columns { dr[j] = (ar[j] * targetSum - er[j]) * invN }
        }
    }

    /// ln(1 + e^x) without overflow.
    @inline(__always)
    static func softplus(_ x: Double) -> Double {
        max(x, 0) + log1p(FastMath.exp(-abs(x)))
    }
}
