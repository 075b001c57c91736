#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast path for CSV files without a double quote: then every line is
/// one record and every comma separates fields, so the file is read into
/// memory once and split with memchr, and numbers are parsed in place by
/// `NumberSyntax` (strtod in the C locale, as Swift's `Double(String)` parses) without making a
/// String per field. Line ends may be LF, CRLF or CR alone (as CSV.swift
/// reads them): a CR alone is turned into LF when the file is read.
///
/// Why a second reader: on a 1,000,000 × 10 numeric CSV (87 MB) CSV.swift
/// takes about 8 s before any number is parsed, this reader under 1 s in all
/// (figures in the data issue's note). A file with any `"` goes to
/// `QuotedCSVRecords`, so quoting is only ever interpreted by CSV.swift.
///
/// A struct, not a class, so the per-field bookkeeping runs without dynamic
/// exclusivity checks (they took a tenth of the load time); `Bytes` owns the memory.
struct PlainCSVRecords: CSVRecords {
    /// The file's bytes, freed with the last copy of the reader.
    private final class Bytes {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }
        deinit { free(buffer.baseAddress) }
    }

    private let owner: Bytes
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    /// The file's length (bytes holds one more: a NUL that stops strtod at the end).
    private let length: Int
    private var position = 0
    private var starts: [Int] = []
    private var ends: [Int] = []
    private(set) var header: [String] = []
    private(set) var line = 0

    /// The records of a file's bytes as `FileReader.contents` read them
    /// (`malloc`ed, a NUL after the last), which the reader then owns.
    /// `CSVLoader` checks the bytes (`CSVFileCheck`) and sends files with
    /// quotes to `QuotedCSVRecords` first.
    init(owning bytes: UnsafeMutableRawPointer, count: Int) {
        self.init(bytes: UnsafeMutableBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count + 1), length: count)
    }

    private init(bytes: UnsafeMutableBufferPointer<UInt8>, length: Int) {
        owner = Bytes(bytes)
        self.bytes = bytes
        self.length = length
        Self.endLinesWithLF(bytes, length: length)
        if length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        if next() { header = (0..<fieldCount).map(text) }
    }

    /// Turns each CR not followed by LF (old Mac line ends) into LF, so every line ends in LF.
    private static func endLinesWithLF(_ bytes: UnsafeMutableBufferPointer<UInt8>, length: Int) {
        var p = bytes.baseAddress!, left = length
        while left > 0, let hit = memchr(p, 13, left) {
            let q = hit.assumingMemoryBound(to: UInt8.self)
            if q + 1 == bytes.baseAddress! + length || q[1] != 10 { q.pointee = 10 }
            left -= q - p + 1
            p = q + 1
        }
    }

    /// Lines in the file, an upper bound of the records (to reserve storage once).
    var lineCount: Int {
        var count = 0, p = bytes.baseAddress!, left = length
        while left > 0, let hit = memchr(p, 10, left) {
            let q = hit.assumingMemoryBound(to: UInt8.self)
            count += 1
            left -= q - p + 1
            p = q + 1
        }
        return count + 1
    }

    var fieldCount: Int { starts.count }

    mutating func next() -> Bool {
        guard position < length else { return false }
        let base = bytes.baseAddress!
        let lineStart = position
        var end = length
        if let hit = memchr(base + position, 10, length - position) {
            end = hit.assumingMemoryBound(to: UInt8.self) - base
        }
        position = end + 1
        if end > lineStart && base[end - 1] == 13 { end -= 1 }
        line += 1
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var fieldStart = lineStart
        for i in lineStart..<end where base[i] == 44 {
            addField(fieldStart, i)
            fieldStart = i + 1
        }
        addField(fieldStart, end)
        return true
    }

    private mutating func addField(_ start: Int, _ end: Int) {
        var s = start, e = end
        while s < e && (bytes[s] == 32 || bytes[s] == 9) { s += 1 }
        while e > s && (bytes[e - 1] == 32 || bytes[e - 1] == 9) { e -= 1 }
        starts.append(s)
        ends.append(e)
    }

    /// The field's text (the file is valid UTF-8: checked when read).
    func text(_ field: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[field]..<ends[field]]), as: UTF8.self)
    }

    func number(_ field: Int) -> Double? {
        let start = starts[field]
        return NumberSyntax.value(UnsafeRawPointer(bytes.baseAddress! + start).assumingMemoryBound(to: CChar.self),
                                  count: ends[field] - start)
    }

    func isMissing(_ field: Int) -> Bool {
        let count = ends[field] - starts[field]
        return count == 0 || count <= 3 && Self.isMissingText(text(field))
    }
}
