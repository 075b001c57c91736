import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// `--onnx`: the exported script writes the model for raw inputs, bplab's
/// feature transforms and scaling inside the graph, and onnxruntime on raw
/// inputs prints what `predict` prints (float64), to 1e-12.
@Suite struct OnnxExportTests {
    static let setups = [
        ["data spiral n=60 test=0.25 normalize=zscore", "features x1 x2 x1^3 x1*x2 sin(x2) cos(x1)", "net 6 5:tanh 4:linear 1:sigmoid",
         "train 4 lr=0.05 batch=8 opt=adam"],
        ["data spiral n=60 classes=3 normalize=minmax", "net 2 5:leaky-relu 4:relu 3:softmax", "loss ce", "train 3 lr=0.1"],
    ]

    @Test(.enabled(if: Python.onnx, Python.noOnnx), arguments: setups)
    func onnxOnRawInputsIsPredict(_ lines: [String]) throws {
        let folder = try Python.folder("onnx")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(lines + ["set precision 17"])
        try PyTorchExportTests.export(harness)
        let samples = [[1, 0], [-0.4, 0.7], [2.5, -1.5]]  // raw inputs, as typed after `predict`
        _ = try Python.train(["--onnx", "model.onnx"], in: folder, like: try harness.session.context.requireNetwork())
        let code = """
            import sys, numpy, onnxruntime
            session = onnxruntime.InferenceSession(sys.argv[1])
            rows = numpy.array(\(samples), dtype=numpy.float64)
            for k, row in enumerate(session.run(None, {"raw": rows})[0]):
                print(k, *(repr(float(v)) for v in row))
            """
        let run = try Python.run(["-c", code, "model.onnx"], in: folder)
        #expect(run.status == 0, "\(run.errors)")
        let rows = run.output.split(separator: "\n").map { $0.split(separator: " ").dropFirst().compactMap { Double($0) } }
        #expect(rows.count == samples.count)
        for (sample, row) in zip(samples, rows) {
            let predicted = try #require(harness.run("predict " + sample.map { "\($0)" }.joined(separator: " ")).first)
            let numbers = predicted.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
            #expect(numbers.count == row.count && zip(row, numbers).allSatisfy { Python.close($0, $1) },
                    "onnxruntime \(row), predict \(predicted)")
        }
    }
}
