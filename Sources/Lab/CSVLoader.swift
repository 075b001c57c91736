import BackpropCore
import CSV
import Foundation

/// Reads a CSV file into a data set: a header row, numeric feature columns,
/// and numeric or categorical targets.
///
/// Files with quotes go through yaslab/CSV.swift (RFC 4180: quoted commas,
/// quotes and newlines; CRLF; a UTF-8 BOM), streamed record by record; files
/// without a `"` take the byte-level fast path of `PlainCSVRecords`. Either
/// way the same checks run here, so both give the same data and the same
/// errors. Errors name file:line:column (the column is the field's number)
/// and the bad value; lines are lines of the file, header = line 1.
enum CSVLoader {
    struct Options {
        var targets: [String]?
        var features: [String]?
        var dropMissing = false
        /// Treat a numeric target (digit labels 0–9) as class names.
        var categorical = false
    }

    struct Loaded {
        var data: Dataset
        var dropped: [Int]
    }

    static func load(path: String, shownAs name: String, options: Options) throws -> Loaded {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw LabError("\(name): no such file") }
        guard !isDirectory.boolValue else { throw LabError("\(name) is a directory, not a CSV file") }
        if let plain = try PlainCSVRecords.open(path: path, shownAs: name) {
            return try load(plain, shownAs: name, options: options, expectedRows: plain.lineCount)
        }
        return try load(QuotedCSVRecords(path: path, shownAs: name), shownAs: name, options: options, expectedRows: 0)
    }

    /// The checks and conversions, the same for both readers.
    static func load<Records: CSVRecords>(_ records: Records, shownAs name: String, options: Options, expectedRows: Int) throws -> Loaded {
        var records = records
        let header = records.header
        guard !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else {
            throw LabError("\(name): the file is empty (expected a header row, then one sample per line)")
        }
        var seen: [String: Int] = [:]
        for (c, column) in header.enumerated() {
            if let first = seen[column] {
                throw LabError("\(name):1:\(c + 1): duplicate column name '\(Arguments.clip(column))' (also column \(first + 1))")
            }
            seen[column] = c
        }
        let targetColumns = try (options.targets ?? [header.last!]).map { try column($0, in: header, file: name, what: "target") }
        let featureColumns = try (options.features ?? header.indices.filter { !targetColumns.contains($0) }.map { header[$0] })
            .map { try column($0, in: header, file: name, what: "feature") }
        guard !featureColumns.isEmpty else { throw LabError("\(name): no feature columns left besides the targets") }
        if let overlap = featureColumns.first(where: targetColumns.contains) {
            throw LabError("\(name): column '\(header[overlap])' is both a feature and a target")
        }

        var features: [Double] = []
        features.reserveCapacity(expectedRows * featureColumns.count)
        /// Target cells as text, row after row (a flat array: one allocation, not one per row).
        var targetText: [String] = []
        targetText.reserveCapacity(expectedRows * targetColumns.count)
        var missing: [Int] = []
        var dropped: [Int] = []
        var rows = 0
        let needed = featureColumns + targetColumns
        records: while try records.next() {
            if records.isBlankLine { continue }
            // A trailing separator gives one empty field too many: tolerated.
            let count = records.fieldCount == header.count + 1 && records.text(header.count).isEmpty ? header.count : records.fieldCount
            guard count == header.count else {
                // A quote that is never closed swallows the rest of the file into one field.
                let unclosed = (0..<records.fieldCount).contains { records.text($0).contains("\n") }
                throw LabError("\(name):\(records.line): \(Format.count(count, "field")), but the header has \(header.count)"
                               + (unclosed ? " (is a quote on this line never closed?)" : ""))
            }
            for c in needed where records.isMissing(c) {
                if options.dropMissing { dropped.append(records.line) } else { missing.append(records.line) }
                continue records
            }
            guard missing.isEmpty else { continue }  // only collecting the lines to report
            for c in featureColumns {
                guard let value = records.number(c) else {
                    throw LabError("\(name):\(records.line):\(c + 1): \(shown(records.text(c))) in column '\(header[c])' is not a number")
                }
                guard value.isFinite else {
                    throw LabError("\(name):\(records.line):\(c + 1): \(shown(records.text(c))) in column '\(header[c])' is not a finite number")
                }
                features.append(value)
            }
            for c in targetColumns { targetText.append(records.text(c)) }
            rows += 1
        }
        if !missing.isEmpty {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ")
            throw LabError("\(name): missing values on line\(missing.count == 1 ? "" : "s") \(shown)\(missing.count > 10 ? " … (\(missing.count) in all)" : ""); add dropmissing=yes to skip those rows")
        }
        guard rows > 0 else { throw LabError("\(name): a header but no samples") }
        let (targets, classNames) = try encodeTargets(targetText, columns: targetColumns.map { header[$0] }, file: name,
                                                      categorical: options.categorical)
        let data = try Dataset(inputs: Matrix(rows: rows, columns: featureColumns.count, storage: features),
                               targets: targets, featureNames: featureColumns.map { Transcript.printable(header[$0]) },
                               classNames: classNames.map(Transcript.printable))  // names are shown: no raw control characters
        return Loaded(data: data, dropped: dropped)
    }

    /// A cell quoted in an error: clipped, with line breaks and tabs written
    /// as escapes so the error stays one line.
    static func shown(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t")
        return "'" + Arguments.clip(escaped) + "'"
    }

    /// A column by name, or by 1-based number.
    static func column(_ key: String, in header: [String], file: String, what: String) throws -> Int {
        if let index = header.firstIndex(of: key) { return index }
        if let number = Int(key), (1...header.count).contains(number) { return number - 1 }
        throw LabError("\(file): no \(what) column '\(Arguments.clip(key))' (columns: \(header.joined(separator: ", ")))")
    }

    static func number(_ text: String, file: String, line: Int, column: Int, header: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed) else {
            throw LabError("\(file):\(line):\(column): '\(Arguments.clip(trimmed))' in column '\(header)' is not a number")
        }
        guard value.isFinite else {
            throw LabError("\(file):\(line):\(column): '\(Arguments.clip(trimmed))' in column '\(header)' is not a finite number")
        }
        return value
    }

    /// Numeric targets stay numbers; one categorical column becomes one-hot,
    /// its class names sorted (so files with the same classes agree).
    /// `cells` holds the target columns' text row after row.
    static func encodeTargets(_ cells: [String], columns: [String], file: String, categorical: Bool) throws -> (Matrix, [String]) {
        let rows = cells.count / columns.count
        if !categorical {
            var values: [Double] = []
            values.reserveCapacity(cells.count)
            for cell in cells {
                guard let value = Double(cell), value.isFinite else { break }
                values.append(value)
            }
            if values.count == cells.count {
                let binary = columns.count == 1 && values.allSatisfy { $0 == 0 || $0 == 1 }
                return (Matrix(rows: rows, columns: columns.count, storage: values), binary ? ["0", "1"] : [])
            }
        }
        guard columns.count == 1 else {
            throw LabError("\(file): categorical targets must be a single column; '\(columns.joined(separator: ","))' mix text and numbers")
        }
        // Numeric class labels sort as numbers (2 before 10), others as text.
        let classes = Array(Set(cells)).sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        guard classes.count >= 2 else { throw LabError("\(file): the target column '\(columns[0])' has only one class") }
        guard classes.count <= 1000 else { throw LabError("\(file): the target column '\(columns[0])' has \(classes.count) classes (at most 1000)") }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var targets = Matrix(rows: rows, columns: classes.count)
        for (r, cell) in cells.enumerated() { targets[r, index[cell]!] = 1 }
        return (targets, classes)
    }
}
