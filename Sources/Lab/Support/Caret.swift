/// A line quoted under an error with `^` under the column at fault:
///
///     error: set: column 12: w1 value must be a finite number, got '1e309'
///       set w1 = [[1e309],[0]]
///                  ^
///
/// The line is shown as typed; a long one is cut to the 70 characters
/// around the column, with `…` where it was cut.
enum Caret {
    static func lines(under column: Int, of line: String) -> [String] {
        let characters = Array(line)
        guard (1...max(characters.count, 1)).contains(column), !characters.isEmpty else { return [] }
        let width = 70
        var start = 0, end = characters.count
        if end > width {
            start = max(0, min(column - 1 - width / 2, end - width))
            end = min(end, start + width)
        }
        let head = start > 0 ? "…" : "", tail = end < characters.count ? "…" : ""
        let shown = "  " + head + String(characters[start..<end]) + tail
        return [shown, String(repeating: " ", count: 2 + head.count + column - 1 - start) + "^"]
    }
}
