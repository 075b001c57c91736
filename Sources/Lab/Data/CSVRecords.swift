import CSV
import Foundation

/// The records of a CSV file, one at a time, as `CSVLoader` consumes them.
///
/// Two readers implement it: `QuotedCSVRecords` (yaslab/CSV.swift, for any
/// RFC 4180 file) and `PlainCSVRecords` (bytes and strtod, for files without
/// a double quote, where records are lines). The loader's checks, errors and
/// results do not depend on which one read the file.
protocol CSVRecords {
    /// The header's fields, trimmed.
    var header: [String] { get }
    /// File line (1-based) on which the current record starts.
    var line: Int { get }
    var fieldCount: Int { get }
    /// Advances to the next record; false at the end of the file.
    mutating func next() throws -> Bool
    /// A field of the current record, trimmed of spaces and tabs.
    func text(_ field: Int) -> String
    /// The field as a number, nil when it is not one.
    func number(_ field: Int) -> Double?
    /// Whether the field is empty or NA, NaN or ? (any case).
    func isMissing(_ field: Int) -> Bool
}

extension CSVRecords {
    /// A line that holds nothing but spaces.
    var isBlankLine: Bool { fieldCount == 1 && text(0).isEmpty }

    static func isMissingText(_ text: String) -> Bool {
        text.isEmpty || ["na", "nan", "?"].contains(text.lowercased())
    }
}

/// Any CSV file, through yaslab/CSV.swift's streaming reader: RFC 4180
/// quoting (commas, quotes and newlines inside quoted fields), CRLF, a UTF-8
/// BOM. Lines are counted from the fields' own newlines, so an error after a
/// quoted multi-line field still names the right file line.
struct QuotedCSVRecords: CSVRecords {
    private let reader: CSVReader
    private let name: String
    private var fields: [String] = []
    let header: [String]
    private(set) var line = 1
    /// Where the next record starts.
    private var nextLine: Int

    init(data: Data, shownAs name: String) throws {
        let stream = InputStream(data: data)
        self.name = name
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true) } catch {
            throw LabError("\(name): the file is empty (expected a header row, then one sample per line)")
        }
        let raw = reader.headerRow ?? []
        header = raw.map(Self.trimmed)
        nextLine = 2 + raw.reduce(0) { $0 + Self.newlines(in: $1) }
    }

    var fieldCount: Int { fields.count }

    mutating func next() throws -> Bool {
        guard let record = reader.next() else {
            // CSV.swift reports the end of the stream as `cannotReadFile`; only other errors are real.
            if let error = reader.error, !Self.isEndOfFile(error) {
                throw LabError("\(name):\(nextLine): cannot read the file (\(error)); is it UTF-8 text?")
            }
            return false
        }
        line = nextLine
        nextLine += 1 + record.reduce(0) { $0 + Self.newlines(in: $1) }
        fields = record.map(Self.trimmed)
        return true
    }

    func text(_ field: Int) -> String { fields[field] }
    func number(_ field: Int) -> Double? { NumberSyntax.value(fields[field]) }
    func isMissing(_ field: Int) -> Bool { Self.isMissingText(fields[field]) }

    /// Without the spaces and tabs around it (as `PlainCSVRecords` trims);
    /// most fields have none and are returned as they are.
    private static func trimmed(_ field: String) -> String {
        let utf8 = field.utf8
        guard let first = utf8.first, let last = utf8.last, first == 32 || first == 9 || last == 32 || last == 9 else { return field }
        let start = utf8.firstIndex { $0 != 32 && $0 != 9 } ?? utf8.endIndex
        let end = utf8.lastIndex { $0 != 32 && $0 != 9 }.map(utf8.index(after:)) ?? start
        return start < end ? String(field[start..<end]) : ""
    }

    /// Line breaks inside one field (CRLF counts once).
    private static func newlines(in field: String) -> Int {
        var count = 0, previous: UInt8 = 0
        for byte in field.utf8 {
            if byte == 10 && previous != 13 || byte == 13 { count += 1 }
            previous = byte
        }
        return count
    }

    private static func isEndOfFile(_ error: Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
    }
}
