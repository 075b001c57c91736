/// The terms `grad` and `paths` are made of: numbers, each named by the
/// quantity of the pass it is. The core computes them; the Lab writes them
/// out as text, so the wording can change without touching the arithmetic.

/// A quantity of one sample's pass, in the user's notation (layers from 1,
/// layer 0 the input; neurons stored 0-based, shown 1-based).
public enum Symbol: Equatable, Sendable, CustomStringConvertible {
    /// a_l[j]: a neuron's output (layer 0: an input).
    case activation(layer: Int, neuron: Int)
    /// d_l[j] = dE/dz_l[j]: a neuron's delta.
    case delta(layer: Int, neuron: Int)
    /// f'(z_l[j]): the slope of the neuron's activation at its net input.
    case slope(layer: Int, neuron: Int)
    /// w_l[i,j]: the weight from neuron i of layer l − 1 to neuron j of layer l.
    case weight(layer: Int, from: Int, to: Int)
    /// o[k]: an output of the network.
    case output(Int)
    /// e[k]: a target.
    case target(Int)
    /// dE/do[k]: the loss's own derivative by an output.
    case lossSlope(Int)

    public var description: String {
        switch self {
        case let .activation(l, j): return "a\(l)[\(j + 1)]"
        case let .delta(l, j): return "d\(l)[\(j + 1)]"
        case let .slope(l, j): return "f'(z\(l)[\(j + 1)])"
        case let .weight(l, i, j): return "w\(l)[\(i + 1),\(j + 1)]"
        case let .output(k): return "o[\(k + 1)]"
        case let .target(k): return "e[\(k + 1)]"
        case let .lossSlope(k): return "dE/do[\(k + 1)]"
        }
    }
}

/// One named number of a chain.
public struct Factor: Equatable, Sendable {
    public let symbol: Symbol
    public let value: Double

    public init(_ symbol: Symbol, _ value: Double) {
        self.symbol = symbol
        self.value = value
    }

    public var name: String { symbol.description }
}

/// A product of two factors: w·d inside a sum, or a·d for a weight.
public struct Term: Equatable, Sendable {
    public let left: Factor
    public let right: Factor

    public var value: Double { left.value * right.value }
}

/// A list as a chain shows it: whole up to `limit` elements; longer, the
/// first `limit − 1` and the last, with `elided` left out before the last.
/// Only the elements kept are computed, which keeps a wide chain cheap.
public struct Excerpt<Element: Sendable>: Sendable {
    public let elements: [Element]
    public let elided: Int

    /// How many elements the whole list has.
    public var count: Int { elements.count + elided }

    init(count: Int, limit: Int = GradientExplanation.termsPerSum, _ element: (Int) -> Element) {
        if count > limit {
            elements = (0..<(limit - 1)).map(element) + [element(count - 1)]
            elided = count - limit
        } else {
            elements = (0..<count).map(element)
            elided = 0
        }
    }
}

/// Σ_k of two-factor terms, with the value of the whole sum.
public struct Sum: Sendable {
    public let terms: Excerpt<Term>
    public let value: Double
}

/// How the explained parameter's own derivative is made.
public enum ChainHead: Sendable {
    /// dE/dw_l[i,j] = a_{l−1}[i] · d_l[j].
    case weight(Term)
    /// dE/db_l[j] = d_l[j].
    case bias(Factor)
    /// dE/dx[i] = Σ_k w1[i,k] · d1[k] for input i, its value as backprop computes it.
    case input(Int, Sum)
}

/// One line of the delta rule, top-down.
public enum ChainStep: Sendable {
    case hidden(HiddenDelta)
    case output(OutputDelta)
    /// The deltas of a layer's remaining `neurons`, values only (the first of them).
    case rest(layer: Int, neurons: Range<Int>, deltas: [Factor])
    /// The layers between the ends of a deep chain, summarised by the norm
    /// ‖d_m‖ of each (first entry: the first layer).
    case fold(layers: ClosedRange<Int>, norms: [Double])
}

/// d_l[j] = f'(z_l[j]) · Σ_k w_{l+1}[j,k] · d_{l+1}[k], for a hidden neuron.
public struct HiddenDelta: Sendable {
    public let layer: Int
    public let neuron: Int
    public let activation: Activation
    public let slope: Factor
    public let sum: Sum
    public let delta: Factor
}

/// An output neuron's delta d_L[k], from the loss's own dE/do[k].
public struct OutputDelta: Sendable {
    public let layer: Int
    public let neuron: Int
    public let loss: Loss
    public let activation: Activation
    public let output: Factor
    public let target: Factor
    public let form: Form
    public let delta: Factor

    /// What the delta is made of, which depends on the loss and the output
    /// activation (see `Loss` for the closed forms backprop computes).
    public enum Form: Sendable {
        /// dE/do[k] · f'(z_L[k]), for an element-wise output.
        case elementwise(slope: Factor)
        /// sigmoid + bce: (o − e)/(o(1 − o)) · o(1 − o), which cancels to o − e;
        /// `lossSlope` is not finite when o rounds to 0 or 1.
        case sigmoidBCE(lossSlope: Factor, complement: Double, slope: Factor)
        /// softmax + ce: Σ_j (−e[j]/o[j]) · o[j]·([j = k] − o[k]) = o[k]·Σ_j e[j] − e[k].
        case softmaxCE(quotients: Excerpt<Quotient>, allFinite: Bool, targetSum: Double)
        /// softmax + mse: o[k]·((o[k] − e[k]) − Σ_j (o[j] − e[j])·o[j]).
        case softmaxMSE(error: Double, dot: Double)
    }
}

/// dE/do[j] = −e[j]/o[j] of cross-entropy.
public struct Quotient: Sendable {
    public let target: Factor
    public let output: Factor
    public let value: Double
}
