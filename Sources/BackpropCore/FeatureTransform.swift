import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input feature computed from the raw columns x1, x2, … (as in the
/// TensorFlow Playground): `x1`, `x1^2` (any whole power up to 9), `x1*x2`,
/// `sin(x1)`, `cos(x1)`. Columns are 0-based inside, x1… when written.
public enum FeatureTransform: Equatable, Sendable, CustomStringConvertible {
    case column(Int)
    case power(Int, Int)
    case product(Int, Int)
    case sine(Int)
    case cosine(Int)

    /// Parses one feature; `column` turns an operand (`x2`, or a column name
    /// when the caller knows names) into a 0-based column or throws.
    /// A text that is itself a column name is that column, so names may
    /// contain `^` or `*`; otherwise `^` and `*` split operands.
    public init(parsing text: String, column: (String) throws -> Int) throws {
        if let whole = try? column(text) {
            self = .column(whole)
            return
        }
        let function = text.prefix(4).lowercased()
        if function == "sin(" || function == "cos(", text.hasSuffix(")") {
            let inner = try column(String(text.dropFirst(4).dropLast()))
            self = function == "sin(" ? .sine(inner) : .cosine(inner)
        } else if let caret = text.lastIndex(of: "^") {
            guard let k = Int(text[text.index(after: caret)...]), (1...9).contains(k) else {
                throw CoreError.unknownName("'\(text)': powers are whole numbers 1…9, like x1^2")
            }
            self = .power(try column(String(text[..<caret])), k)
        } else if let star = text.firstIndex(of: "*") {
            self = .product(try column(String(text[..<star])), try column(String(text[text.index(after: star)...])))
        } else {
            self = .column(try column(text))
        }
    }

    /// Parses one feature over `columns` raw inputs named x1 … x<columns>.
    public init(parsing text: String, columns: Int) throws {
        try self.init(parsing: text) { try FeatureTransform.xColumn($0, columns: columns) }
    }

    /// The 0-based column of `x<k>` (1 ≤ k ≤ columns).
    public static func xColumn(_ name: String, columns: Int) throws -> Int {
        guard name.first == "x" || name.first == "X", let k = Int(name.dropFirst()), (1...columns).contains(k) else {
            throw CoreError.unknownName("'\(name)': inputs are x1…x\(columns)")
        }
        return k - 1
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

    /// The feature written with the raw columns' names (`petal_length^2`).
    public func name(columns names: [String]) -> String { written { names[$0] } }

    /// The feature over x1, x2, … (as saved in model files).
    public var description: String { written { "x\($0 + 1)" } }

    private func written(_ column: (Int) -> String) -> String {
        switch self {
        case .column(let i): return column(i)
        case let .power(i, k): return "\(column(i))^\(k)"
        case let .product(i, j): return "\(column(i))*\(column(j))"
        case .sine(let i): return "sin(\(column(i)))"
        case .cosine(let i): return "cos(\(column(i)))"
        }
    }
}
