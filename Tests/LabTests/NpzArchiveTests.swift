import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// The exported script's data file: a .npz NumPy reads back bit for bit, and
/// the SHA-256 the script checks it against.
@Suite struct NpzArchiveTests {
    /// FIPS 180-4's examples, as the script's hexdigest() prints them.
    @Test func sha256KnownDigests() {
        #expect(Data().sha256Hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Data("abc".utf8).sha256Hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8).sha256Hex
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Data(repeating: 0x61, count: 1_000_000).sha256Hex
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func crc32KnownValue() {
        #expect(ZipWriter.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
    }

    /// The same arrays give the same bytes (a fixed date, no clock in the archive).
    @Test func sameArraysSameBytes() throws {
        func archive() -> Data? {
            var npz = NpzArchive()
            npz.add("a", .init([1, 2, 3]))
            return npz.data
        }
        #expect(archive() != nil && archive() == archive())
    }

    /// NumPy reads every array with its shape, type and exact bits — extreme
    /// values included — and Python's zipfile finds every entry's CRC right.
    @Test(.enabled(if: Python.numpy, Python.noNumpy))
    func numpyReadsTheSameBits() throws {
        let folder = try Python.folder("npz")
        let values = [0.1, -0.0, 5e-324, -1.7976931348623157e308, 1.0 / 3, 2.5e-308, 12345.678]
        var npz = NpzArchive()
        npz.add("matrix", .init(try Matrix([Array(values[0..<3]), Array(values[3..<6])])))
        npz.add("layers.0.weight", .init(values, shape: [values.count]))
        npz.add("exp_avg/layers.0.bias", .init(Array(values[0..<1]), shape: [1]))
        npz.add("permutation", .init([3, 0, 2, 1, Int(Int64.max)]))
        try #require(npz.data).write(to: URL(fileURLWithPath: folder + "/t.npz"))
        let code = """
            import zipfile, numpy
            assert zipfile.ZipFile("t.npz").testzip() is None
            for name, a in numpy.load("t.npz").items():
                print(name, a.dtype, a.shape, *(repr(x) for x in a.flatten().tolist()))
            """
        let run = try Python.run(["-c", code], in: folder)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.split(separator: "\n").map(String.init) == [
            "matrix float64 (2, 3) 0.1 -0.0 5e-324 -1.7976931348623157e+308 0.3333333333333333 2.5e-308",
            "layers.0.weight float64 (7,) 0.1 -0.0 5e-324 -1.7976931348623157e+308 0.3333333333333333 2.5e-308 12345.678",
            "exp_avg/layers.0.bias float64 (1,) 0.1",
            "permutation int64 (5,) 3 0 2 1 9223372036854775807",
        ])
    }

    /// The exported data file holds the session's numbers as the script names them.
    @Test(.enabled(if: Python.numpy, Python.noNumpy))
    func theExportedDataFileRoundTrips() throws {
        let folder = try Python.folder("npz-export")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data spiral n=20 test=0.25 normalize=zscore", "net 2 3:tanh 1:sigmoid", "train 2 opt=momentum batch=4", "export pytorch net.py"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let trainer = try harness.session.context.currentTrainer(for: network, data: data)
        let code = "import numpy\nfor name, a in numpy.load('net.npz').items(): print(name, *(repr(x) for x in a.flatten().tolist()))"
        let run = try Python.run(["-c", code], in: folder)
        var arrays: [String: [Double]] = [:]
        for line in run.output.split(separator: "\n") {
            let words = line.split(separator: " ")
            arrays[String(words[0])] = words.dropFirst().compactMap { Double($0) }
        }
        #expect(arrays.keys.sorted() == ["e", "e_test", "layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight",
                                         "mapping.offset", "mapping.scale", "momentum_buffer/layers.0.bias", "momentum_buffer/layers.0.weight",
                                         "momentum_buffer/layers.1.bias", "momentum_buffer/layers.1.weight", "permutation", "x", "x_test"])
        #expect(arrays["x"] == data.train.inputs.rowArrays.flatMap { $0 } && arrays["e_test"] == data.test?.targets.rowArrays.flatMap { $0 })
        #expect(arrays["layers.0.weight"] == (0..<3).flatMap { j in (0..<2).map { i in network.weights(0)[i, j] } })
        #expect(arrays["layers.1.bias"] == network.biases(1))
        #expect(arrays["permutation"] == trainer.shuffleState.permutation.map(Double.init))
        #expect(arrays["mapping.scale"] == network.inputMapping.normalization?.scale)
        let first = network.layers[0]
        #expect(arrays["momentum_buffer/layers.0.bias"] == Array(trainer.optimizer.state.first[first.biasOffset..<first.biasOffset + 3]))
    }
}
