import Testing
@testable import Lab

/// Numbers, ranges and suggestions, against values worked out by hand.
@Suite struct ArgumentsTests {
    /// (text, the whole number it is, or nil when refused)
    static let wholeNumbers: [(String, Int?)] = [
        ("42", 42), ("-3", -3), ("+7", 7), ("1e3", 1000), ("2.0", 2), ("1E2", 100),
        ("1.5", nil), ("0x10", nil), ("-0x10", nil), ("nan", nil), ("inf", nil), ("", nil), ("1e400", nil),
        ("99999999999999999999", nil),
    ]

    @Test(arguments: wholeNumbers)
    func wholeNumbersAreDecimalAndExact(_ text: String, _ expected: Int?) {
        #expect((try? Arguments.parseInt(text, name: "n", column: 1)) == expected)
        // Seeds follow the same rules, from 0 up.
        #expect((try? Arguments.parseSeed(text, name: "seed", column: 1)) == expected.flatMap { $0 >= 0 ? UInt64($0) : nil })
    }

    @Test func seedsReachTwoToTheSixtyFour() {
        #expect((try? Arguments.parseSeed("18446744073709551615", name: "seed", column: 1)) == .max)
        #expect(throws: LabError(at: 3, "seed= must be below 2^64, got '18446744073709551616'")) {
            try Arguments.parseSeed("18446744073709551616", name: "seed=", column: 3)
        }
    }

    @Test func hexadecimalIsRefusedForEveryNumber() {
        for text in ["0x10", "-0x10", "0x1p3", "-0X1P3"] {
            #expect((try? Arguments.parseDouble(text, name: "x", column: 1)) == nil, "\(text)")
        }
        #expect((try? Arguments.parseDouble("-1.5e-3", name: "x", column: 1)) == -0.0015)
    }

    static let ranges: [(ClosedRange<Double>, String)] = [
        (Double.leastNonzeroMagnitude...1e6, "above 0 and at most 1e+06"),
        (Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude, "above 0"),
        (0...Double.greatestFiniteMagnitude, "at least 0"),
        (0...0.99, "in 0…0.99"),
    ]

    @Test(arguments: ranges)
    func rangesAreSaidInWords(_ range: ClosedRange<Double>, _ expected: String) {
        #expect(Arguments.describe(range) == expected)
    }

    @Test func integerRangesAreSaidInWords() {
        #expect(Arguments.describe(0...Int.max) == "at least 0")
        #expect(Arguments.describe(1...17) == "in 1…17")
    }

    /// (typed, candidates, suggestion)
    static let suggestions: [(String, [String], String?)] = [
        ("trian", ["train", "grad"], "train"),
        ("TRAINN", ["train"], "train"),
        ("spirl", ["spiral", "sine"], "spiral"),
        ("sinus", ["spiral", "sine"], "sine"),
        ("precison", ["precision", "seed"], "precision"),
        ("t", ["?", "help"], nil),
        ("x", ["?"], nil),
        ("#", ["?"], nil),
        ("zzzzzz", ["train"], nil),
        (String(repeating: "a", count: 20_000), ["train", "?"], nil),
    ]

    @Test(arguments: suggestions)
    func didYouMeanOnlyWhenClose(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(EditDistance.closest(to: word, in: candidates) == expected)
    }
}

/// Long vectors are clipped like matrices; the progress bar's line.
@Suite struct OutputFormatTests {
    @Test func longVectorsShowTheirFirstValuesAndACount() {
        let values = (1...3000).map(Double.init)
        let text = Format.vector(values)
        #expect(text == "[" + (1...20).map(String.init).joined(separator: "  ") + "  …  and 2,980 more]")
        #expect(Format.vector([1, 2.5]) == "[1  2.5]")
        #expect(Format.vector((1...20).map(Double.init)).hasSuffix("  20]"))
    }

    @Test func forwardOnAWideLayerStaysShort() {
        let harness = SessionHarness()
        let output = harness.run(["data xor", "net 2 3000 1", "forward 1 0"])
        #expect(output.allSatisfy { $0.count < 400 }, "\(output.map(\.count))")
        #expect(output.contains { $0.hasPrefix("a1") && $0.hasSuffix("…  and 2,980 more]") })
    }

    /// Epoch and steps of this run: 150 of 400 steps in 3 s is 50 steps/s, 5 s to go.
    @Test func progressLineCountsThisRun() {
        let line = ProgressBar.line(epoch: 2, epochs: 4, step: 150, steps: 400, loss: 0.123456, seconds: 3)
        #expect(line == String(repeating: "█", count: 9) + String(repeating: "·", count: 15)
            + "  epoch 2/4  step 150/400  loss 0.1235  50 steps/s  ETA 5s")
    }
}
