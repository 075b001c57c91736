import BackpropCore

/// A `NonFiniteValue` as the error `grad`, `check` and `paths` stop with:
/// what is not finite, where it first appears (layer, neuron, sample), and
/// what to do. A NaN is never reported as a small gradient.
struct NonFiniteText {
    let format: (Double) -> String
    let samples: DerivativeSamples

    func message(_ bad: NonFiniteValue) -> String {
        let value = format(bad.value)
        let stop = "nothing to compare until it is finite (`init` re-initialises the weights, `set` changes one)"
        switch bad.site {
        case .parameter(let reference):
            return "\(reference) is \(value): \(stop)"
        case let .netInput(l, j, r):
            return "E is not finite: z\(l)[\(j + 1)] of \(sample(r)) is \(value), the first number that is not "
                + "(layer \(l), neuron \(j + 1): its weighted sum overflows); \(stop)"
        case let .activation(l, j, r):
            return "E is not finite: a\(l)[\(j + 1)] of \(sample(r)) is \(value), the first number that is not "
                + "(layer \(l), neuron \(j + 1)); \(stop)"
        case .loss:
            return "E is \(value) although every output is finite (the loss overflows); \(stop)"
        case .penalty:
            return "the penalty term l1·Σ|w| + l2/2·Σw² is \(value) (penalty=no leaves it out); \(stop)"
        case let .delta(l, j, r):
            return "backprop is not finite: d\(l)[\(j + 1)] of \(sample(r)) is \(value), the first delta that is not "
                + "(layer \(l), neuron \(j + 1), on the way back from the output); \(stop)"
        case .gradient(let reference):
            return "backprop is not finite: dE/d\(reference) is \(value) (a·d overflows); \(stop)"
        case let .difference(reference, shift):
            return "the finite difference is not finite: E with \(reference) \(shift < 0 ? "−" : "+") ε is \(value) "
                + "although E is finite (ε = \(FiniteDifference.describeEpsilon(abs(shift))))"
        }
    }

    /// Row `r` of the pass, by the name the user knows it by.
    private func sample(_ r: Int) -> String {
        if samples.isForward { return "the sample of the last `forward`" }
        return "sample \(samples.trainingSample ?? r + 1)"
    }
}

extension CommandContext {
    /// Runs `body`, turning a NaN or infinity it meets into the error that names it.
    func explainingNonFinite<T>(_ samples: DerivativeSamples, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let bad as NonFiniteValue {
            throw LabError(NonFiniteText(format: format, samples: samples).message(bad))
        }
    }
}
