import Foundation
import Gnuplot

/// Whether a file gnuplot drew is whole, before it may replace anything.
///
/// gnuplot reports no error when the disk fills: it leaves a truncated file
/// (a 4,096-byte SVG that does not parse, an empty PNG). So a drawn file
/// counts only when gnuplot no longer holds it open (checked in
/// /proc/PID/fd on Linux), it is not empty, and it both starts and ends as
/// its format does: PNG's signature and IEND chunk, SVG's `<svg` and
/// `</svg>`, PDF's `%PDF-` and `%%EOF`.
enum PlotFileCheck {
    static func check(_ path: String, terminal: GnuplotTerminal, shownAs shown: String, writer: Int32?) throws {
        if let writer, holdsOpen(writer, path) {
            throw LabError("cannot write \(shown): gnuplot did not close the file")
        }
        guard let file = FileHandle(forReadingAtPath: path) else { throw FileWriter.failure(shown, errno) }
        defer { try? file.close() }
        let size = (try? file.seekToEnd()) ?? 0
        guard size > 0 else { throw LabError("cannot write \(shown): gnuplot wrote nothing (is the disk full?)") }
        try? file.seek(toOffset: 0)
        let head = (try? file.read(upToCount: 64)) ?? Data()
        try? file.seek(toOffset: size > 1024 ? size - 1024 : 0)
        let tail = (try? file.readToEnd()) ?? Data()
        guard isWhole(head: head, tail: tail, terminal: terminal) else {
            throw LabError("cannot write \(shown): gnuplot's file is cut short (\(Format.count(Int(size), "byte"))); is the disk full?")
        }
    }

    /// Whether `head` and `tail` (the first bytes and the last 1 KB) are those of a whole file of the terminal's format.
    static func isWhole(head: Data, tail: Data, terminal: GnuplotTerminal) -> Bool {
        switch terminal {
        case .png:
            return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                && tail.suffix(8).elementsEqual([0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        case .svg:
            let start = String(decoding: head, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let end = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return (start.hasPrefix("<?xml") || start.hasPrefix("<svg")) && end.hasSuffix("</svg>")
        case .pdf:
            return head.starts(with: Array("%PDF-".utf8)) && tail.range(of: Data("%%EOF".utf8)) != nil
        case .dumb, .sixel:
            return true
        }
    }

    /// Whether process `pid` has `path` open (Linux: its /proc/PID/fd links); false where that cannot be seen.
    private static func holdsOpen(_ pid: Int32, _ path: String) -> Bool {
        let folder = "/proc/\(pid)/fd"
        let target = WriteTarget.realLocation(path)
        let links = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return links.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)) == target }
    }
}
