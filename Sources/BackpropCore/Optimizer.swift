#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if X86_KERNELS
import AVX512Kernels
#endif
import SIMDKernels

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
/// parameter buffer.
///
/// A step writes the updated parameters and state into a second set of
/// buffers and keeps them only when every updated parameter is finite;
/// otherwise the parameters and the state stay as they were. So a diverging
/// step needs no snapshot to be undone, and cannot poison the state. The
/// buffers are allocated once; `step` allocates nothing (unless the caller's
/// array is shared, which copies it once).
public final class Optimizer {
    public let settings: OptimizerSettings
    /// Updates applied so far (Adam's t).
    public private(set) var stepCount = 0
    /// Velocities (momentum, nesterov) or first moments (adam); empty for sgd.
    private var first: UnsafeMutableBufferPointer<Double>
    /// Second moments (adam only).
    private var second: UnsafeMutableBufferPointer<Double>
    /// Where a step writes before it is kept.
    private var nextParameters: [Double]
    private var nextFirst: UnsafeMutableBufferPointer<Double>, nextSecond: UnsafeMutableBufferPointer<Double>

    public init(_ settings: OptimizerSettings, parameterCount: Int) {
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        self.settings = settings
        let firstCount = settings.kind == .sgd ? 0 : parameterCount, secondCount = settings.kind == .adam ? parameterCount : 0
        first = zeros(firstCount)
        nextFirst = zeros(firstCount)
        second = zeros(secondCount)
        nextSecond = zeros(secondCount)
        nextParameters = Array(repeating: 0, count: parameterCount)
    }

    /// A copy of the state the next step reads, for `export pytorch`: `first`
    /// holds the velocities (momentum, nesterov) or first moments (adam),
    /// `second` the second moments (adam); each is empty where unused.
    public var state: (first: [Double], second: [Double]) { (Array(first), Array(second)) }

    deinit {
        for buffer in [first, nextFirst, second, nextSecond] { buffer.deallocate() }
    }

    /// Applies one update to `parameters` from `gradients`. Returns false, and
    /// changes neither the parameters nor the optimizer's state, when any
    /// updated parameter would not be finite. Large updates are shared with a
    /// second core. The `frozen` parameters keep their values and their state
    /// (give them finite gradients, 0 say: every entry is updated, then they
    /// are put back).
    @discardableResult
    public func step(_ parameters: inout [Double], gradients: [Double], frozen: FrozenParameters = FrozenParameters()) -> Bool {
        step(&parameters, gradients: gradients, frozen: frozen, using: .selected)
    }

    /// `step` on the chosen instance of the update loop (tests compare them).
    func step(_ parameters: inout [Double], gradients: [Double], frozen: FrozenParameters = FrozenParameters(),
              using instructions: InstructionSet) -> Bool {
        precondition(parameters.count == gradients.count && parameters.count == nextParameters.count,
                     "\(parameters.count) parameters and \(gradients.count) gradients for an optimizer of \(nextParameters.count)")
        let rule = rule(step: Double(stepCount + 1))
        let finite = parameters.withUnsafeBufferPointer { w in
            gradients.withUnsafeBufferPointer { g in
                nextParameters.withUnsafeMutableBufferPointer { out in
                    let buffers = UpdateBuffers(parameters: Self.address(w), gradients: Self.address(g), updated: Self.address(out),
                                                first: Self.address(first), nextFirst: Self.address(nextFirst),
                                                second: Self.address(second), nextSecond: Self.address(nextSecond))
                    let count = w.count
                    guard count >= Optimizer.splitThreshold else { return Self.update(rule, buffers, 0..<count, instructions) }
                    // Two cores, each on its half of the parameters.
                    var finite = (false, false)
                    withUnsafeMutablePointer(to: &finite) { finite in
                        SecondCore.shared.run(Update(rule: rule, buffers: buffers, count: count, instructions: instructions,
                                                     finite: finite))
                    }
                    return finite.0 && finite.1
                }
            }
        }
        guard finite else { return false }
        for k in frozen.indices {
            nextParameters[k] = parameters[k]
            if !first.isEmpty { nextFirst[k] = first[k] }
            if !second.isEmpty { nextSecond[k] = second[k] }
        }
        swap(&parameters, &nextParameters)
        swap(&first, &nextFirst)
        swap(&second, &nextSecond)
        stepCount += 1
        return true
    }

    /// Parameters from which a step is shared with a second core.
    static let splitThreshold = 8192

    /// The settings as the update loop takes them, for step t.
    private func rule(step t: Double) -> UpdateRule {
        let s = settings
        switch s.kind {
        case .sgd:
            return .sgd(learningRate: s.learningRate)
        case .momentum, .nesterov:
            return .momentum(learningRate: s.learningRate, momentum: s.momentum, nesterov: s.kind == .nesterov)
        case .adam:
            return .adam(stepSize: s.learningRate / (1 - pow(s.beta1, t)), correction2: (1 - pow(s.beta2, t)).squareRoot(),
                         beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon)
        }
    }

    /// Writes step t's parameters and state for `range`, in the chosen
    /// instance of the loop; true when all of them are finite.
    private static func update(_ rule: UpdateRule, _ buffers: UpdateBuffers, _ range: Range<Int>,
                               _ instructions: InstructionSet) -> Bool {
        #if X86_KERNELS
        if instructions == .avx512 { return AVX512Kernels.update(rule, buffers, range) }
        #endif
        return ParameterUpdate.apply(SIMD4<Double>.self, InstructionSet.self, rule, buffers, range)
    }

    /// An update in two halves of the parameters, each saying whether its
    /// parameters are finite.
    private struct Update: TwoPartJob {
        let rule: UpdateRule, buffers: UpdateBuffers, count: Int, instructions: InstructionSet
        let finite: UnsafeMutablePointer<(Bool, Bool)>

        static var kind: Int { 1 }
        var work: Int { count }

        func run(part: Int) {
            let half = (count / 2) & ~7
            if part == 0 {
                finite.pointee.0 = Optimizer.update(rule, buffers, 0..<half, instructions)
            } else {
                finite.pointee.1 = Optimizer.update(rule, buffers, half..<count, instructions)
            }
        }
    }

    /// A buffer's first element; for an empty buffer (state a rule does not
    /// use), a pointer that is never read.
    private static func address(_ buffer: UnsafeBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        UnsafeMutablePointer(mutating: buffer.baseAddress) ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!
    }

    private static func address(_ buffer: UnsafeMutableBufferPointer<Double>) -> UnsafeMutablePointer<Double> {
        address(UnsafeBufferPointer(buffer))
    }
}
