/// Checks of a CSV file's bytes that neither reader makes on its own, run
/// before either reads a record, so both give the same errors:
///
/// - the text must be UTF-8 (CSV.swift stops a record at an invalid byte and
///   goes on; a plain `String(decoding:)` would turn it into U+FFFD) — with a
///   hint for UTF-16, gzip and other binary files;
/// - no NUL bytes (they mark binary files, and C's strtod stops at them);
/// - in a file with quotes, every quoted field is closed (otherwise CSV.swift
///   quietly reads the rest of the file into one field).
///
/// Errors name file:line:field like the loader's; lines are file lines,
/// counted as the readers count them (LF, CRLF or CR alone ends a line).
enum CSVFileCheck {
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, hasQuotes: Bool, shownAs name: String) throws {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw LabError("\(name): the file is UTF-16 text; save it as UTF-8 (bplab reads UTF-8 CSV files)")
        }
        if bytes.starts(with: [0x1F, 0x8B]) {
            throw LabError("\(name): the file is gzip-compressed; unpack it first (gunzip)")
        }
        if let bad = firstInvalidUTF8(bytes) {
            let at = position(of: bad, in: bytes)
            let byte = "0x" + String(bytes[bad], radix: 16, uppercase: true)
            throw LabError("\(name):\(at.line):\(at.field): byte \(byte) is not valid UTF-8 (bplab reads UTF-8 text; "
                           + "is this a binary file, or text in another encoding such as Latin-1?)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let at = position(of: nul, in: bytes)
            throw LabError("\(name):\(at.line):\(at.field): a NUL byte; is this a binary file? (bplab reads CSV text)")
        }
        if hasQuotes, let open = position(of: bytes.count, in: bytes).openQuote {
            throw LabError("\(name):\(open.line):\(open.field): the quote that opens this field is never closed "
                           + "(it runs to the end of the file)")
        }
    }

    /// Offset of the first byte that is not part of valid UTF-8, or nil.
    /// ASCII, nearly all of a CSV file, is skipped eight bytes at a time.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            } else if bytes[i] < 0x80 {
                i += 1
            } else {
                var parser = Unicode.UTF8.ForwardParser()
                var window = UnsafeBufferPointer(rebasing: bytes[i..<min(bytes.count, i + 4)]).makeIterator()
                guard case .valid(let scalar) = parser.parseScalar(from: &window) else { return i }
                i += scalar.count
            }
        }
        return nil
    }

    /// Where byte `offset` lies — file line and field number — reading
    /// records as CSV.swift does: a quote opens a quoted field only as the
    /// field's first character; inside one, `""` is a quote, and a quote
    /// followed by a separator or line end closes it. Also the line and
    /// field of a quoted field still open at `offset`.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>)
        -> (line: Int, field: Int, openQuote: (line: Int, field: Int)?) {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var line = 1, field = 1, fieldStart = true
        var open: (line: Int, field: Int)?
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < offset {
            let byte = bytes[i]
            let next: UInt8? = i + 1 < bytes.count ? bytes[i + 1] : nil
            i += 1
            if open != nil {
                if byte == quote {
                    if next == nil || next == comma || next == lf || next == cr {
                        open = nil
                    } else {
                        i += 1  // "" is one quote; CSV.swift also drops what follows a stray quote
                    }
                } else if byte == lf || byte == cr && next != lf {
                    line += 1
                }
                continue
            }
            switch byte {
            case quote where fieldStart:
                open = (line, field)
            case comma:
                field += 1
                fieldStart = true
                continue
            case lf, cr:
                if byte == cr && next == lf { i += 1 }
                line += 1
                field = 1
                fieldStart = true
                continue
            default:
                break
            }
            fieldStart = false
        }
        return (line, field, open)
    }
}
