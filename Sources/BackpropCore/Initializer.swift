#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How weights start. Biases always start at 0 and draw nothing.
///
/// One SplitMix64 stream serves the whole network, layer by layer; each W
/// (fan_in × fan_out) is filled in row-major order with one draw u per weight:
///
/// - xavier (Glorot uniform): (2u − 1) · √(6 / (fan_in + fan_out))
/// - he (He uniform, for relu): (2u − 1) · √(6 / fan_in)
/// - uniform(lo, hi): lo + (hi − lo) · u
/// - zeros: 0 (draws nothing; every hidden neuron then stays identical)
///
/// This is the order of docs/generator.md, so NumPy and PyTorch
/// reference scripts start from the same bits.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
    case xavier
    case he
    case uniform(Double, Double)
    case zeros

    /// Parses `xavier`, `he`, `zeros`, `uniform(a)` (= uniform(−a,a)) or `uniform(lo,hi)`.
    public init(name: String) throws {
        let text = name.lowercased().replacingOccurrences(of: " ", with: "")
        switch text {
        case "xavier", "glorot": self = .xavier
        case "he", "kaiming": self = .he
        case "zeros", "zero": self = .zeros
        default:
            guard text.hasPrefix("uniform(") && text.hasSuffix(")") else {
                throw CoreError.unknownName("unknown initialiser '\(name)' (expected xavier, he, uniform(a), uniform(lo,hi) or zeros)")
            }
            let inner = text.dropFirst("uniform(".count).dropLast()
            let values = inner.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
            guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
                throw CoreError.invalidSize("uniform(...) needs finite numbers, got '\(name)'")
            }
            let (lo, hi): (Double, Double)
            switch values.count {
            case 1: (lo, hi) = (-abs(values[0]!), abs(values[0]!))
            case 2: (lo, hi) = (values[0]!, values[1]!)
            default: throw CoreError.invalidSize("uniform takes one or two numbers, got '\(name)'")
            }
            guard lo <= hi else { throw CoreError.invalidSize("uniform(lo,hi) needs lo ≤ hi, got '\(name)'") }
            // lo + (hi − lo)·u: a width beyond the largest double would make every weight infinite.
            guard (hi - lo).isFinite else {
                throw CoreError.invalidSize("uniform(lo,hi) needs hi − lo within the range of doubles (≈ 1.8e308), got '\(name)'")
            }
            self = .uniform(lo, hi)
        }
    }

    public var description: String {
        switch self {
        case .xavier: return "xavier"
        case .he: return "he"
        case .zeros: return "zeros"
        case let .uniform(lo, hi): return "uniform(\(Initializer.short(lo)),\(Initializer.short(hi)))"
        }
    }

    /// 1 rather than 1.0, 0.25 as is.
    static func short(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    /// Sets every weight of `network` from a stream seeded with `seed`; biases to 0.
    public func initialize(_ network: inout Network, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for layer in network.layers {
            let scale: Double
            switch self {
            case .xavier: scale = (6.0 / Double(layer.inputs + layer.outputs)).squareRoot()
            case .he: scale = (6.0 / Double(layer.inputs)).squareRoot()
            case .uniform, .zeros: scale = 0
            }
            for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) {
                switch self {
                case .xavier, .he: network.parameters[k] = (2 * rng.uniform01() - 1) * scale
                case let .uniform(lo, hi): network.parameters[k] = rng.uniform(lo, hi)
                case .zeros: network.parameters[k] = 0
                }
            }
            for k in layer.biasOffset..<(layer.biasOffset + layer.outputs) { network.parameters[k] = 0 }
        }
    }
}
