import Foundation
@testable import Gnuplot
import TestSupport

/// Helpers of the Gnuplot tests, which run the real gnuplot.
extension Support {
    /// y = sin x for x = 0, 0.1, … 5 as a datablock, drawn with a title.
    static func sinePlot(on terminal: GnuplotTerminal, output: String? = nil, title: String = "sine") throws -> GnuplotScript {
        var script = try GnuplotScript(terminal: terminal, output: output)
        script.addData("curve", rows: (0...50).map { k in [Double(k) / 10, sin(Double(k) / 10)] })
        try script.add("plot $curve using 1:2 with lines title \(GnuplotQuoting.quoted(title))")
        return script
    }

    /// A script that prints each expression on stdout, one per line.
    static func printing(_ expressions: [String]) throws -> GnuplotScript {
        var script = GnuplotScript()
        try script.add("set print '-'")
        for expression in expressions { try script.add("print \(expression)") }
        return script
    }

    /// Width and height from a PNG's IHDR chunk, which follows the 8-byte signature.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        guard bytes.count >= 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              bytes[12..<16].elementsEqual(Array("IHDR".utf8)) else { return nil }
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        return (width, height)
    }

    /// Runs a separate `gnuplot ARGUMENTS` in `folder`; returns its exit status.
    @discardableResult
    static func runGnuplot(arguments: [String], in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GnuplotProcess.locate("gnuplot") ?? "/usr/bin/gnuplot")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The files in a directory, sorted.
    static func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }
}
