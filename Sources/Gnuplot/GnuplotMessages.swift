import Foundation

/// Reading gnuplot's stderr after a script.
///
/// gnuplot writes errors and warnings to the same stream. An error always
/// carries a location, `"FILE" line N: message` (N counts lines of the loaded
/// script file), and may be followed by detail such as `system error: No such
/// file or directory`; before it gnuplot sometimes echoes the command as
/// `gnuplot> …` with a caret under the offending token. Most warnings
/// (`Warning: empty y range …`) do not stop the script and are not errors;
/// but a warning that a series drew nothing (`Image grid must be at least 4
/// points`, `Skipping data file with no valid points`) is one: the picture
/// gnuplot leaves behind lacks what it was asked to show, so reporting
/// success would be a lie.
enum GnuplotMessages {
    /// Warnings after which a plot is missing a series: treated as errors.
    static let nothingDrawn = ["image grid must be at least", "skipping data file with no valid points"]

    /// The first error in `stderr`, as `line N: message; detail (in: the
    /// script's line N)`; nil when gnuplot only warned or said nothing.
    static func error(in stderr: String, script: String) -> String? {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() {
            guard let (number, message) = located(line), !isWarning(message) || drewNothing(message) else { continue }
            let detail = lines[(index + 1)...].prefix { !isEcho($0) && located($0) == nil }
                .filter { !$0.isEmpty && !isCaret($0) && !isWarning($0) }
            let scriptLines = script.split(separator: "\n", omittingEmptySubsequences: false)
            var offending = ""
            if number >= 1 && number <= scriptLines.count {
                offending = scriptLines[number - 1].trimmingCharacters(in: .whitespaces)
            } else if let echo = lines[..<index].last(where: isEcho) {
                offending = String(echo.dropFirst("gnuplot>".count)).trimmingCharacters(in: .whitespaces)
            }
            return (["line \(number): \(message)"] + detail).joined(separator: "; ")
                + (offending.isEmpty ? "" : " (in: \(clip(offending)))")
        }
        return nil
    }

    /// `"/tmp/…/script-3.gp" line 12: undefined function: foo` → (12, "undefined function: foo").
    static func located(_ line: String) -> (Int, String)? {
        guard let range = line.range(of: #"line [0-9]+: "#, options: .regularExpression) else { return nil }
        let digits = line[range].dropFirst("line ".count).prefix { $0.isNumber }
        guard let number = Int(digits) else { return nil }
        return (number, line[range.upperBound...].trimmingCharacters(in: .whitespaces))
    }

    private static func isWarning(_ text: String) -> Bool { text.lowercased().hasPrefix("warning") }
    private static func drewNothing(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return nothingDrawn.contains { lowered.contains($0) }
    }
    private static func isEcho(_ text: String) -> Bool { text.hasPrefix("gnuplot>") }
    private static func isCaret(_ text: String) -> Bool { text == "^" }

    /// Long generated lines (a plot of ten series) are cut, so the message stays readable.
    static func clip(_ text: String) -> String {
        text.count <= 160 ? text : String(text.prefix(157)) + "..."
    }
}
