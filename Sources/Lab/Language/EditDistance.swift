/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), and the "did you mean …?" suggestion built on it:
/// `trian` → `train`, `spirl` → `spiral`, `precison` → `precision`.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64)), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// The candidate closest to a mistyped `word` (case ignored), or nil when
    /// none is close: at most one edit per three letters of the word (at
    /// least one, at most three), and fewer edits than the word has letters,
    /// so `t` or `#` is not "one edit from `?`". Ties go to the earlier candidate.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let limit = min(max(1, (lowered.count + 1) / 3), lowered.count - 1, 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = between(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}
