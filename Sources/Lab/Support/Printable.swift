/// Text from files (CSV cells, column and class names) and the command and
/// prose lines of a transcript, made safe to print on one line: control
/// characters become escapes (`\n`, `\r`, `\t`, `\u{1b}` …), so a cell
/// cannot break a message, a table row or a transcript line, or send escape
/// sequences to the terminal. Everything else is left as it is.
enum Printable {
    static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 and C1 control characters and DEL: Lab's one test for a control
    /// character (`Session` runs a typed one as its escape). The Gnuplot
    /// module keeps its own (`GnuplotQuoting.isControl`, which also drops the
    /// Unicode line separators): it must not depend on Lab.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
