import SIMDKernels

/// A neuron's activation function a = f(z), kept beside its derivative f'(z).
///
/// All but softmax act element by element. Softmax couples the outputs of one
/// sample (a_k = e^{z_k} / Σ_j e^{z_j}), so its "derivative" is the Jacobian
/// ∂a_k/∂z_j = a_k (δ_kj − a_j); it is only allowed in the output layer.
public enum Activation: String, CaseIterable, Codable, Sendable {
    case sigmoid
    case tanh
    case relu
    case leakyRelu = "leaky-relu"
    case linear
    case softmax

    /// The slope of leaky-relu for z < 0.
    public static let leakySlope = 0.01

    /// Parses a user's name (`leaky-relu`, `leakyrelu` and `lrelu` are accepted).
    public init(name: String) throws {
        switch name.lowercased() {
        case "sigmoid", "logistic": self = .sigmoid
        case "tanh": self = .tanh
        case "relu": self = .relu
        case "leaky-relu", "leakyrelu", "lrelu", "leaky_relu": self = .leakyRelu
        case "linear", "identity", "none": self = .linear
        case "softmax": self = .softmax
        default:
            throw CoreError.unknownName(
                "unknown activation '\(name)' (expected one of: \(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    /// The formula as shown in `help` and explanations.
    public var formula: String {
        switch self {
        case .sigmoid: return "f(z) = 1/(1+e^-z), f'(z) = f(z)·(1−f(z))"
        case .tanh: return "f(z) = tanh z, f'(z) = 1 − tanh² z"
        case .relu: return "f(z) = max(0, z), f'(z) = 1 if z > 0 else 0"
        case .leakyRelu: return "f(z) = z if z > 0 else 0.01·z, f'(z) = 1 if z > 0 else 0.01"
        case .linear: return "f(z) = z, f'(z) = 1"
        case .softmax: return "a_k = e^z_k / Σ_j e^z_j, ∂a_k/∂z_j = a_k·(δ_kj − a_j)"
        }
    }

    public var isElementwise: Bool { self != .softmax }

    /// f(z) for one element-wise activation (softmax: use `apply`).
    @inline(__always)
    public func value(_ z: Double) -> Double {
        switch self {
        case .sigmoid: return FastMath.sigmoid(z)
        case .tanh: return FastMath.tanh(z)
        case .relu: return z > 0 ? z : 0
        case .leakyRelu: return z > 0 ? z : Activation.leakySlope * z
        case .linear, .softmax: return z
        }
    }

    /// f'(z) for one element-wise activation, given z and a = f(z)
    /// (sigmoid and tanh are cheaper from a). relu'(0) is taken as 0.
    @inline(__always)
    public func derivative(z: Double, a: Double) -> Double {
        switch self {
        case .sigmoid: return a * (1 - a)
        case .tanh: return 1 - a * a
        case .relu: return z > 0 ? 1 : 0
        case .leakyRelu: return z > 0 ? 1 : Activation.leakySlope
        case .linear, .softmax: return 1
        }
    }

    /// a = f(z) for a batch: `rows` samples of `columns` neurons, row-major.
    public func apply(z: UnsafePointer<Double>, a: UnsafeMutablePointer<Double>, rows: Int, columns: Int) {
        let count = rows * columns
        switch self {
        case .sigmoid:
            Activation.map(z, a, count, FastMath.sigmoid)
        case .tanh:
            Activation.map(z, a, count, FastMath.tanh)
        case .relu:
            for k in 0..<count { a[k] = z[k] > 0 ? z[k] : 0 }
        case .leakyRelu:
            for k in 0..<count { a[k] = z[k] > 0 ? z[k] : Activation.leakySlope * z[k] }
        case .linear:
            a.update(from: z, count: count)
        case .softmax:
            // Shift by the row maximum so exp never overflows.
            for r in 0..<rows {
                let zr = z + r * columns, ar = a + r * columns
                var top = -Double.infinity
                for j in 0..<columns where zr[j] > top { top = zr[j] }
                var sum = 0.0
                for j in 0..<columns {
                    ar[j] = FastMath.exp(zr[j] - top)
                    sum += ar[j]
                }
                let inv = 1 / sum
                for j in 0..<columns { ar[j] *= inv }
            }
        }
    }

    /// a[k] = f(z[k]) four values at a time; the last one to three go
    /// through the same four-lane f (so every value gets the same bits).
    @inline(__always)
    private static func map(_ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ count: Int,
                            _ f: (SIMD4<Double>) -> SIMD4<Double>) {
        let full = count & ~3
        for k in stride(from: 0, to: full, by: 4) { f(SIMD4.load(z, k, lanes: 4)).store(a, k, lanes: 4) }
        if full < count { f(SIMD4.load(z, full, lanes: count - full)).store(a, full, lanes: count - full) }
    }

    /// Turns g = dE/da into dE/dz in place for a batch (the chain rule through f).
    /// Element-wise: g ← g · f'(z). Softmax: g_k ← a_k · (g_k − Σ_j g_j a_j).
    public func backpropagate(_ g: UnsafeMutablePointer<Double>, z: UnsafePointer<Double>,
                              a: UnsafePointer<Double>, rows: Int, columns: Int) {
        let count = rows * columns
        switch self {
        case .sigmoid:
            for k in 0..<count { g[k] *= a[k] * (1 - a[k]) }
        case .tanh:
            for k in 0..<count { g[k] *= 1 - a[k] * a[k] }
        case .relu:
            for k in 0..<count where !(z[k] > 0) { g[k] = 0 }
        case .leakyRelu:
            for k in 0..<count where !(z[k] > 0) { g[k] *= Activation.leakySlope }
        case .linear:
            break
        case .softmax:
            for r in 0..<rows {
                let gr = g + r * columns, ar = a + r * columns
                var dot = 0.0
                for j in 0..<columns { dot += gr[j] * ar[j] }
                for j in 0..<columns { gr[j] = ar[j] * (gr[j] - dot) }
            }
        }
    }
}
