/// A unified diff of two line lists (`---`/`+++` headers, `@@` hunks with
/// three lines of context), in memory linear in the lines.
///
/// The lines the two share at their start and end are set aside; the rest
/// is aligned by Myers' greedy shortest-edit search, which costs time and
/// memory in proportion to the edits D it needs, not to the product of the
/// lengths (a 30,000-line output would need a 30,000² table). Past
/// `maximumEdits` it stops searching, and the middle part is shown as
/// removed, then added: a correct diff, only not the shortest.
public enum LineDiff {
    static let maximumEdits = 1000

    /// One line of the edit script: kind " ", "-" or "+", with its index in `expected` and in `actual`.
    typealias Edit = (kind: Character, old: Int, new: Int)

    public static func unified(expected: [String], actual: [String], expectedName: String = "recorded",
                               actualName: String = "replayed", context: Int = 3) -> [String] {
        guard expected != actual else { return [] }
        let script = editScript(expected, actual)
        var lines = ["--- \(expectedName)", "+++ \(actualName)"]
        var k = 0
        while k < script.count {
            guard script[k].kind != " " else { k += 1; continue }
            // A hunk: from `context` lines before this change to `context` after the last change within reach.
            let start = max(0, k - context)
            var end = k
            var last = k
            while end < script.count && (script[end].kind != " " || end - last <= context) {
                if script[end].kind != " " { last = end }
                end += 1
            }
            end = min(script.count, last + context + 1)
            let hunk = script[start..<end]
            let oldStart = hunk.first!.old, newStart = hunk.first!.new
            let oldCount = hunk.filter { $0.kind != "+" }.count, newCount = hunk.filter { $0.kind != "-" }.count
            lines.append("@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@")
            for (kind, a, b) in hunk {
                lines.append(String(kind) + (kind == "+" ? actual[b] : expected[a]))
            }
            k = end
        }
        return lines
    }

    /// The whole edit script: the common start, the aligned middle, the common end.
    static func editScript(_ expected: [String], _ actual: [String]) -> [Edit] {
        let n = expected.count, m = actual.count
        var prefix = 0
        while prefix < min(n, m) && expected[prefix] == actual[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(n, m) - prefix && expected[n - 1 - suffix] == actual[m - 1 - suffix] { suffix += 1 }
        // Lines as numbers, so the search compares integers.
        var ids: [String: Int] = [:]
        func id(_ line: String) -> Int {
            if let known = ids[line] { return known }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = expected[prefix..<(n - suffix)].map(id), b = actual[prefix..<(m - suffix)].map(id)
        let middle = shortestEdits(a, b, limit: maximumEdits)
            ?? Array(repeating: "-", count: a.count) + Array(repeating: "+", count: b.count)
        var script: [Edit] = []
        script.reserveCapacity(n + m - prefix - suffix)
        var i = 0, j = 0
        for kind in Array(repeating: " ", count: prefix) + middle + Array(repeating: " ", count: suffix) {
            script.append((kind, i, j))
            if kind != "+" { i += 1 }
            if kind != "-" { j += 1 }
        }
        return script
    }

    /// Myers' greedy search: the moves (" " keep, "-" remove, "+" add) of a
    /// shortest edit script from `a` to `b`, or nil when it needs more than
    /// `limit` edits. `trace[d]` keeps the furthest x on each diagonal
    /// before round d, (d + 1)² numbers in all, to walk the path back.
    static func shortestEdits(_ a: [Int], _ b: [Int], limit: Int) -> [Character]? {
        let n = a.count, m = b.count, most = min(n + m, limit)
        let offset = most + 1
        var v = [Int](repeating: 0, count: 2 * most + 3)
        var trace: [[Int]] = []
        for d in 0...most {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { return path(trace, to: (n, m), edits: d) }
            }
        }
        return nil
    }

    /// The moves of the path found in `edits` rounds, from its end back to the start.
    private static func path(_ trace: [[Int]], to end: (Int, Int), edits: Int) -> [Character] {
        var moves: [Character] = []
        var (x, y) = end
        for d in stride(from: edits, to: 0, by: -1) {
            let before = trace[d], k = x - y
            func furthest(_ diagonal: Int) -> Int { before[diagonal + d] }
            let down = k == -d || (k != d && furthest(k - 1) < furthest(k + 1))
            let previous = down ? k + 1 : k - 1
            let (px, py) = (furthest(previous), furthest(previous) - previous)
            while x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0) { moves.append(" "); x -= 1; y -= 1 }
            moves.append(down ? "+" : "-")
            (x, y) = (px, py)
        }
        while x > 0 && y > 0 { moves.append(" "); x -= 1; y -= 1 }
        return moves.reversed()
    }
}
