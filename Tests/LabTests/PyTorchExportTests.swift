import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// `export pytorch` scripts, run by the real Python when torch is installed:
/// the loss PyTorch computes from the exported numbers equals bplab's, and N
/// more epochs in PyTorch end where `train N` ends in bplab — loss and every
/// parameter — to 1e-12.
@Suite struct PyTorchExportTests {
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

    /// Exports the session in `harness` to `folder`/net.py and net.npz,
    /// `frozen` (indices into the parameters) frozen first.
    static func export(_ harness: SessionHarness, frozen: [Int] = []) throws {
        if !frozen.isEmpty {
            let network = try harness.session.context.requireNetwork()
            harness.run("freeze " + frozen.map { "\(ParameterReference(index: $0, in: network))" }.joined(separator: " "))
        }
        #expect(harness.run("export pytorch net.py").first?.hasPrefix("exported the network") == true)
    }

    /// The script prints bplab's train and test loss; 3 more epochs in PyTorch
    /// (its optimizer state and bplab's shuffle restored) end where `train 3`
    /// ends in bplab.
    @Test(.enabled(if: Python.torch, Python.noTorch), arguments: setups)
    func pytorchReproducesTheLossAndContinues(_ lines: [String]) throws {
        let folder = try Python.folder("torch")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(lines)
        try Self.export(harness)
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let (printed, parameters) = try Python.train(["3"], in: folder, like: network)
        let loss = Metrics.evaluate(network, on: data.train).loss
        #expect(Python.close(printed["loss"], loss), "PyTorch \(printed), bplab \(loss)")
        if let test = data.test {
            #expect(Python.close(printed["test loss"], Metrics.evaluate(network, on: test).loss))
        }
        harness.run("train 3")
        let (trained, _) = try harness.session.context.requireNetworkAndData()
        let next = Metrics.evaluate(trained, on: data.train).loss
        #expect(next != loss)
        #expect(Python.close(printed["after 3 more epochs: loss"], next), "PyTorch \(printed), bplab \(next)")
        if let test = data.test {
            #expect(Python.close(printed["after 3 more epochs: test loss"], Metrics.evaluate(trained, on: test).loss))
        }
        #expect(Python.close(parameters, trained.parameters), "PyTorch \(parameters), bplab \(trained.parameters)")
    }

    /// --dtype float32 runs the same training in single precision: close, not equal.
    @Test(.enabled(if: Python.torch, Python.noTorch))
    func float32IsClose() throws {
        let folder = try Python.folder("torch32")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data circle n=50", "net 2 4:tanh 1:sigmoid", "set opt adam", "set lr 0.05", "set batch 8"])
        try Self.export(harness)
        let printed = try Python.train(["2", "--dtype", "float32"], in: folder, like: try harness.session.context.requireNetwork()).numbers
        harness.run("train 2")
        let (trained, data) = try harness.session.context.requireNetworkAndData()
        let loss = Metrics.evaluate(trained, on: data.train).loss
        #expect(Python.close(printed["after 2 more epochs: loss"], loss, 1e-5) && !Python.close(printed["after 2 more epochs: loss"], loss))
    }

    /// The script refuses a data file that is not the one it was exported with, before training.
    @Test(.enabled(if: Python.torch, Python.noTorch))
    func scriptRefusesAnotherDataFile() throws {
        let folder = try Python.folder("torch-checksum")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2:tanh 1:sigmoid"])
        try Self.export(harness)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/net.npz"))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: folder + "/net.npz"))
        let run = try Python.run(["net.py", "1"], in: folder)
        #expect(run.status != 0 && run.output.isEmpty)
        #expect(run.errors.contains("net.npz has SHA-256") && run.errors.contains("is not the data this script was exported with"))
    }

    /// The script comes from a template: every place in it is filled, whichever optimizer,
    /// and it names the data file and its checksum.
    @Test(arguments: ["sgd", "momentum", "nesterov", "adam"])
    func everyPlaceholderIsFilled(_ optimizer: String) throws {
        let folder = try Python.folder("torch-template")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 2:tanh 1:sigmoid", "train 2 opt=\(optimizer)", "export pytorch t.py"])
        let text = try String(contentsOfFile: folder + "/t.py", encoding: .utf8)
        #expect(text.hasPrefix("# Generated by bplab (export pytorch)") && text.hasSuffix("    main()\n"))
        #expect(!text.contains("${"))
        let digest = try Data(contentsOf: URL(fileURLWithPath: folder + "/t.npz")).sha256Hex
        #expect(text.contains("DATA = \"t.npz\"\nDATA_SHA256 = \"\(digest)\"\n"))
    }

    /// With every parameter frozen nothing may move, in bplab or in PyTorch
    /// (where nothing requiring a gradient would make backward() fail).
    @Test(.enabled(if: Python.torch, Python.noTorch)) func everythingFrozenStaysInPyTorch() throws {
        let folder = try Python.folder("torch-frozen")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data xor", "net 2 3:tanh 1:sigmoid", "train 3 lr=0.5 opt=momentum", "freeze all", "export pytorch net.py"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        harness.run("train 2")
        #expect(try harness.session.context.requireNetwork().parameters == network.parameters)
        let (printed, parameters) = try Python.train(["2"], in: folder, like: network)
        #expect(Python.close(printed["after 2 more epochs: loss"], Metrics.evaluate(network, on: data.train).loss), "\(printed)")
        #expect(parameters == network.parameters)
    }

    /// FROZEN names PyTorch's tensors: "all" for a whole one, else entries in nn.Linear's layout.
    @Test func frozenParametersInPyTorchsNames() throws {
        let network = try Network(inputSize: 2, layers: [(3, .tanh), (1, .sigmoid)], loss: .mse)
        let layer = network.layers[0], out = network.layers[1]
        #expect(PyTorchExport.frozenParameters([], in: network) == "{}")
        let frozen = [layer.weightIndex(from: 1, to: 2), out.biasIndex(0)] + (0..<3).map { out.weightIndex(from: $0, to: 0) }
        #expect(PyTorchExport.frozenParameters(frozen, in: network)
            == #"{"layers.0.weight": [(2, 1)], "layers.1.weight": "all", "layers.1.bias": "all"}"#)
    }

    @Test func pythonStringsAndFeatures() {
        #expect(PyTorchExport.pythonString("a \"b\"\\c\nd é") == #""a \"b\"\\c\x0ad é""#)
        let features = [FeatureTransform.column(1), .power(0, 3), .product(0, 1), .sine(1), .cosine(0)]
        #expect(PyTorchExport.features(features) == """

                lambda x: x[:, 1],  # x2
                lambda x: x[:, 0] * x[:, 0] * x[:, 0],  # x1^3
                lambda x: x[:, 0] * x[:, 1],  # x1*x2
                lambda x: torch.sin(x[:, 1]),  # sin(x2)
                lambda x: torch.cos(x[:, 0]),  # cos(x1)

            """)
        #expect(PyTorchExport.dataPath(for: "a/net.py") == "a/net.npz" && PyTorchExport.dataPath(for: "run") == "run.npz")
    }

    @Test func refusesToOverwriteEitherFileAndNeedsANetwork() throws {
        let folder = try Python.folder("torch-refuse")
        let harness = SessionHarness(baseDirectory: folder)
        #expect(harness.run("export pytorch a.py").first?.contains("no network yet") == true)
        harness.run(["data xor", "net 2 1:sigmoid", "export pytorch a.py"])
        #expect(harness.run("export pytorch a.py").first == "error: export: a.py exists; add overwrite=yes to replace it")
        try FileManager.default.removeItem(atPath: folder + "/a.py")
        #expect(harness.run("export pytorch a.py").first == "error: export: a.npz exists; add overwrite=yes to replace it")
        #expect(!FileManager.default.fileExists(atPath: folder + "/a.py"))
        #expect(harness.run("export pytorch a.py overwrite=yes").first?.hasSuffix("to a.py and a.npz; run it with python3 or torchrun") == true)
    }
}
