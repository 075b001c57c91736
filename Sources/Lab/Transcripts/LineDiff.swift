/// A unified diff of two line lists (`---`/`+++` headers, `@@` hunks with
/// three lines of context), from a longest-common-subsequence alignment.
/// Outputs are short (a command's lines), so the quadratic table is fine.
public enum LineDiff {
    public static func unified(expected: [String], actual: [String], expectedName: String = "recorded",
                               actualName: String = "replayed", context: Int = 3) -> [String] {
        guard expected != actual else { return [] }
        let n = expected.count, m = actual.count
        var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = expected[i] == actual[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        // The edit script: (kind, expected index, actual index) with kind " ", "-" or "+".
        var script: [(Character, Int, Int)] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, expected[i] == actual[j] {
                script.append((" ", i, j)); i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                script.append(("-", i, j)); i += 1
            } else {
                script.append(("+", i, j)); j += 1
            }
        }
        var lines = ["--- \(expectedName)", "+++ \(actualName)"]
        var k = 0
        while k < script.count {
            guard script[k].0 != " " else { k += 1; continue }
            // A hunk: from `context` lines before this change to `context` after the last change within reach.
            let start = max(0, k - context)
            var end = k
            var last = k
            while end < script.count && (script[end].0 != " " || end - last <= context) {
                if script[end].0 != " " { last = end }
                end += 1
            }
            end = min(script.count, last + context + 1)
            let hunk = script[start..<end]
            let oldStart = hunk.first!.1, newStart = hunk.first!.2
            let oldCount = hunk.filter { $0.0 != "+" }.count, newCount = hunk.filter { $0.0 != "-" }.count
            lines.append("@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@")
            for (kind, a, b) in hunk {
                lines.append(String(kind) + (kind == "+" ? actual[b] : expected[a]))
            }
            k = end
        }
        return lines
    }
}
