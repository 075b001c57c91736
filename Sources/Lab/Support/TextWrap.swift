/// Long lines broken at blanks to fit the window, as a person would write
/// them: never inside a word (unless one word is wider than the window), and
/// each continuation indented under the text it continues — under the second
/// column of a two-column row (`  train   summary …`, help's tables), under
/// the first value of a vector, after a label, under the line's own indent otherwise. Only what is shown is wrapped: the
/// record keeps the line whole, so a transcript is the same at every width.
enum TextWrap {
    static func lines(_ line: String, width: Int) -> [String] {
        let width = max(width, 20)
        guard line.count > width else { return [line] }
        let characters = Array(line)
        let indent = hangingIndent(characters, width: width)
        var result: [String] = []
        let leading = characters.prefix { $0 == " " }.count
        var start = 0, lineStart = leading  // lineStart: where this piece's text begins (after its indent)
        var prefix = ""
        while characters.count - start + prefix.count > width {
            let room = width - prefix.count
            var end = start + room  // first character that does not fit
            // Back up to the last blank that fits, but not into the piece's own indent.
            while end > lineStart, characters[end] != " " { end -= 1 }
            if end <= lineStart { end = start + room }  // one word wider than the window: cut it
            var text = String(characters[start..<end])
            while text.last == " " { text.removeLast() }
            result.append(prefix + text)
            start = end
            while start < characters.count, characters[start] == " " { start += 1 }
            prefix = String(repeating: " ", count: indent)
            lineStart = start
            if start >= characters.count { return result }
        }
        result.append(prefix + String(characters[start...]))
        return result
    }

    /// Where continuation lines start: after the first gap of two blanks
    /// that follows text (a table's second column), or after the `[` that
    /// gap is inside of (a vector's values: `b2 = [0.1  0.2  …`), or after a
    /// leading label (`usage: `), when that is in the left half of the
    /// window; else under the line's leading blanks.
    private static func hangingIndent(_ characters: [Character], width: Int) -> Int {
        let leading = characters.prefix { $0 == " " }.count
        var k = leading
        var bracket: Int?  // just after the last `[` not yet closed
        while k + 1 < min(characters.count, width / 2) {
            if characters[k] == "[" { bracket = k + 1 } else if characters[k] == "]" { bracket = nil }
            if characters[k] == " " && characters[k + 1] == " " {
                if let bracket { return bracket }
                var column = k
                while column < characters.count, characters[column] == " " { column += 1 }
                return column < width / 2 ? column : leading
            }
            k += 1
        }
        // A leading label (`usage:`, `error:`): under the text it labels.
        let label = characters[leading...].prefix { $0 != " " }
        if label.count > 1, label.last == ":", label.dropLast().allSatisfy(\.isLetter), leading + label.count + 1 < width / 2 {
            return leading + label.count + 1
        }
        return leading < width / 2 ? leading : 0
    }
}
