import BackpropCore
import Foundation

/// A NumPy `.npz` file, as `numpy.savez` writes it: a ZIP archive of `.npy`
/// arrays, stored uncompressed. Every number keeps its exact bits (no decimal
/// text to parse), and `numpy.load` reads it without pickles. The archive
/// carries a fixed date (1980-01-01), so the same arrays give the same bytes —
/// and the same SHA-256 in the script that checks them.
struct NpzArchive {
    private(set) var names: [String] = []
    private var arrays: [String: NpyArray] = [:]

    /// Adds `array` as `name` (read back as `numpy.load(FILE)[name]`).
    mutating func add(_ name: String, _ array: NpyArray) {
        precondition(arrays[name] == nil, "\(name) is in the archive twice")
        names.append(name)
        arrays[name] = array
    }

    /// The archive's bytes; nil when it would pass ZIP's 4 GB limit (no ZIP64 here).
    var data: Data? {
        var zip = ZipWriter()
        for name in names {
            guard zip.add(name + ".npy", arrays[name]!.npy) else { return nil }
        }
        return zip.finished
    }
}

/// The few parts of ZIP that `.npz` needs: stored (uncompressed) entries, their
/// CRC-32, the central directory and its end record, all little-endian.
struct ZipWriter {
    private var body = Data()
    private var directory = Data()
    private var count = 0
    /// 1980-01-01 00:00 in MS-DOS form, the earliest date ZIP can hold.
    private static let date: UInt16 = (1 << 5) | 1

    /// Adds one file; false when the archive would pass 4 GB.
    mutating func add(_ name: String, _ contents: Data) -> Bool {
        guard body.count + contents.count + 100 + name.utf8.count < Int(UInt32.max), count < Int(UInt16.max) else { return false }
        let crc = Self.crc32(contents), offset = UInt32(body.count)
        // Local header: signature, version 2.0, flags 0 (bit 11: UTF-8 names), stored, time, date, crc, sizes, name.
        Self.append(UInt32(0x0403_4b50), to: &body)
        entry(crc: crc, size: UInt32(contents.count), nameLength: name.utf8.count, into: &body)
        body.append(contentsOf: name.utf8)
        body.append(contents)
        // Central directory entry: made by version 2.0, then the same fields, then where the local header is.
        Self.append(UInt32(0x0201_4b50), to: &directory)
        Self.append(UInt16(20), to: &directory)
        entry(crc: crc, size: UInt32(contents.count), nameLength: name.utf8.count, into: &directory)
        for field: UInt16 in [0, 0, 0] { Self.append(field, to: &directory) }  // comment length, disk, internal attributes
        for field in [0, offset] { Self.append(field, to: &directory) }  // external attributes, the local header's offset
        directory.append(contentsOf: name.utf8)
        count += 1
        return true
    }

    private func entry(crc: UInt32, size: UInt32, nameLength: Int, into data: inout Data) {
        for field: UInt16 in [20, 1 << 11, 0, 0, Self.date] { Self.append(field, to: &data) }
        for field in [crc, size, size] { Self.append(field, to: &data) }
        Self.append(UInt16(nameLength), to: &data)
        Self.append(UInt16(0), to: &data)  // no extra field
    }

    /// The entries, the central directory and the end-of-directory record.
    var finished: Data {
        var end = Data()
        Self.append(UInt32(0x0605_4b50), to: &end)
        for field: UInt16 in [0, 0, UInt16(count), UInt16(count)] { Self.append(field, to: &end) }
        Self.append(UInt32(directory.count), to: &end)
        Self.append(UInt32(body.count), to: &end)
        Self.append(UInt16(0), to: &end)  // no comment
        return body + directory + end
    }

    static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    /// CRC-32 (polynomial 0xEDB88320, as ZIP and zlib), which Python's zipfile checks on reading.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }
}

/// One `.npy` array: float64 (or int64) values in row-major order and their shape.
struct NpyArray {
    var shape: [Int]
    var bytes: Data
    var type: String

    init(_ values: [Double], shape: [Int]) {
        self.init(words: values.map(\.bitPattern), shape: shape, type: "<f8")
    }

    init(_ values: [Int]) {
        self.init(words: values.map { UInt64(bitPattern: Int64($0)) }, shape: [values.count], type: "<i8")
    }

    init(_ m: Matrix) { self.init(m.rowArrays.flatMap { $0 }, shape: [m.rows, m.columns]) }

    private init(words: [UInt64], shape: [Int], type: String) {
        self.shape = shape
        self.type = type
        bytes = words.map(\.littleEndian).withUnsafeBytes { Data($0) }
    }

    /// The `.npy` file: magic, version 1.0, the header dictionary padded to
    /// a multiple of 64 bytes (as NumPy aligns it), then the values.
    var npy: Data {
        let dims = shape.count == 1 ? "\(shape[0])," : shape.map(String.init).joined(separator: ", ")
        var header = "{'descr': '\(type)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        ZipWriter.append(UInt16(header.utf8.count), to: &data)
        data.append(contentsOf: header.utf8)
        return data + bytes
    }
}
