import Foundation

/// Making user text safe to send to gnuplot.
///
/// Everything written to gnuplot is code. gnuplot runs shell commands from
/// backticks inside double-quoted strings (and in unquoted text), from
/// `system()`, `!`, `set output '|…'`, `set print '|…'`, `plot '< …'` and
/// `load '< …'`, expands `@macro` outside quotes, and a raw newline inside a
/// quoted string ends the command (the rest of the line becomes a new one).
/// So every string that did not come from bplab itself — titles, labels,
/// class names, file names — reaches gnuplot only through `quoted(_:)`:
/// inside single quotes, where gnuplot expands nothing (no backticks, no
/// `@`, no backslash escapes), with control characters removed. Text is also
/// drawn `noenhanced` (see `GnuplotTerminal`), so `^`, `_` and `{}` in a
/// name stay literal instead of becoming super- and subscripts.
///
/// Where we depart from the textbook rule "double the quote": gnuplot 5.4's
/// scanner accepts `'it''s'` but rejects a doubled quote at the start of a
/// literal (`'''a'`) and two doubled quotes in a row (`'a''''b'`), so a name
/// like `'quoted'` would break the plot. Instead the literal is spliced with
/// gnuplot's string concatenation: `it's` becomes `'it' . "'" . 's'`. The
/// only double-quoted string bplab ever writes is `"'"`, which holds nothing
/// a shell could run. Every place that takes text (titles, labels, `set
/// output`, `using (…)`) accepts such a string expression.
public enum GnuplotQuoting {
    /// A gnuplot string expression whose value is `text` without its control
    /// characters, safe anywhere gnuplot expects a string (see above).
    public static func quoted(_ text: String) -> String {
        var cleaned = ""
        cleaned.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { !isControl($0) })
        return cleaned.split(separator: "'", omittingEmptySubsequences: false)
            .map { "'\($0)'" }
            .joined(separator: " . \"'\" . ")
    }

    /// Throws `GnuplotError.unsafePath` unless `path` can be given to `set
    /// output` as a plain file: not empty, no control characters (they would
    /// be dropped by `quoted`, so another file would be written), and not
    /// starting — after leading blanks — with `|` (gnuplot pipes the plot
    /// into a shell command), `<` (reads from a command) or `!` (a shell
    /// escape).
    public static func validateOutputPath(_ path: String) throws {
        let trimmed = path.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw GnuplotError.unsafePath("an empty file name") }
        if let first = trimmed.first, first == "|" || first == "<" || first == "!" {
            throw GnuplotError.unsafePath("'\(quotedForMessage(path))' starts with '\(first)', which gnuplot would run as a shell command")
        }
        if path.unicodeScalars.contains(where: isControl) {
            throw GnuplotError.unsafePath("file names may not contain control characters (newline, tab, …)")
        }
    }

    /// C0 controls (newline, CR, tab, NUL, ESC…), DEL, C1 controls (NEL…),
    /// and the Unicode line and paragraph separators. (Lab's `Printable` has
    /// the same test without the separators; this module cannot use Lab's.)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// A path shown inside an error message, without control characters.
    private static func quotedForMessage(_ path: String) -> String {
        var shown = ""
        shown.unicodeScalars.append(contentsOf: path.unicodeScalars.filter { !isControl($0) })
        return shown.count <= 80 ? shown : String(shown.prefix(77)) + "..."
    }
}
