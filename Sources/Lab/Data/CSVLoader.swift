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
        /// Whether the first row names the columns (`header=no`: it is a
        /// sample, and the columns are x1, x2, …); nil when not said.
        var header: Bool?
        /// The memory budget: the most the file and its samples may take.
        var memoryBudget = FileReader.defaultLimit
        /// Asked every few thousand rows: true stops the load (Ctrl-C), nothing loaded.
        var shouldStop: () -> Bool = { false }
    }

    struct Loaded {
        var data: Dataset
        /// File lines of the rows skipped for missing values (dropmissing=yes).
        var dropped: [Int]
        /// Advice printed after loading (a numeric target that looks like class labels).
        var hint: String?
        /// Which column became the target, and how: "target: 'species' (the last column), 3 classes: …".
        var target: String
        /// A header row of numbers only, read as names because header= was not given.
        var warning: String?
    }

    /// Reads the file once (`FileReader`: regular files only, at most
    /// `options.memoryBudget` bytes), checks its bytes, and parses them.
    static func load(path: String, shownAs name: String, options: Options) throws -> Loaded {
        let (bytes, count) = try FileReader.contents(at: path, shownAs: name, what: "a CSV file", limit: options.memoryBudget)
        let buffer = UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count)
        let hasQuotes = count > 0 && memchr(bytes, 0x22, count) != nil
        do { try CSVFileCheck.check(buffer, hasQuotes: hasQuotes, shownAs: name) } catch {
            free(bytes)
            throw error
        }
        guard hasQuotes else {
            let plain = PlainCSVRecords(owning: bytes, count: count)
            return try load(plain, shownAs: name, options: options, expectedRows: plain.lineCount)
        }
        let data = Data(bytesNoCopy: bytes, count: count, deallocator: .free)
        return try load(QuotedCSVRecords(data: data, shownAs: name), shownAs: name, options: options, expectedRows: 0)
    }

    /// The records as `header=` says: the first row names the columns, or is a sample.
    private static func load<Records: CSVRecords>(_ records: Records, shownAs name: String, options: Options,
                                                  expectedRows: Int) throws -> Loaded {
        if options.header == false {
            return try loadRows(HeaderlessRecords(records), shownAs: name, options: options, expectedRows: expectedRows)
        }
        var loaded = try loadRows(records, shownAs: name, options: options, expectedRows: expectedRows)
        if options.header == nil, records.header.allSatisfy({ NumberSyntax.value($0) != nil }) {
            loaded.warning = "warning: \(name): the header row is all numbers (\(records.header.prefix(5).map(Printable.text).joined(separator: ", "))"
                + "\(records.header.count > 5 ? ", …" : "")), read as column names; if it is a sample, load with header=no"
        }
        return loaded
    }

    /// The checks and conversions, the same for both readers.
    static func loadRows<Records: CSVRecords>(_ records: Records, shownAs name: String, options: Options, expectedRows: Int) throws -> Loaded {
        var records = records
        let header = try checkedHeader(records.header, file: name)
        let (targetColumns, featureColumns) = try roles(of: header, options: options, file: name)
        let needed = featureColumns + targetColumns

        // The samples as loaded, as the network sees them and split: about three copies.
        try MemoryBudget.require(24 * Double(expectedRows) * Double(needed.count), within: options.memoryBudget,
                                 for: "\(name): \(LargeCount.grouped(expectedRows)) rows of \(needed.count) columns",
                                 change: "load fewer columns (features=) or a smaller file")
        var features: [Double] = []
        features.reserveCapacity(expectedRows * featureColumns.count)
        var targets = CSVTargets(columns: targetColumns, header: header, expectedRows: expectedRows)
        var missing: [Int] = []
        var dropped: [Int] = []
        var rows = 0
        var read = 0
        records: while try records.next() {
            read += 1
            if read % 16_384 == 0 && options.shouldStop() { throw LabError.stopped }
            if records.isBlankLine { continue }
            // A trailing separator gives one empty field too many: tolerated.
            let count = records.fieldCount == header.count + 1 && records.text(header.count).isEmpty ? header.count : records.fieldCount
            guard count == header.count else {
                throw LabError("\(name):\(records.line): \(Format.count(count, "field")), but the header has \(header.count)")
            }
            for c in needed where records.isMissing(c) {
                if options.dropMissing { dropped.append(records.line) } else { missing.append(records.line) }
                continue records
            }
            guard missing.isEmpty else { continue }  // only collecting the lines to report
            for c in featureColumns {
                guard let value = records.number(c), value.isFinite else {
                    throw LabError("\(name):\(records.line):\(c + 1): "
                                   + NumberSyntax.refusal(of: records.text(c), name: "column \(shown(header[c]))")!)
                }
                features.append(value)
            }
            targets.append(records)
            rows += 1
        }
        if !missing.isEmpty {
            throw LabError("\(name): missing values on \(lines(missing)); add dropmissing=yes to skip those rows")
        }
        guard rows > 0 else { throw LabError("\(name): a header but no samples") }
        let encoded = try targets.encode(file: name, categorical: options.categorical, budget: options.memoryBudget)
        let data = try Dataset(inputs: Matrix(rows: rows, columns: featureColumns.count, storage: features),
                               targets: encoded.targets, featureNames: featureColumns.map { header[$0] },
                               classNames: encoded.classNames)  // kept as written; escaped where shown (Printable)
        return Loaded(data: data, dropped: dropped, hint: encoded.hint,
                      target: targetSummary(targetColumns.map { header[$0] }, given: options.targets != nil,
                                            columns: encoded.targets.columns, classes: encoded.classNames))
    }

    /// "target: 'species' (the last column), 3 classes one-hot: setosa, versicolor, virginica",
    /// "target: 'y' (target=), 0 or 1: two classes", "targets: 'a', 'b' (target=), numbers to regress".
    static func targetSummary(_ names: [String], given: Bool, columns: Int, classes: [String]) -> String {
        let which = "\(names.count == 1 ? "target" : "targets"): \(names.map(shown).joined(separator: ", "))"
            + (given ? " (target=)" : " (the last column)")
        if classes.count == columns, columns > 1 {
            let listed = classes.prefix(10).map(Printable.text).joined(separator: ", ") + (classes.count > 10 ? ", …" : "")
            return "\(which), \(classes.count) classes one-hot: \(listed)"
        }
        return "\(which), " + (classes.isEmpty ? "numbers to regress" : "0 or 1: two classes")
    }

    /// The header row without a trailing empty name, checked for duplicates
    /// and for having at least two columns.
    static func checkedHeader(_ row: [String], file name: String) throws -> [String] {
        var header = row
        guard !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else {
            throw LabError("\(name): the file is empty (expected a header row, then one sample per line)")
        }
        // A trailing separator gives one empty name too many: tolerated, as on data lines.
        if header.count > 1 && header.last!.isEmpty { header.removeLast() }
        var seen: [String: Int] = [:]
        for (c, column) in header.enumerated() {
            if let first = seen[column] {
                throw LabError("\(name):1:\(c + 1): duplicate column name \(shown(column)) (also column \(first + 1))")
            }
            seen[column] = c
        }
        guard header.count > 1 else { throw LabError("\(name):1: " + oneColumn(header[0])) }
        return header
    }

    /// The target and feature columns: as given, else the last column and all others.
    static func roles(of header: [String], options: Options, file name: String) throws -> (targets: [Int], features: [Int]) {
        let targetColumns = try columns(options.targets ?? [header.last!], in: header, file: name, what: "target")
        let featureColumns = try columns(options.features ?? header.indices.filter { !targetColumns.contains($0) }.map { header[$0] },
                                         in: header, file: name, what: "feature")
        guard !featureColumns.isEmpty else { throw LabError("\(name): no feature columns left besides the targets") }
        if let overlap = featureColumns.first(where: targetColumns.contains) {
            throw LabError("\(name): column \(shown(header[overlap])) is both a feature and a target")
        }
        return (targetColumns, featureColumns)
    }

    /// A cell or name quoted in a message: clipped, control characters
    /// escaped (`Printable`), so the message stays one line.
    static func shown(_ text: String) -> String {
        "'" + Arguments.clip(Printable.text(text)) + "'"
    }

    /// "line 4" or "lines 2, 4, 7 … (23 in all)": file lines in a message.
    static func lines(_ lines: [Int]) -> String {
        let listed = lines.prefix(10).map(String.init).joined(separator: ", ")
        return "line\(lines.count == 1 ? "" : "s") \(listed)\(lines.count > 10 ? " … (\(lines.count) in all)" : "")"
    }

    /// Why a header of one column cannot be loaded, with a guess at the separator used instead.
    private static func oneColumn(_ name: String) -> String {
        for (separator, what) in [(";", "semicolons"), ("\t", "tabs"), ("|", "bars")] where name.contains(separator) {
            return "the header is one column, \(shown(name)): bplab reads comma-separated files, and this one looks separated by \(what)"
        }
        return "the header has only one column, \(shown(name)): a CSV file needs feature columns and a target column, separated by commas"
    }

    /// Columns by name or 1-based number, each at most once.
    static func columns(_ keys: [String], in header: [String], file: String, what: String) throws -> [Int] {
        var result: [Int] = []
        for key in keys {
            let index = try column(key, in: header, file: file, what: what)
            guard !result.contains(index) else {
                throw LabError("\(file): column \(shown(header[index])) is given twice as a \(what)")
            }
            result.append(index)
        }
        return result
    }

    /// A column by name, or by 1-based number.
    static func column(_ key: String, in header: [String], file: String, what: String) throws -> Int {
        if let index = header.firstIndex(of: key) { return index }
        if let number = Int(key), (1...header.count).contains(number) { return number - 1 }
        var message = "\(file): no \(what) column \(shown(key)) (columns: \(header.map(Printable.text).joined(separator: ", ")))"
        if let guess = EditDistance.closest(to: key, in: header) { message += "; did you mean '\(Printable.text(guess))'?" }
        throw LabError(message)
    }
}
