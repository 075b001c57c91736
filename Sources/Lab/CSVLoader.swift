import BackpropCore
import CSV
import Foundation

/// Reads a CSV file into a data set: a header row, numeric feature columns,
/// and numeric or categorical targets.
///
/// Parsing (RFC 4180 quoting, quoted commas and newlines, CRLF, a UTF-8 BOM)
/// is yaslab/CSV.swift's streaming reader, so a large file is never held as
/// text: each record is turned into doubles as it arrives. Errors name
/// file:line:column and the bad value. Line numbers count records (header =
/// line 1), which equals file lines unless a quoted field spans lines.
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
        guard let stream = InputStream(fileAtPath: path) else { throw LabError("\(name): cannot open") }
        let reader: CSVReader
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true) } catch {
            throw LabError("\(name):1: no header row (the first line must name the columns)")
        }
        guard let rawHeader = reader.headerRow, !(rawHeader.count == 1 && rawHeader[0].isEmpty) else {
            throw LabError("\(name): the file is empty (expected a header row, then one sample per line)")
        }
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces) }
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
        var targetText: [[String]] = []
        var missing: [Int] = []
        var dropped: [Int] = []
        var line = 1
        var rows = 0
        while let record = reader.next() {
            line += 1
            if record.count == 1 && record[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }  // an empty line
            var fields = record
            // A trailing separator gives one empty field too many: tolerated.
            if fields.count == header.count + 1 && fields.last!.isEmpty { fields.removeLast() }
            guard fields.count == header.count else {
                throw LabError("\(name):\(line): \(fields.count) fields, but the header has \(header.count)")
            }
            let needed = featureColumns + targetColumns
            if needed.contains(where: { fields[$0].trimmingCharacters(in: .whitespaces).isEmpty || ["na", "nan", "?"].contains(fields[$0].trimmingCharacters(in: .whitespaces).lowercased()) }) {
                if options.dropMissing { dropped.append(line); continue }
                missing.append(line)
                continue
            }
            for c in featureColumns {
                features.append(try number(fields[c], file: name, line: line, column: c + 1, header: header[c]))
            }
            targetText.append(targetColumns.map { fields[$0].trimmingCharacters(in: .whitespaces) })
            rows += 1
        }
        // CSV.swift reports the end of the stream as `cannotReadFile`; only other errors are real.
        if let error = reader.error, !isEndOfFile(error) {
            throw LabError("\(name):\(line + 1): cannot read the file (\(error)); is it UTF-8 text?")
        }
        if !missing.isEmpty {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ")
            throw LabError("\(name): missing values on line\(missing.count == 1 ? "" : "s") \(shown)\(missing.count > 10 ? " … (\(missing.count) in all)" : ""); add dropmissing=yes to skip those rows")
        }
        guard rows > 0 else { throw LabError("\(name): a header but no samples") }
        let (targets, classNames) = try encodeTargets(targetText, columns: targetColumns.map { header[$0] }, file: name,
                                                      categorical: options.categorical)
        let data = try Dataset(inputs: Matrix(rows: rows, columns: featureColumns.count, storage: features),
                               targets: targets, featureNames: featureColumns.map { header[$0] }, classNames: classNames)
        return Loaded(data: data, dropped: dropped)
    }

    static func isEndOfFile(_ error: Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
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
    static func encodeTargets(_ rows: [[String]], columns: [String], file: String, categorical: Bool) throws -> (Matrix, [String]) {
        let numeric = rows.allSatisfy { $0.allSatisfy { Double($0)?.isFinite == true } }
        if numeric && !categorical {
            let values = rows.flatMap { $0.map { Double($0)! } }
            let binary = columns.count == 1 && values.allSatisfy { $0 == 0 || $0 == 1 }
            return (Matrix(rows: rows.count, columns: columns.count, storage: values), binary ? ["0", "1"] : [])
        }
        guard columns.count == 1 else {
            throw LabError("\(file): categorical targets must be a single column; '\(columns.joined(separator: ","))' mix text and numbers")
        }
        // Numeric class labels sort as numbers (2 before 10), others as text.
        let classes = Array(Set(rows.map { $0[0] })).sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        guard classes.count >= 2 else { throw LabError("\(file): the target column '\(columns[0])' has only one class") }
        guard classes.count <= 1000 else { throw LabError("\(file): the target column '\(columns[0])' has \(classes.count) classes (at most 1000)") }
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var targets = Matrix(rows: rows.count, columns: classes.count)
        for (r, row) in rows.enumerated() { targets[r, index[row[0]]!] = 1 }
        return (targets, classes)
    }
}
