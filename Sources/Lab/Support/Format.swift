import BackpropCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Deterministic text for numbers and matrices: the same value prints the
/// same way on every run and machine (C's `%.*g`, no locale), and -0 prints as 0.
public enum Format {
    /// `value` with `digits` significant digits (default 6), like `%g`.
    ///
    /// C's vsnprintf with the precision in the format ("%.6g"): the text of
    /// `String(format: "%.*g", …)` at about a third of its cost, which matters
    /// when `grad` explains a deep network. Numbers print with a point: bplab
    /// never switches C's numeric locale away from "C".
    public static func number(_ value: Double, digits: Int = 6) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return "0" }
        return withVaList([value]) { arguments in
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
                formats[max(1, min(digits, 17))].withUnsafeBufferPointer {
                    _ = vsnprintf(buffer.baseAddress!, buffer.count, $0.baseAddress!, arguments)
                }
                return String(cString: buffer.baseAddress!)
            }
        }
    }

    /// "%.0g" … "%.17g" as C strings, indexed by precision.
    private static let formats: [[CChar]] = (0...17).map { Array("%.\($0)g".utf8CString) }

    /// A vector as `[a  b  c]`; past `maxCount` values, the first ones and
    /// a count of the rest: `[a  b  …  and 2,980 more]`.
    public static func vector(_ values: [Double], digits: Int = 6, maxCount: Int = 20) -> String {
        let shown = values.prefix(maxCount).map { number($0, digits: digits) }
        let rest = values.count > maxCount ? ["…  and \(LargeCount.grouped(values.count - maxCount)) more"] : []
        return "[" + (shown + rest).joined(separator: "  ") + "]"
    }

    /// A table: columns of numbers align right, other columns left;
    /// `header` and `rowLabels` (a left-aligned first column) are optional.
    public static func table(_ cells: [[String]], header: [String]? = nil, rowLabels: [String]? = nil,
                             indent: String = "  ") -> [String] {
        var rows = cells
        if let rowLabels { rows = zip(rowLabels, rows).map { [$0] + $1 } }
        let columns = rows.map(\.count).max() ?? 0
        var numeric = Array(repeating: true, count: columns)
        for row in rows {
            for (c, cell) in row.enumerated() where !cell.isEmpty && Double(cell) == nil && !["nan", "inf", "-inf"].contains(cell) {
                numeric[c] = false
            }
        }
        if rowLabels != nil, columns > 0 { numeric[0] = false }
        if let header { rows.insert((rowLabels != nil ? [""] : []) + header, at: 0) }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (c, cell) in row.enumerated() { widths[c] = max(widths[c], cell.count) } }
        return rows.map { row in
            var line = indent
            for (c, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                line += numeric[c] ? pad + cell : cell + pad
                if c < row.count - 1 { line += "  " }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// A matrix with 1-based row and column labels (`i=1`, `j=1`), at most
    /// `maxRows` × `maxColumns` shown and the rest counted. With a `width`
    /// (a terminal's), columns that do not fit beside each other are shown
    /// in blocks one under another, each with its labels, rather than
    /// rows broken across lines.
    public static func matrix(_ m: [[Double]], digits: Int = 6, rowName: String = "i", columnName: String = "j",
                              maxRows: Int = 20, maxColumns: Int = 10, width: Int? = nil) -> [String] {
        let rowCount = m.count, columnCount = m.first?.count ?? 0
        let shownRows = min(rowCount, maxRows), shownColumns = min(columnCount, maxColumns)
        let cells = m.prefix(shownRows).map { $0.prefix(shownColumns).map { number($0, digits: digits) } }
        let header = (0..<shownColumns).map { "\(columnName)=\($0 + 1)" }
        let labels = (0..<shownRows).map { "\(rowName)=\($0 + 1)" }
        var lines: [String] = []
        for block in columnBlocks(cells, header: header, labels: labels, width: width ?? Int.max) {
            if !lines.isEmpty { lines.append("") }
            lines += table(cells.map { Array($0[block]) }, header: Array(header[block]), rowLabels: labels)
        }
        if shownRows < rowCount || shownColumns < columnCount {
            lines.append("  … \(rowCount)×\(columnCount) in all; showing \(shownRows)×\(shownColumns)")
        }
        return lines
    }

    /// The columns of a labelled table in runs that fit `width` (the indent,
    /// the labels and two blanks between columns counted); one column
    /// wider than that is a run of its own.
    private static func columnBlocks(_ cells: [[String]], header: [String], labels: [String], width: Int) -> [Range<Int>] {
        guard !header.isEmpty else { return [0..<0] }
        let labelWidth = labels.map(\.count).max() ?? 0
        let widths = header.indices.map { c in cells.map { $0[c].count }.reduce(header[c].count, max) }
        var blocks: [Range<Int>] = [], start = 0, used = 2 + labelWidth
        for c in widths.indices {
            if c > start && used + 2 + widths[c] > width {
                blocks.append(start..<c)
                start = c
                used = 2 + labelWidth
            }
            used += 2 + widths[c]
        }
        return blocks + [start..<widths.count]
    }

    /// "1 sample", "2 samples", "26,945 parameters".
    /// "a, b or c": the words a value may be, for an error.
    public static func alternatives(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }

    public static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        LargeCount.counted(n, noun, plural: plural)
    }

    public static func percent(_ share: Double) -> String {
        number(share * 100, digits: 4) + "%"
    }
}
