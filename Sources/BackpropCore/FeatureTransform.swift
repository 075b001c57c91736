import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input feature computed from the raw columns x1, x2, … (as in the
/// TensorFlow Playground): `x1`, `x1^2` (any whole power up to 9), `x1*x2`,
/// `sin(x1)`, `cos(x1)`.
public enum FeatureTransform: Equatable, Sendable, CustomStringConvertible {
    case column(Int)
    case power(Int, Int)
    case product(Int, Int)
    case sine(Int)
    case cosine(Int)

    /// Parses one feature for data with `columns` raw inputs (x1 … x<columns>).
    public init(parsing text: String, columns: Int) throws {
        let s = text.lowercased().replacingOccurrences(of: " ", with: "")
        func column(_ name: Substring) throws -> Int {
            guard name.hasPrefix("x"), let k = Int(name.dropFirst()), (1...columns).contains(k) else {
                throw CoreError.unknownName("'\(text)': inputs are x1…x\(columns)")
            }
            return k - 1
        }
        if s.hasPrefix("sin("), s.hasSuffix(")") {
            self = .sine(try column(s.dropFirst(4).dropLast()))
        } else if s.hasPrefix("cos("), s.hasSuffix(")") {
            self = .cosine(try column(s.dropFirst(4).dropLast()))
        } else if let caret = s.firstIndex(of: "^") {
            guard let k = Int(s[s.index(after: caret)...]), (1...9).contains(k) else {
                throw CoreError.unknownName("'\(text)': powers are whole numbers 1…9, like x1^2")
            }
            self = .power(try column(s[..<caret]), k)
        } else if let star = s.firstIndex(of: "*") {
            self = .product(try column(s[..<star]), try column(s[s.index(after: star)...]))
        } else if s.hasPrefix("x") {
            self = .column(try column(Substring(s)))
        } else {
            throw CoreError.unknownName("'\(text)' is not a feature (use x1, x1^2, x1*x2, sin(x1), cos(x1))")
        }
    }

    public func value(_ x: [Double]) -> Double {
        switch self {
        case .column(let i): return x[i]
        case let .power(i, k): return (0..<k).reduce(1.0) { product, _ in product * x[i] }
        case let .product(i, j): return x[i] * x[j]
        case .sine(let i): return sin(x[i])
        case .cosine(let i): return cos(x[i])
        }
    }

    public var description: String {
        switch self {
        case .column(let i): return "x\(i + 1)"
        case let .power(i, k): return "x\(i + 1)^\(k)"
        case let .product(i, j): return "x\(i + 1)*x\(j + 1)"
        case .sine(let i): return "sin(x\(i + 1))"
        case .cosine(let i): return "cos(x\(i + 1))"
        }
    }
}
