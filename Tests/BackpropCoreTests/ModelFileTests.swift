import Foundation
import Testing
@testable import BackpropCore

@Suite struct ModelFileTests {
    @Test func roundTripIsBitIdentical() throws {
        var network = try Network(inputSize: 3, layers: [(4, .tanh), (2, .softmax)], loss: .ce)
        let awkward: [Double] = [1.0 / 3, 1e-300, -0.0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -2.5e-8, 123456789.123456789]
        var rng = SplitMix64(seed: 5)
        for k in network.parameters.indices {
            network.parameters[k] = k < awkward.count ? awkward[k] : rng.uniform(-3, 3)
        }
        network.normalization = Normalization(kind: .zscore, offset: [0.1, 1.0 / 7, -3], scale: [1e-9, 2, 0.3])
        let loaded = try ModelFile.decode(ModelFile.encode(network))
        #expect(loaded.parameters.map(\.bitPattern) == network.parameters.map(\.bitPattern))
        #expect(loaded.normalization == network.normalization)
        #expect(loaded.layers == network.layers)
        #expect(loaded.loss == .ce)
    }

    @Test func weightsAreWrittenFromTo() throws {
        var network = try Network(inputSize: 2, layers: [(3, .sigmoid)], loss: .mse)
        network.parameters[network.layers[0].weightIndex(from: 1, to: 2)] = 7
        let json = try JSONSerialization.jsonObject(with: ModelFile.encode(network)) as! [String: Any]
        let layer = (json["layers"] as! [[String: Any]])[0]
        let weights = layer["weights"] as! [[Double]]
        #expect(weights.count == 2 && weights[0].count == 3)
        #expect(weights[1][2] == 7)
    }

    static let malformed: [(String, String)] = [
        ("not json", "not valid JSON"),
        ("{}", "missing \"format\""),
        (#"{"format":"other","version":1,"inputSize":1,"loss":"mse","layers":[]}"#, "expected 'bplab-model'"),
        (#"{"format":"bplab-model","version":9,"inputSize":1,"loss":"mse","layers":[]}"#, "version 9"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"hinge","layers":[]}"#, "unknown loss 'hinge'"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":1,"activation":"swish","weights":[[1]],"biases":[0]}]}"#, "unknown activation 'swish'"),
        (#"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[{"size":1,"activation":"linear","weights":[[1]],"biases":[0]}]}"#, "weights must be 2 rows of 1 values"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":1,"activation":"linear","weights":[[1]],"biases":[]}]}"#, "biases must have 1 values"),
        (#"{"format":"bplab-model","version":1,"inputSize":0,"loss":"mse","layers":[]}"#, "at least 1"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":1,"activation":"linear","weights":[["x"]],"biases":[0]}]}"#, "wrong type"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"ce","layers":[{"size":1,"activation":"sigmoid","weights":[[1]],"biases":[0]}]}"#, "softmax"),
    ]

    @Test(arguments: malformed)
    func malformedFilesGiveClearErrors(_ text: String, _ expected: String) {
        do {
            _ = try ModelFile.decode(Data(text.utf8))
            Issue.record("decoded a malformed model: \(text)")
        } catch let error as CoreError {
            guard case .malformedModel = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains(expected), "\(error.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
