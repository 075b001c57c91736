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
        network.inputMapping = InputMapping(rawInputs: 2, features: [.column(0), .power(1, 3), .product(0, 1)],
                                            normalization: Normalization(kind: .zscore, offset: [0.1, 1.0 / 7, -3], scale: [1e-9, 2, 0.3]))
        network.classNames = ["versi,color", "vir\"ginica\n"]
        let loaded = try ModelFile.decode(ModelFile.encode(network))
        #expect(loaded.parameters.map(\.bitPattern) == network.parameters.map(\.bitPattern))
        #expect(loaded.inputMapping == network.inputMapping)
        #expect(loaded.classNames == network.classNames)
        #expect(loaded.layers == network.layers)
        #expect(loaded.loss == .ce)
    }

    /// The writer hands over bounded pieces (a row never splits), which
    /// together are exactly the whole text.
    @Test func textComesInBoundedPieces() throws {
        var network = try Network(inputSize: 30, layers: [(40, .relu), (40, .tanh), (3, .softmax)], loss: .ce)
        var rng = SplitMix64(seed: 9)
        for k in network.parameters.indices { network.parameters[k] = rng.uniform(-1, 1) }
        var pieces: [String] = []
        try ModelFile.write(network, pieceBytes: 2048) { pieces.append($0) }
        #expect(pieces.count > 10)
        #expect(pieces.dropLast().allSatisfy { $0.utf8.count < 2048 + 40 * 30 })
        #expect(Data(pieces.joined().utf8) == (try ModelFile.encode(network)))
        #expect(try ModelFile.decode(ModelFile.encode(network)).parameters == network.parameters)
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

    /// A file written before features and class names were stored still loads, as the raw-input network it was.
    @Test func filesWithoutTheOptionalFieldsLoad() throws {
        let text = #"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[{"size":1,"activation":"sigmoid","weights":[[1],[2]],"biases":[0.5]}],"normalization":{"kind":"minmax","offset":[0,1],"scale":[2,4]}}"#
        let network = try ModelFile.decode(Data(text.utf8))
        #expect(network.inputMapping == InputMapping(rawInputs: 2, normalization: Normalization(kind: .minmax, offset: [0, 1], scale: [2, 4])))
        #expect(network.classNames.isEmpty)
        #expect(network.inputMapping.apply([4, 5]) == [2, 1])
        // and a network without them writes none of them
        let json = try JSONSerialization.jsonObject(with: ModelFile.encode(try Network(inputSize: 2, layers: [(1, .sigmoid)], loss: .mse))) as! [String: Any]
        #expect(json["features"] == nil && json["rawInputSize"] == nil && json["classNames"] == nil && json["normalization"] == nil)
    }

    /// The frozen parameters travel with the model, a whole W or b by its
    /// layer's name; a network with none frozen writes no "frozen".
    @Test func frozenParametersAreSavedByName() throws {
        var network = try Network(inputSize: 2, layers: [(2, .tanh), (1, .sigmoid)], loss: .mse)
        network.frozen.insert(ParameterReference.biasLayer(1).parameterIndices(in: network) + [network.layers[1].weightIndex(from: 1, to: 0)])
        let data = try ModelFile.encode(network)
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(json["frozen"] as? [String] == ["b1", "w2[2,1]"])
        #expect(try ModelFile.decode(data).frozen == network.frozen)
        network.frozen.remove(network.frozen.indices)
        let none = try JSONSerialization.jsonObject(with: ModelFile.encode(network)) as! [String: Any]
        #expect(none["frozen"] == nil)
    }

    static let malformed: [(String, String)] = [
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":1,"activation":"linear","weights":[[1]],"biases":[0]}],"frozen":["w2"]}"#, "frozen: 'w2': the network has layers 1…1"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":1,"activation":"linear","weights":[[1]],"biases":[0]}],"frozen":["x[1]"]}"#, "frozen: 'x[1]' is an input"),
        (#"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[],"features":["x1","x1^2"]}"#, "features need \"rawInputSize\""),
        (#"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[],"rawInputSize":1,"features":["x1"]}"#, "1 features for 2 inputs"),
        (#"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[],"rawInputSize":1,"features":["x1","x2^2"]}"#, "features: 'x2': inputs are x1…x1"),
        (#"{"format":"bplab-model","version":1,"inputSize":2,"loss":"mse","layers":[],"rawInputSize":3}"#, "rawInputSize differs from inputSize"),
        (#"{"format":"bplab-model","version":1,"inputSize":1,"loss":"mse","layers":[{"size":2,"activation":"sigmoid","weights":[[1,2]],"biases":[0,0]}],"classNames":["a"]}"#, "classNames must name each of the 2 outputs"),
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
