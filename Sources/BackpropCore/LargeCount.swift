import Foundation

/// A count that may exceed every integer type (paths through a deep network:
/// 16⁹⁹ for a 100-layer width-16 net), kept as its base-10 logarithm.
public struct LargeCount: Comparable, Sendable, CustomStringConvertible {
    public var log10Value: Double

    public init(_ value: Double) {
        log10Value = value > 0 ? Foundation.log10(value) : -.infinity
    }

    public init(log10 value: Double) {
        log10Value = value
    }

    /// The product of the given factors, computed in log space.
    public static func product(_ factors: [Int]) -> LargeCount {
        LargeCount(log10: factors.reduce(0.0) { $0 + Foundation.log10(Double($1)) })
    }

    public static func + (lhs: LargeCount, rhs: LargeCount) -> LargeCount {
        let (big, small) = lhs >= rhs ? (lhs, rhs) : (rhs, lhs)
        guard small.log10Value > -.infinity else { return big }
        return LargeCount(log10: big.log10Value + Foundation.log10(1 + pow(10, small.log10Value - big.log10Value)))
    }

    public static func * (lhs: LargeCount, rhs: LargeCount) -> LargeCount {
        LargeCount(log10: lhs.log10Value + rhs.log10Value)
    }

    public static func < (lhs: LargeCount, rhs: LargeCount) -> Bool { lhs.log10Value < rhs.log10Value }

    /// The value as an integer when it is one that fits comfortably.
    public var exactValue: Int? {
        guard log10Value < 15 else { return nil }
        return Int(pow(10, log10Value).rounded())
    }

    /// 1,234,567 below 10¹⁵; 1.6e+120 up to Double's range; 10^412.3 beyond.
    public var description: String {
        if log10Value == -.infinity { return "0" }
        if let exact = exactValue { return LargeCount.grouped(exact) }
        if log10Value < 300 { return String(format: "%.2g", pow(10, log10Value)) }
        return String(format: "10^%.1f", log10Value)
    }

    /// lhs / rhs to three significant figures: "×4.8", "×123", "×9.01e+03",
    /// "×1.80e+04" (trailing zeros kept once in exponent form, so a column of
    /// ratios reads alike), "×10^415.4" beyond Double's range.
    public func ratio(to other: LargeCount) -> String {
        let r = log10Value - other.log10Value
        guard r < 300 else { return String(format: "×10^%.1f", r) }
        let plain = String(format: "%.3g", pow(10, r))
        return "×" + (plain.contains("e") ? String(format: "%.2e", pow(10, r)) : plain)
    }

    /// A count with its noun: "1 target", "3 outputs", "26,945 parameters".
    public static func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(n)) \(n == 1 ? noun : (plural ?? noun + "s"))"
    }

    /// An integer with thousands separators: 1,234,567.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
