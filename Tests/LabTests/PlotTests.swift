import Foundation
import Testing
@testable import Lab

/// Every plot kind through the real gnuplot, as a PNG file and as text.
@Suite(.serialized) struct PlotTests {
    static let setup = ["data circle n=120 noise=0.05", "net 2 5:tanh 1:sigmoid", "train 20 lr=0.5 batch=10"]
    static let kinds = ["loss", "boundary", "data", "grads", "weights 1", "activation tanh", "landscape w1[1,1]"]

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-plots-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: kinds)
    func rendersToPNGOfTheRequestedSize(_ kind: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let output = harness.run("export \(kind) plot.png size=640x480")
        #expect(output == ["exported \(kind.split(separator: " ")[0]) to plot.png"], "\(output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/plot.png"))
        #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 640 && height == 480)
    }

    @Test(arguments: kinds)
    func rendersAsTextWithAxes(_ kind: String) throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        harness.run("set terminal dumb")
        let output = harness.run("plot \(kind)")
        #expect(!output.contains { $0.hasPrefix("error:") }, "\(output)")
        #expect(output.contains { $0.contains("+-----") }, "no axes in \(output.joined(separator: "\n"))")
    }

    @Test func exportRefusesToOverwriteAndSVGIsByteIdentical() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export boundary b.svg")
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg"))
        #expect(harness.run("export boundary b.svg").first == "error: export: b.svg exists; add overwrite=yes to replace it")
        harness.run("export boundary b.svg overwrite=yes")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg")) == first)
        #expect(harness.run("export loss |touch x.png").first?.hasPrefix("error:") == true)
    }

    @Test func gpExportRunsUnderGnuplot() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export loss loss.gp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot", "loss.gp"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/loss.png"))
    }

    /// Scripts for fixed inputs match the files in Golden/ (update them
    /// deliberately when a plot's look changes).
    @Test(arguments: ["activation sigmoid", "weights 1"])
    func scriptsMatchGoldenFiles(_ kind: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["net 2 3:tanh 1:sigmoid", "set w1 = [[0.5, -1, 2], [0.25, 0, -0.75]]"])
        let name = kind.replacingOccurrences(of: " ", with: "-") + ".gp"
        harness.run("export \(kind) \(name)")
        let produced = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/" + name)
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(produced == expected)
    }

    @Test func boundaryNeedsTwoInputs() {
        let harness = SessionHarness()
        harness.run(["data 1 2 3 -> 1", "net 3 1:sigmoid"])
        #expect(harness.run("plot boundary").first?.contains("plot boundary needs 2 raw inputs") == true)
        #expect(harness.run("plot loss").first?.contains("no training yet") == true)
        #expect(harness.run("plot nosuch").first?.contains("unknown plot 'nosuch'") == true)
    }
}
