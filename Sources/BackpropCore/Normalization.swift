/// How raw inputs are scaled before they reach layer 1: x' = (x − offset) / scale.
///
/// Fitted on the training split only and stored with the model, so `forward`,
/// `predict`, plots and saved models all scale inputs the same way.
/// - zscore: offset = mean, scale = standard deviation (population).
/// - minmax: offset = min, scale = max − min (inputs land in [0, 1]).
/// A constant column gets scale 1, so it maps to 0 instead of NaN.
public struct Normalization: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case zscore, minmax, none
    }

    public var kind: Kind
    public var offset: [Double]
    public var scale: [Double]

    public init(kind: Kind, offset: [Double], scale: [Double]) {
        precondition(offset.count == scale.count, "normalisation offset and scale differ in length")
        self.kind = kind
        self.offset = offset
        self.scale = scale
    }

    /// Fits the normalisation on the rows of `x`.
    public static func fit(_ kind: Kind, to x: Matrix) -> Normalization {
        let n = x.rows, m = x.columns
        var offset = Array(repeating: 0.0, count: m), scale = Array(repeating: 1.0, count: m)
        guard n > 0 else { return Normalization(kind: kind, offset: offset, scale: scale) }
        for c in 0..<m {
            switch kind {
            case .none:
                break
            case .zscore:
                var sum = 0.0
                for r in 0..<n { sum += x[r, c] }
                let mean = sum / Double(n)
                var squares = 0.0
                for r in 0..<n { squares += (x[r, c] - mean) * (x[r, c] - mean) }
                let sd = (squares / Double(n)).squareRoot()
                offset[c] = mean
                scale[c] = sd > 0 ? sd : 1
            case .minmax:
                var lo = Double.infinity, hi = -Double.infinity
                for r in 0..<n { lo = min(lo, x[r, c]); hi = max(hi, x[r, c]) }
                offset[c] = lo
                scale[c] = hi > lo ? hi - lo : 1
            }
        }
        return Normalization(kind: kind, offset: offset, scale: scale)
    }

    public func apply(_ x: [Double]) -> [Double] {
        precondition(x.count == offset.count, "input of \(x.count) values for a normalisation of \(offset.count)")
        return zip(x, zip(offset, scale)).map { ($0 - $1.0) / $1.1 }
    }

    public func apply(_ x: Matrix) -> Matrix {
        var out = x
        for r in 0..<x.rows { for c in 0..<x.columns { out[r, c] = (x[r, c] - offset[c]) / scale[c] } }
        return out
    }
}
