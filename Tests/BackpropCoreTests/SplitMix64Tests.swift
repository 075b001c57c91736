import Testing
@testable import BackpropCore

/// The generator's stream is the contract with the NumPy and PyTorch scripts
/// (docs/generator.md): these vectors come from that page.
@Suite struct SplitMix64Tests {
    @Test func outputsMatchTheReferenceVectors() {
        var rng = SplitMix64(seed: 1)
        #expect(rng.next() == 0x910a_2dec_8902_5cc1)
        #expect(rng.next() == 0xbeeb_8da1_658e_ec67)
        #expect(rng.next() == 0xf893_a2ee_fb32_555e)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xe220_a839_7b1d_cdaf)
    }

    @Test func uniformDrawsMatchTheReference() {
        var rng = SplitMix64(seed: 1)
        #expect(rng.uniform01() == 0.5665615751722809)
        #expect(rng.uniform01() == 0.7457817572627011)
        #expect(rng.uniform01() == 0.9710027535867962)
    }

    @Test func shuffleAccumulatesAcrossEpochsAsSpecified() {
        var rng = SplitMix64(seed: 2)
        var p = Array(0..<10)
        rng.shuffle(&p)
        #expect(p == [9, 8, 3, 2, 4, 6, 1, 7, 5, 0])
        rng.shuffle(&p)
        #expect(p == [2, 4, 5, 8, 6, 1, 9, 7, 0, 3])
    }

    @Test func xavierStartsWithTheReferenceWeights() throws {
        var network = try Network(inputSize: 2, layers: [(16, .tanh), (16, .tanh), (1, .sigmoid)], loss: .mse)
        Initializer.xavier.initialize(&network, seed: 1)
        #expect(Array(network.parameters.prefix(3)) == [0.07685868668680376, 0.28380432743503947, 0.5438671331447835])
        #expect(network.biases(0).allSatisfy { $0 == 0 })
    }
}
