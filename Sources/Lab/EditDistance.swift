/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean …?" suggestions: `trian` → `train`.
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
}

extension EditDistance {
    /// The candidate closest to a mistyped `text`, when it is close: at most
    /// two edits, and at most one for words of up to three letters.
    static func suggestion(for text: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, between(text.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= (text.count <= 3 ? 1 : 2) ? best.0 : nil
    }
}
