#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gradient-descent update rules, with PyTorch's conventions so that an
/// exported network continues on the same trajectory there. For each
/// parameter w with gradient g and learning rate η:
///
/// - sgd:      w ← w − η g
/// - momentum: v ← μ v + g;  w ← w − η v                 (v starts at 0)
/// - nesterov: v ← μ v + g;  w ← w − η (g + μ v)
/// - adam:     m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
///             w ← w − (η / (1 − β₁ᵗ)) · m / (√s / √(1 − β₂ᵗ) + ε)
public enum OptimizerKind: String, CaseIterable, Codable, Sendable {
    case sgd, momentum, nesterov, adam

    public init(name: String) throws {
        guard let kind = OptimizerKind(rawValue: name.lowercased()) else {
            throw CoreError.unknownName("unknown optimizer '\(name)' (expected one of: sgd, momentum, nesterov, adam)")
        }
        self = kind
    }
}

/// An optimizer's settings; defaults are PyTorch's (μ = 0.9 for momentum).
public struct OptimizerSettings: Equatable, Sendable {
    public var kind: OptimizerKind
    public var learningRate: Double
    public var momentum: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double

    public init(kind: OptimizerKind = .sgd, learningRate: Double = 0.1, momentum: Double = 0.9,
                beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Throws for settings no update rule can use.
    public func validate() throws {
        guard learningRate.isFinite && learningRate > 0 else {
            throw CoreError.invalidSize("learning rate must be a finite number above 0, got \(learningRate)")
        }
        guard momentum.isFinite && momentum >= 0 && momentum < 1 else {
            throw CoreError.invalidSize("momentum must be in [0, 1), got \(momentum)")
        }
        guard beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 else {
            throw CoreError.invalidSize("adam betas must be in [0, 1), got \(beta1), \(beta2)")
        }
        guard epsilon.isFinite && epsilon > 0 else {
            throw CoreError.invalidSize("epsilon must be a finite number above 0, got \(epsilon)")
        }
    }
}

/// An optimizer with its state (velocities, moments, step count) for one
/// parameter buffer. Its buffers are allocated once; `step` allocates nothing.
public final class Optimizer {
    public let settings: OptimizerSettings
    /// Updates applied so far (Adam's t).
    public private(set) var stepCount = 0
    private var first: [Double]
    private var second: [Double]

    public init(_ settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        first = Array(repeating: 0, count: settings.kind == .sgd ? 0 : parameterCount)
        second = Array(repeating: 0, count: settings.kind == .adam ? parameterCount : 0)
    }

    /// Applies one update to `parameters` from `gradients`. Returns false when
    /// any updated parameter is not finite (the caller restores a snapshot).
    @discardableResult
    public func step(_ parameters: inout [Double], gradients: [Double]) -> Bool {
        precondition(parameters.count == gradients.count, "\(parameters.count) parameters but \(gradients.count) gradients")
        stepCount += 1
        let s = settings, lr = s.learningRate
        var check = 0.0  // x − x is 0 for finite x and NaN otherwise
        parameters.withUnsafeMutableBufferPointer { w in
            gradients.withUnsafeBufferPointer { g in
                let n = w.count
                switch s.kind {
                case .sgd:
                    for k in 0..<n {
                        w[k] -= lr * g[k]
                        check += w[k] - w[k]
                    }
                case .momentum, .nesterov:
                    let mu = s.momentum, nesterov = s.kind == .nesterov
                    first.withUnsafeMutableBufferPointer { v in
                        for k in 0..<n {
                            v[k] = mu * v[k] + g[k]
                            w[k] -= lr * (nesterov ? g[k] + mu * v[k] : v[k])
                            check += w[k] - w[k]
                        }
                    }
                case .adam:
                    let t = Double(stepCount)
                    let stepSize = lr / (1 - pow(s.beta1, t))
                    let correction2 = (1 - pow(s.beta2, t)).squareRoot()
                    let (b1, b2, eps) = (s.beta1, s.beta2, s.epsilon)
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            for k in 0..<n {
                                m[k] = b1 * m[k] + (1 - b1) * g[k]
                                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                                w[k] -= stepSize * m[k] / (v[k].squareRoot() / correction2 + eps)
                                check += w[k] - w[k]
                            }
                        }
                    }
                }
            }
        }
        return check == 0
    }
}
