import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// `Format.number` prints through C's vsnprintf for speed; Foundation's
/// `String(format: "%.*g")` is the independent answer it must match, digit
/// for digit, on values of every size and sign and at every precision.
@Suite struct FormatTests {
    @Test func numbersMatchFoundationsPercentG() {
        var rng = SplitMix64(seed: 17)
        var values: [Double] = [1, -1, 0.5, 1e-6, 0.1 + 0.2, 123456.5, 999999.5, 1e15, 1e16, -2.5e-308, 5e-324,
                                .greatestFiniteMagnitude, -.leastNormalMagnitude, 8.19221e-66]
        for _ in 0..<3000 {
            let mantissa = rng.uniform(-10, 10), exponent = Int(rng.next() % 600) - 300
            values.append(mantissa * pow(10, Double(exponent)))
            values.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))
        }
        var mismatches: [String] = []
        for value in values where value != 0 {
            for digits in 1...17 where Format.number(value, digits: digits) != String(format: "%.*g", digits, value) {
                mismatches.append("\(value) at \(digits): \(Format.number(value, digits: digits))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func specialValues() {
        #expect(Format.number(0) == "0")
        #expect(Format.number(-0.0) == "0")
        #expect(Format.number(.nan) == "nan")
        #expect(Format.number(-.infinity) == "-inf")
        #expect(Format.number(0.1, digits: 17) == "0.10000000000000001")
        #expect(Format.number(0.1, digits: 0) == "0.1")
        #expect(Format.number(-1.2345678901234567e-308, digits: 99) == "-1.2345678901234567e-308")
    }
}
