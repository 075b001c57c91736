import Foundation

/// The one grammar of numbers, for every number a user writes: scalars
/// (`set b1 = .35`, `lr=0.5`), the elements of bracket literals, the values
/// of a `data` sample and the cells of a CSV file. It is what Swift's
/// `Double(String)` reads (C's strtod in the C locale: `0.5`, `.5`, `+3`,
/// `4.`, `1e-3`, `inf`, `nan`) without hexadecimal (`0x10`, `0x1p3`) and
/// without the blanks strtod would skip. `inf`, `nan` and what overflows
/// (`1e309`) are numbers, but not finite ones: every place refuses them
/// with the same words (`refusal`).
enum NumberSyntax {
    /// The value of `text`, finite or not; nil when it is not a number.
    static func value(_ text: some StringProtocol) -> Double? {
        String(text).withCString { value($0, count: text.utf8.count) }
    }

    /// The value of the `count` bytes at `start` (a CSV field read in
    /// place): the bytes after them are not read as part of the number.
    static func value(_ start: UnsafePointer<CChar>, count: Int) -> Double? {
        guard count > 0, start[0] != 32, start[0] != 9 else { return nil }
        for k in 0..<count where start[k] == 0x78 || start[k] == 0x58 { return nil }  // x, X: hexadecimal
        var stop: UnsafeMutablePointer<CChar>?
        let value = strtod(start, &stop)
        return stop == UnsafeMutablePointer(mutating: start + count) ? value : nil
    }

    /// Why `text` is not a finite number — "NAME must be a number, got
    /// 'TEXT'" or "NAME must be a finite number, got 'TEXT'" — or nil when it is one.
    static func refusal(of text: String, name: String) -> String? {
        guard let value = value(text) else { return "\(name) must be a number, got '\(Printable.text(Arguments.clip(text)))'" }
        return value.isFinite ? nil : "\(name) must be a finite number, got '\(Printable.text(Arguments.clip(text)))'"
    }

    /// The finite number `text` is, or a `LabError` at `column` (the
    /// session quotes the line with a caret under it).
    static func finite(_ text: String, name: String, column: Int) throws -> Double {
        if let problem = refusal(of: text, name: name) { throw LabError(at: column, problem) }
        return value(text)!
    }
}
