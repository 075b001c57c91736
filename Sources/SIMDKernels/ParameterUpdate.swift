/// One optimizer update rule with its numbers for this step (Adam's bias
/// corrections already worked out): what `ParameterUpdate` applies.
@frozen public enum UpdateRule {
    /// w ← w − η g
    case sgd(learningRate: Double)
    /// v ← μ v + g; w ← w − η v, or w − η (g + μ v) for Nesterov.
    case momentum(learningRate: Double, momentum: Double, nesterov: Bool)
    /// m ← β₁ m + (1 − β₁) g; s ← β₂ s + (1 − β₂) g²; w ← w − stepSize · m / (√s / correction2 + ε),
    /// with stepSize = η / (1 − β₁ᵗ) and correction2 = √(1 − β₂ᵗ).
    case adam(stepSize: Double, correction2: Double, beta1: Double, beta2: Double, epsilon: Double)
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
    /// the updated parameters are finite. The rule is looked at once, outside
    /// the loop over the parameters. `Instance` is a type of the module
    /// instantiating the loop (see `KernelInstance`).
    @inlinable
    public static func apply<V: SIMD, Instance: KernelInstance>(_: V.Type, _: Instance.Type, _ rule: UpdateRule,
                                                                _ buffers: UpdateBuffers, _ range: Range<Int>) -> Bool
    where V.Scalar == Double {
        switch rule {
        case .sgd(let learningRate):
            return groups(V.self, SGD(learningRate: learningRate), buffers, range)
        case .momentum(let learningRate, let momentum, let nesterov):
            return groups(V.self, Momentum(learningRate: learningRate, mu: momentum, nesterov: nesterov), buffers, range)
        case .adam(let stepSize, let correction2, let beta1, let beta2, let epsilon):
            return groups(V.self, Adam(stepSize: stepSize, correction2: correction2, b1: beta1, b2: beta2, epsilon: epsilon),
                          buffers, range)
        }
    }

    /// Updates the groups of `range`, V.scalarCount parameters each but a
    /// short last one; true when every updated value is finite (x − x is 0
    /// for finite x and NaN otherwise).
    @_transparent @usableFromInline
    static func groups<V: SIMD, Rule: GroupRule>(_: V.Type, _ rule: Rule, _ b: UpdateBuffers, _ range: Range<Int>) -> Bool
    where V.Scalar == Double {
        var check = V()
        let full = range.lowerBound + range.count / V.scalarCount * V.scalarCount
        for k in stride(from: range.lowerBound, to: full, by: V.scalarCount) {
            let updated: V = rule.update(b, k, V.scalarCount)
            check += updated - updated
        }
        if full < range.upperBound {
            let updated: V = rule.update(b, full, range.upperBound - full)
            check += updated - updated
        }
        return check == V()
    }
}

/// One rule's update of the group of `lanes` parameters from `k`: writes
/// the new state and parameters, returns the new parameters. A type per
/// rule, so each loop is specialised for its rule and the rule's arithmetic
/// is inlined into it.
@usableFromInline
protocol GroupRule {
    func update<V: SIMD>(_ b: UpdateBuffers, _ k: Int, _ lanes: Int) -> V where V.Scalar == Double
}

@usableFromInline
struct SGD: GroupRule {
    @usableFromInline let learningRate: Double

    @inlinable init(learningRate: Double) { self.learningRate = learningRate }

    @_transparent @usableFromInline
    func update<V: SIMD>(_ b: UpdateBuffers, _ k: Int, _ lanes: Int) -> V where V.Scalar == Double {
        let updated = V.load(b.parameters, k, lanes: lanes) - learningRate * V.load(b.gradients, k, lanes: lanes)
        updated.store(b.updated, k, lanes: lanes)
        return updated
    }
}

@usableFromInline
struct Momentum: GroupRule {
    @usableFromInline let learningRate: Double, mu: Double, nesterov: Bool

    @inlinable init(learningRate: Double, mu: Double, nesterov: Bool) {
        self.learningRate = learningRate
        self.mu = mu
        self.nesterov = nesterov
    }

    @_transparent @usableFromInline
    func update<V: SIMD>(_ b: UpdateBuffers, _ k: Int, _ lanes: Int) -> V where V.Scalar == Double {
        let g = V.load(b.gradients, k, lanes: lanes)
        let velocity = mu * V.load(b.first, k, lanes: lanes) + g
        let updated = V.load(b.parameters, k, lanes: lanes) - learningRate * (nesterov ? g + mu * velocity : velocity)
        velocity.store(b.nextFirst, k, lanes: lanes)
        updated.store(b.updated, k, lanes: lanes)
        return updated
    }
}

@usableFromInline
struct Adam: GroupRule {
    @usableFromInline let stepSize: Double, correction2: Double, b1: Double, b2: Double, epsilon: Double

    @inlinable init(stepSize: Double, correction2: Double, b1: Double, b2: Double, epsilon: Double) {
        self.stepSize = stepSize
        self.correction2 = correction2
        self.b1 = b1
        self.b2 = b2
        self.epsilon = epsilon
    }

    @_transparent @usableFromInline
    func update<V: SIMD>(_ b: UpdateBuffers, _ k: Int, _ lanes: Int) -> V where V.Scalar == Double {
        let g = V.load(b.gradients, k, lanes: lanes)
        let moment = b1 * V.load(b.first, k, lanes: lanes) + (1 - b1) * g
        let square = b2 * V.load(b.second, k, lanes: lanes) + (1 - b2) * g * g
        let updated = V.load(b.parameters, k, lanes: lanes) - stepSize * moment / (square.squareRoot() / correction2 + epsilon)
        moment.store(b.nextFirst, k, lanes: lanes)
        square.store(b.nextSecond, k, lanes: lanes)
        updated.store(b.updated, k, lanes: lanes)
        return updated
    }
}
