import BackpropCore
import Testing
@testable import Lab

/// The diff of `replay --check`: shortest for outputs of ordinary size,
/// linear in memory for any size, and always a correct script from the
/// recorded lines to the replayed ones.
@Suite struct LineDiffTests {
    /// The edit script as the lines it keeps, removes and adds, applied to `expected`.
    static func applied(_ script: [LineDiff.Edit], _ expected: [String], _ actual: [String]) -> [String] {
        script.compactMap { $0.kind == "-" ? nil : $0.kind == "+" ? actual[$0.new] : expected[$0.old] }
    }

    /// The length of a longest common subsequence, by the textbook table (small inputs only).
    static func lcs(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func randomOutputsGetAShortestCorrectScript() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 30)).map { _ in String("abcde".randomElement(using: &rng)!) }
            let b = (0..<Int(rng.next() % 30)).map { _ in String("abcde".randomElement(using: &rng)!) }
            let script = LineDiff.editScript(a, b)
            #expect(Self.applied(script, a, b) == b)
            #expect(script.filter { $0.kind == " " }.count == Self.lcs(a, b), "\(a) → \(b)")
        }
    }

    /// 30,000 lines that all differ: past `maximumEdits` the middle is shown
    /// removed, then added — still a correct diff, made in linear memory.
    @Test func hugeDifferingOutputsStayLinear() {
        let expected = ["same start"] + (0..<30_000).map { "recorded \($0)" } + ["same end"]
        let actual = ["same start"] + (0..<30_000).map { "replayed \($0)" } + ["same end"]
        let script = LineDiff.editScript(expected, actual)
        #expect(script.count == 60_002)
        #expect(Self.applied(script, expected, actual) == actual)
        let diff = LineDiff.unified(expected: expected, actual: actual)
        #expect(diff[2] == "@@ -1,30002 +1,30002 @@" && diff.count == 60_005)
    }

    @Test func aChangeInTheMiddleKeepsItsContext() {
        let expected = (1...10).map(String.init), actual = expected.map { $0 == "5" ? "five" : $0 }
        #expect(LineDiff.unified(expected: expected, actual: actual)
            == ["--- recorded", "+++ replayed", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"])
    }
}
