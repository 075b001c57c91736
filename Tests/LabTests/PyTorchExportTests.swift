import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// `export pytorch` scripts, run by the real Python when torch is installed:
/// the loss PyTorch computes from the exported weights and data equals bplab's to 1e-12.
@Suite struct PyTorchExportTests {
    /// The project's own Python (.venv, which `make test` fills from requirements.txt),
    /// so the test runs against the pinned torch, not whatever the system has.
    static let interpreter = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv/bin/python3")

    static var torchInstalled: Bool {
        let process = Process()
        process.executableURL = interpreter
        process.arguments = ["-c", "import torch"]
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
        ["data spiral n=60 test=0.25", "net 2 6:tanh 1:sigmoid", "train 7 lr=0.05 batch=8 opt=adam l1=0.001"],
        ["data moons n=30", "net 2 4:tanh 1:sigmoid", "set opt momentum"],  // no step yet: no state
        // Frozen parameters: whole tensors and single entries, their state held as bplab holds it.
        ["data xor", "net 2 3:tanh 1:sigmoid", "freeze b1 w2[1,1]", "train 30 lr=0.5 opt=adam l2=0.01"],
        ["data spiral n=60 test=0.25", "net 2 6:tanh 1:sigmoid", "train 3 lr=0.1 opt=nesterov", "freeze layer 1 b2", "train 3 l1=0.001"],
        ["data moons n=30", "net 2 4:relu 1:sigmoid", "freeze w1[1,2] w1[2,4]", "train 5 lr=0.2 batch=8 opt=momentum"],
    ]

    /// Runs `.venv/bin/python3 net.py ARGS` in `folder` and returns the numbers it printed, by label.
    static func python(_ folder: String, _ arguments: [String] = []) throws -> [String: Double] {
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [folder + "/net.py"] + arguments
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log)")
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= 1e-12 * max(abs(b), 1e-300)
    }

    /// The exported script prints bplab's train and test loss; one more epoch
    /// in PyTorch (its optimizer state and bplab's shuffle restored) ends where
    /// one more `train 1` ends in bplab, to 1e-12.
    @Test(.enabled(if: torchInstalled, "needs torch in .venv: run scripts/install-python-packages (make test does)"),
          arguments: setups)
    func pytorchReproducesTheLossAndContinues(_ lines: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(lines)
        #expect(harness.run("export pytorch net.py").first?.hasPrefix("exported the network") == true)
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let before = try Self.python(folder)
        let loss = Metrics.evaluate(network, on: data.train).loss
        #expect(Self.close(before["loss"], loss), "PyTorch \(before), bplab \(loss)")
        if let test = data.test {
            let testLoss = Metrics.evaluate(network, on: test).loss
            #expect(Self.close(before["test loss"], testLoss), "PyTorch \(before), bplab test \(testLoss)")
        }
        harness.run("train 1")
        let (trained, _) = try harness.session.context.requireNetworkAndData()
        let after = try Self.python(folder, ["1"])
        let next = Metrics.evaluate(trained, on: data.train).loss
        #expect(next != loss)
        #expect(Self.close(after["after 1 more epochs: loss"], next), "PyTorch \(after), bplab \(next)")
        if let test = data.test {
            let testLoss = Metrics.evaluate(trained, on: test).loss
            #expect(Self.close(after["after 1 more epochs: test loss"], testLoss), "PyTorch \(after), bplab test \(testLoss)")
        }
    }

    /// The script comes from a template resource: every place in it is filled, whichever optimizer.
    @Test(arguments: ["sgd", "momentum", "nesterov", "adam"])
    func everyPlaceholderIsFilled(_ optimizer: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2:tanh 1:sigmoid", "train 2 opt=\(optimizer)", "export pytorch t.py"])
        let text = try String(contentsOfFile: folder + "/t.py", encoding: .utf8)
        #expect(text.hasPrefix("# Generated by bplab (export pytorch)") && text.hasSuffix("more epochs: \")\n"))
        #expect(!text.contains("${"))
    }

    /// With every parameter frozen nothing may move, in bplab or in PyTorch
    /// (where nothing requiring a gradient would make backward() fail).
    @Test(.enabled(if: torchInstalled)) func everythingFrozenStaysInPyTorch() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 3:tanh 1:sigmoid", "train 3 lr=0.5 opt=momentum", "freeze all", "export pytorch net.py"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        harness.run("train 2")
        #expect(try harness.session.context.requireNetwork().parameters == network.parameters)
        let after = try Self.python(folder, ["2"])
        #expect(Self.close(after["after 2 more epochs: loss"], Metrics.evaluate(network, on: data.train).loss), "\(after)")
    }

    @Test func refusesToOverwriteAndNeedsANetwork() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-torch-\(UUID().uuidString)").path
        let harness = SessionHarness(baseDirectory: folder)
        #expect(harness.run("export pytorch a.py").first?.contains("no network yet") == true)
        harness.run(["data xor", "net 2 1:sigmoid", "export pytorch a.py"])
        #expect(harness.run("export pytorch a.py").first == "error: export: a.py exists; add overwrite=yes to replace it")
    }
}
