import Foundation
import Testing
@testable import Lab

/// One grammar of numbers: a scalar, a bracket literal's elements, a `data`
/// sample and a CSV cell read the same texts, and refuse a non-finite one
/// with the same words, the line quoted with a caret under the number.
@Suite struct NumberSyntaxTests {
    static let texts: [(String, Double?)] = [
        ("0.5", 0.5), (".5", 0.5), ("+3", 3), ("4.", 4), ("-1e-3", -0.001), ("1E2", 100),
        ("0x10", nil), ("-0x1p3", nil), (" 1", nil), ("1 ", nil), ("", nil), ("1,5", nil), ("one", nil),
    ]

    @Test(arguments: texts)
    func readsWhatDoubleReadsWithoutHexadecimal(_ text: String, _ expected: Double?) {
        #expect(NumberSyntax.value(text) == expected)
        // The CSV reader's path, on bytes followed by more bytes, reads the same.
        let bytes = Array((text + ",9").utf8CString)
        let inPlace = bytes.withUnsafeBufferPointer { NumberSyntax.value($0.baseAddress!, count: text.utf8.count) }
        #expect(inPlace == expected)
    }

    @Test func scalarsAndLiteralsInEveryForm() {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid"])
        harness.run("set w1 = [[.40,.50],[.45,.55]]")
        let commas = harness.session.state.network?.parameters
        harness.run("init")
        #expect(harness.run("set w1 = [[0.4 0.5] [0.45 0.55]]") == ["w1 set: 4 values"])
        #expect(harness.session.state.network?.parameters == commas)
        harness.run("init")
        #expect(harness.run("set w1=[[0.4, 0.5] [0.45,0.55]]") == ["w1 set: 4 values"])
        #expect(harness.session.state.network?.parameters == commas)
        #expect(harness.run("set b1 = .35").first == "b1 set: 2 values")
        #expect(harness.run("set b2 = +3") == ["b2 = 3  (was 0)"])
        #expect(harness.run("set b2 = 4.") == ["b2 = 4  (was 3)"])
        #expect(harness.run("set b1 = [.1 .2]") == ["b1 set: 2 values"])
    }

    /// The same refusal wherever a non-finite number is written, with the line
    /// quoted verbatim (blanks and all) and a caret under the number.
    static let nonFinite: [(String, String, Int)] = [
        ("set w1 = [[1e309, 0], [0, 1]]", "w1 value must be a finite number, got '1e309'", 12),
        ("set w1 = [[1 0] [0 inf]]", "w1 value must be a finite number, got 'inf'", 20),
        ("set w1[1,1] = inf", "value must be a finite number, got 'inf'", 15),
        ("set b1 = nan", "value must be a finite number, got 'nan'", 10),
        ("data 0.5 1e309 -> 1", "x2 must be a finite number, got '1e309'", 10),
        ("train 1 lr=inf", "lr= must be a finite number, got 'inf'", 9),
        ("set w1 = [[1 0] [0 x]]", "w1 value must be a number, got 'x'", 20),
        ("init uniform(-0.5,1e309)", "uniform's bound must be a finite number, got '1e309'", 19),
        ("init uniform(0x1)", "uniform's bound must be a number, got '0x1'", 14),
    ]

    @Test(arguments: nonFinite)
    func nonFiniteNumbersAreRefusedAlike(_ line: String, _ message: String, _ column: Int) {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2:sigmoid 1:sigmoid"])
        let before = harness.session.state
        let output = harness.run(line)
        #expect(output.count == 3, "\(output)")
        #expect(output.first?.hasSuffix("column \(column): \(message)") == true, "\(output)")
        #expect(output.dropFirst().first == "  " + line)
        #expect(output.last == String(repeating: " ", count: column + 1) + "^")
        #expect(harness.session.state == before)
    }

    @Test(arguments: ["1e309", "inf", "-inf"])  // (nan is a missing value)
    func aCSVCellSaysTheSame(_ cell: String) throws {
        let (harness, name) = try CSVTests.file("a,b,y\n1,2,0\n3,\(cell),1\n")
        let output = harness.run("load \(name) test=0")
        #expect(output == ["error: load: data.csv:3:2: column 'b' must be a finite number, got '\(cell)'"])
    }

    @Test func caretUnderALongLineShowsItsNeighbourhood() {
        let line = "set w1 = [[" + Array(repeating: "1", count: 60).joined(separator: " ") + " inf]]"
        let lines = Caret.lines(under: line.count - 4, of: line)
        #expect(lines.count == 2 && lines[0].count <= 74 && lines[0].hasPrefix("  …") && lines[0].hasSuffix("inf]]"))
        #expect(Array(lines[0])[lines[1].count - 1] == "i")
    }

    @Test func wrappedLinesBreakBetweenWords() {
        let row = "  train    " + Array(repeating: "word", count: 30).joined(separator: " ")
        let lines = TextWrap.lines(row, width: 40)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 11) + "word") })
        #expect(lines.joined(separator: " ").split(separator: " ").filter { $0 == "word" }.count == 30)
        #expect(TextWrap.lines(String(repeating: "x", count: 50), width: 40) == [String(repeating: "x", count: 40), String(repeating: "x", count: 10)])
    }
}
