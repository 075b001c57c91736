import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// `export pytorch` scripts, run by the real Python when torch is installed:
/// the loss PyTorch computes from the exported weights and data equals bplab's to 1e-12.
@Suite struct PyTorchExportTests {
    static var torchInstalled: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import torch"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let setups = [
        ["data xor", "net 2 3:tanh 1:sigmoid", "train 30 lr=0.5 opt=adam"],
        ["data xor", "net 2 3:relu 1:sigmoid", "loss bce", "train 30 lr=0.5 opt=momentum"],
        ["data spiral n=60 classes=3 test=0.2 normalize=zscore", "net 2 5:leaky-relu 3:softmax", "train 5 lr=0.1 l2=0.01"],
        ["data sine n=40", "features x1 x1^2", "net 2 4:tanh 1:linear", "train 5 lr=0.05 opt=nesterov"],
    ]

    @Test(.enabled(if: torchInstalled), arguments: setups)
    func pytorchReproducesTheLoss(_ lines: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(lines)
        #expect(harness.run("export pytorch net.py").first?.hasPrefix("exported the network") == true)
        let (network, data) = try harness.session.requireNetworkAndData()
        let expected = Metrics.evaluate(network, on: data.train).loss
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder + "/net.py"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let printed = try #require(text.split(separator: "\n").first { $0.hasPrefix("loss ") }.flatMap { Double($0.dropFirst(5)) },
                                   "no loss in \(text)")
        #expect(abs(printed - expected) <= 1e-12 * max(abs(expected), 1e-300), "PyTorch \(printed), bplab \(expected)")
    }

    @Test func refusesToOverwriteAndNeedsANetwork() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        #expect(harness.run("export pytorch a.py").first?.contains("no network yet") == true)
        harness.run(["data xor", "net 2 1:sigmoid", "export pytorch a.py"])
        #expect(harness.run("export pytorch a.py").first == "error: export: a.py exists; add overwrite=yes to replace it")
    }
}
