/// One optimizer update rule with its numbers for this step (Adam's bias
/// corrections already worked out): what `ParameterUpdate` applies.
@frozen public struct UpdateRule {
    public enum Kind { case sgd, momentum, nesterov, adam }

    public let kind: Kind
    public let learningRate: Double
    /// μ (momentum, nesterov).
    public let momentum: Double
    /// β₁, β₂ and ε (adam).
    public let beta1: Double, beta2: Double, epsilon: Double
    /// η / (1 − β₁ᵗ) and √(1 − β₂ᵗ) (adam).
    public let stepSize: Double, correction2: Double

    @inlinable
    public init(kind: Kind, learningRate: Double, momentum: Double, beta1: Double, beta2: Double, epsilon: Double,
                stepSize: Double, correction2: Double) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.stepSize = stepSize
        self.correction2 = correction2
    }
}

/// The buffers of one update: parameters and gradients read, the updated
/// parameters and optimizer state written beside the old ones (`Optimizer`
/// keeps them only when every parameter is finite). `first` holds
/// velocities or first moments, `second` second moments; unused ones may
/// point anywhere.
@frozen public struct UpdateBuffers {
    public let parameters: UnsafePointer<Double>, gradients: UnsafePointer<Double>
    public let updated: UnsafeMutablePointer<Double>
    public let first: UnsafePointer<Double>, nextFirst: UnsafeMutablePointer<Double>
    public let second: UnsafePointer<Double>, nextSecond: UnsafeMutablePointer<Double>

    @inlinable
    public init(parameters: UnsafePointer<Double>, gradients: UnsafePointer<Double>, updated: UnsafeMutablePointer<Double>,
                first: UnsafePointer<Double>, nextFirst: UnsafeMutablePointer<Double>,
                second: UnsafePointer<Double>, nextSecond: UnsafeMutablePointer<Double>) {
        self.parameters = parameters
        self.gradients = gradients
        self.updated = updated
        self.first = first
        self.nextFirst = nextFirst
        self.second = second
        self.nextSecond = nextSecond
    }
}

/// The optimizer's step over a range of parameters, `V.scalarCount` at a
/// time, generic over width like `TileLoop` so machines with AVX-512 run it
/// eight lanes at a time (Adam's square root and divisions are most of a
/// step of a mid-sized network, and run twice as fast there). Each lane does
/// the same operations in the same order, and a short last group reads 0 in
/// its missing lanes and does not write them: every parameter gets the same
/// bits whatever the width.
public enum ParameterUpdate {
    /// Writes the updated parameters and state for `range`; true when all of
    /// the updated parameters are finite.
    /// `Instance` is a type of the module instantiating the loop (see `KernelInstance`).
    @inlinable
    public static func apply<V: SIMD, Instance: KernelInstance>(_: V.Type, _: Instance.Type, _ rule: UpdateRule,
                                                                _ buffers: UpdateBuffers, _ range: Range<Int>) -> Bool
    where V.Scalar == Double {
        var check = V()  // x − x is 0 for finite x and NaN otherwise
        let full = range.lowerBound + range.count / V.scalarCount * V.scalarCount
        for k in stride(from: range.lowerBound, to: full, by: V.scalarCount) {
            check += group(V.self, rule, buffers, k, V.scalarCount)
        }
        if full < range.upperBound { check += group(V.self, rule, buffers, full, range.upperBound - full) }
        return check == V()
    }

    /// One group of `lanes` parameters from `k`; returns updated − updated.
    @_transparent @usableFromInline
    static func group<V: SIMD>(_: V.Type, _ rule: UpdateRule, _ b: UpdateBuffers, _ k: Int, _ lanes: Int) -> V
    where V.Scalar == Double {
        let w = V.load(b.parameters, k, lanes: lanes), g = V.load(b.gradients, k, lanes: lanes)
        let updated: V
        switch rule.kind {
        case .sgd:
            updated = w - rule.learningRate * g
        case .momentum, .nesterov:
            let mu = rule.momentum
            let velocity = mu * V.load(b.first, k, lanes: lanes) + g
            updated = w - rule.learningRate * (rule.kind == .nesterov ? g + mu * velocity : velocity)
            velocity.store(b.nextFirst, k, lanes: lanes)
        case .adam:
            let (b1, b2) = (rule.beta1, rule.beta2)
            let moment = b1 * V.load(b.first, k, lanes: lanes) + (1 - b1) * g
            let square = b2 * V.load(b.second, k, lanes: lanes) + (1 - b2) * g * g
            updated = w - rule.stepSize * moment / (square.squareRoot() / rule.correction2 + rule.epsilon)
            moment.store(b.nextFirst, k, lanes: lanes)
            square.store(b.nextSecond, k, lanes: lanes)
        }
        updated.store(b.updated, k, lanes: lanes)
        return updated - updated
    }
}
