import Foundation
import Testing
@testable import BackpropCore
@testable import Lab
import TestSupport

/// The project's own Python (.venv, which `make test` fills from
/// requirements.txt), so exported scripts run against the pinned torch,
/// onnx and onnxruntime, not whatever the system has.
enum Python {
    static let interpreter = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv/bin/python3").path

    /// Whether .venv's Python imports every one of `modules`.
    static func has(_ modules: String...) -> Bool {
        (try? run(["-c", modules.map { "import \($0)" }.joined(separator: "; ")]).status) == 0
    }

    static let numpy = has("numpy")
    static let torch = has("torch")
    static let onnx = has("torch", "onnx", "onnxscript", "onnxruntime")
    static let noNumpy: Comment = "needs numpy in .venv: run scripts/install-python-packages (make test does)"
    static let noTorch: Comment = "needs torch in .venv: run scripts/install-python-packages (make test does)"
    static let noOnnx: Comment = "needs onnx, onnxscript and onnxruntime in .venv (requirements.txt): run scripts/install-python-packages"

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `.venv/bin/python3 ARGUMENTS` in `folder`; standard error goes to
    /// a file, so neither pipe can fill while the other is read.
    static func run(_ arguments: [String], in folder: String = FileManager.default.temporaryDirectory.path) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let errorsPath = folder + "/.stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try errors.close()
        let log = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: errorsPath)
        return Run(status: process.terminationStatus, output: output, errors: log)
    }

    /// Runs `python3 net.py ARGUMENTS --save trained.pt` in `folder` on `processes`
    /// processes (`torchrun` for more than one), through a wrapper that then
    /// prints the saved state_dict in the same process (no second start of torch).
    /// Returns the numbers printed as `LABEL NUMBER` lines, by label, and the
    /// trained parameters in bplab's layout (every W row-major inputs × outputs, then b).
    static func train(_ arguments: [String], processes: Int = 1, in folder: String,
                      like network: Network) throws -> (numbers: [String: Double], parameters: [Double]) {
        let wrapper = """
            import os, runpy, sys, torch
            sys.argv = sys.argv[1:]
            runpy.run_path(sys.argv[0], run_name="__main__")
            if os.environ.get("RANK", "0") == "0":
                for k, v in torch.load("trained.pt").items():
                    print("parameter", k, *(repr(x) for x in v.flatten().tolist()))
            """
        try wrapper.write(toFile: folder + "/run.py", atomically: true, encoding: .utf8)
        let launcher = processes == 1 ? [] : ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node=\(processes)"]
        let command = launcher + ["run.py", "net.py"] + arguments + ["--save", "trained.pt"]
        var result = try run(command, in: folder)
        // Under a loaded test run, one torchrun in a few dozen had a worker abort
        // at exit, after its work and after destroy_process_group, inside
        // torch's own teardown ("terminate called without an active
        // exception"); it did not happen in 70 runs alone. That run is
        // repeated once; any other failure, or a second one, fails the test.
        if processes > 1 && result.status != 0 && result.errors.contains("terminate called without an active exception") {
            result = try run(command, in: folder)
        }
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        var numbers: [String: Double] = [:], tensors: [String: [Double]] = [:]
        for line in result.output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "parameter", words.count > 1 {
                tensors[String(words[1])] = words.dropFirst(2).compactMap { Double($0) }
            } else if let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) {
                numbers[String(line[..<space])] = value
            }
        }
        return (numbers, try parameters(tensors, like: network))
    }

    /// PyTorch's tensors (nn.Linear's weight is W transposed) as bplab's parameter buffer.
    static func parameters(_ tensors: [String: [Double]], like network: Network) throws -> [Double] {
        var parameters = network.parameters
        for (l, layer) in network.layers.enumerated() {
            let weight = try #require(tensors["layers.\(l).weight"]), bias = try #require(tensors["layers.\(l).bias"])
            try #require(weight.count == layer.weightCount && bias.count == layer.outputs)
            for i in 0..<layer.inputs {
                for j in 0..<layer.outputs { parameters[layer.weightIndex(from: i, to: j)] = weight[j * layer.inputs + i] }
            }
            for j in 0..<layer.outputs { parameters[layer.biasIndex(j)] = bias[j] }
        }
        return parameters
    }

    /// Relative agreement to `tolerance`: |a − b| ≤ tolerance·|b|.
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(abs(b), 1e-300)
    }

    /// Parameters agree relative to their scale: max |a − b| ≤ tolerance · max |b|.
    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
        let scale = b.map(abs).max() ?? 0
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * scale }
    }

    /// A fresh folder.
    static func folder(_ name: String) throws -> String { try Support.temporaryDirectory(name).path }
}
