/// A line quoted under an error with `^` under the column at fault:
///
///     error: set: column 12: w1 value must be a finite number, got '1e309'
///       set w1 = [[1e309],[0]]
///                  ^
///
/// The line is shown as typed, never wrapped: one wider than `width` (the
/// whole quoted line, its two-blank indent and `…` marks included) is cut to
/// the window of it around the column, with `…` where it was cut, so the
/// caret stays under its character at any width. The record cuts at 74,
/// the same at every window; a terminal cuts at its width (`Diagnostic`).
enum Caret {
    static let recordWidth = 74

    static func lines(under column: Int, of line: String, width: Int = recordWidth) -> [String] {
        let characters = Array(line)
        guard (1...max(characters.count, 1)).contains(column), !characters.isEmpty else { return [] }
        // Room for the text itself: the indent and both marks taken off, at least a few characters.
        let room = max(width - 4, 8)
        var start = 0, end = characters.count
        if end + 2 > width {
            start = max(0, min(column - 1 - room / 2, end - room))
            end = min(end, start + room)
        }
        let head = start > 0 ? "…" : "", tail = end < characters.count ? "…" : ""
        let shown = "  " + head + String(characters[start..<end]) + tail
        return [shown, String(repeating: " ", count: 2 + head.count + column - 1 - start) + "^"]
    }
}
