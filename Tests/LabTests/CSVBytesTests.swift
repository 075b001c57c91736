import Foundation
import Testing
@testable import Lab

/// Files that are not UTF-8 CSV text: both readers (plain, and CSV.swift for
/// files with quotes) must refuse them with the same file:line:field error,
/// leaving the data as it was.
@Suite struct CSVBytesTests {
    static func loadError(_ bytes: [UInt8]) throws -> String {
        let (harness, name) = try CSVTests.file(bytes: bytes)
        harness.run("data xor")
        let before = harness.session.state
        let output = harness.run("load \(name) test=0")
        #expect(harness.session.state == before)
        #expect(output.count == 1, "\(output)")
        return output.first ?? ""
    }

    @Test func invalidUTF8InATextCellOnBothReaders() throws {
        let plain = Array("a,b,y\n1,2,dog\n3,4,caf".utf8) + [0xE9] + Array("\n".utf8)
        let quoted = Array("a,b,\"y\"\n1,2,dog\n3,4,caf".utf8) + [0xE9] + Array("\n".utf8)
        let expected = "error: load: data.csv:3:3: byte 0xE9 is not valid UTF-8 (bplab reads UTF-8 text; is this a binary file, or text in another encoding such as Latin-1?)"
        #expect(try Self.loadError(plain) == expected)
        #expect(try Self.loadError(quoted) == expected)
        // after a quoted field spanning two lines, the line is still the file's
        let spanning = Array("a,b,y\n1,\"2\n\",dog\n3,4,x".utf8) + [0xC3, 0x28]
        #expect(try Self.loadError(spanning).hasPrefix("error: load: data.csv:4:3: byte 0xC3 is not valid UTF-8"))
    }

    @Test func binaryAndOtherEncodings() throws {
        let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4B, 0x4C]
        #expect(try Self.loadError(gzip) == "error: load: data.csv: the file is gzip-compressed; unpack it first (gunzip)")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
        #expect(try Self.loadError(png).hasPrefix("error: load: data.csv:1:1: byte 0x89 is not valid UTF-8 (bplab reads UTF-8 text; is this a binary file"))
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("a,y\n1,2\n".utf8).flatMap { [$0, 0] }
        #expect(try Self.loadError(utf16) == "error: load: data.csv: the file is UTF-16 text; save it as UTF-8 (bplab reads UTF-8 CSV files)")
        let nul = Array("a,b,y\n1,2,0\n3,".utf8) + [0, 0, 0, 0]
        #expect(try Self.loadError(nul) == "error: load: data.csv:3:2: a NUL byte; is this a binary file? (bplab reads CSV text)")
    }

    /// A valid multi-byte class name loads on both readers, and shows as it is.
    @Test func utf8ClassNamesLoadOnBothReaders() throws {
        for header in ["a,y", "\"a\",y"] {
            let (harness, name) = try CSVTests.file("\(header)\n1,café\n2,naïve\n3,café\n")
            harness.run("load \(name) test=0")
            #expect(harness.session.state.data?.train.classNames == ["café", "naïve"])
        }
    }

    /// Class and column names with control characters are escaped in `show data`, so a table row stays one line.
    @Test func controlCharactersAreEscapedInShowData() throws {
        let (harness, name) = try CSVTests.file("a,\"y\"\n1,\"two\nlines\"\n2,\"bell\u{7}\"\n")
        harness.run("load \(name) test=0")
        let output = harness.run("show data")
        #expect(output.contains("class bell\\u{7}: 1, class two\\nlines: 1"), "\(output)")
        #expect(output.contains { $0.hasSuffix("two\\nlines") })
        #expect(output.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 } })
    }
}
