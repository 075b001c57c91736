import Foundation

/// Making user text safe to send to gnuplot.
///
/// gnuplot runs shell commands from backticks inside double-quoted strings,
/// from `system()`, `!`, `set output '|…'`, `set print '|…'`, `plot '< …'` and
/// `load '< …'`, and a raw newline inside a quoted string ends the command (the
/// rest of the line becomes a new one). So every string that did not come
/// from bplab itself — titles, labels, class names, file names — reaches
/// gnuplot only through `quoted(_:)`: inside single quotes, where gnuplot
/// expands nothing, with control characters removed. Text is also drawn with
/// `noenhanced`, so `^` and `_` in a name stay literal.
///
/// A quote inside the text cannot simply be doubled: gnuplot 5.4's scanner
/// reads a leading doubled quote as an empty string and stumbles on two
/// doubled quotes in a row. Instead the literal is spliced: `it's` becomes
/// `'it' . "'" . 's'` — the only double-quoted string bplab ever writes holds
/// a single quote and nothing a shell could run.
public enum GnuplotQuoting {
    /// A gnuplot string expression holding `text` safely (see above).
    public static func quoted(_ text: String) -> String {
        var cleaned = ""
        cleaned.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return cleaned.split(separator: "'", omittingEmptySubsequences: false)
            .map { "'\($0)'" }
            .joined(separator: " . \"'\" . ")
    }

    /// Throws unless `path` is safe as `set output` target: not empty, no
    /// control characters, and not a pipe (`|…`) or command (`<…`).
    public static func validateOutputPath(_ path: String) throws {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw GnuplotError.unsafePath("an empty file name") }
        if let first = trimmed.first, first == "|" || first == "<" || first == "!" {
            throw GnuplotError.unsafePath("'\(path)' starts with '\(first)', which gnuplot would run as a shell command")
        }
        if path.unicodeScalars.contains(where: isControl) {
            throw GnuplotError.unsafePath("file names may not contain control characters")
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
