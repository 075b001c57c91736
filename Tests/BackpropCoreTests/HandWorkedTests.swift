import Testing
@testable import BackpropCore
#if canImport(Glibc)
import Glibc
#endif

/// Gradients worked out by hand with the chain rule, compared with backprop.
@Suite struct HandWorkedTests {
    /// x → h → y, one neuron per layer, sigmoid, both biases the same b, mse:
    ///     h = σ(w1·x + b),  y = σ(w2·h + b),  E = ½ (y − t)²
    ///     dE/dw2 = (y − t) · y(1 − y) · h
    ///     dE/dw1 = (y − t) · y(1 − y) · w2 · h(1 − h) · x
    @Test func singleChainMatchesTheChainRule() throws {
        let x = 0.5, t = 0.2, w1 = 0.4, w2 = -0.7, b = 0.1
        func sigma(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let h = sigma(w1 * x + b), y = sigma(w2 * h + b)
        let dw2 = (y - t) * y * (1 - y) * h
        let dw1 = (y - t) * y * (1 - y) * w2 * h * (1 - h) * x

        var network = try Network(inputSize: 1, layers: [(1, .sigmoid), (1, .sigmoid)], loss: .mse)
        network.parameters = [w1, b, w2, b]  // W1, b1, W2, b2
        let propagation = Propagation(shapeOf: network, capacity: 1)
        propagation.forward(network, inputs: Matrix(rows: 1, columns: 1, storage: [x]), targets: Matrix(rows: 1, columns: 1, storage: [t]))
        propagation.backward(network)
        #expect(abs(propagation.loss - 0.5 * (y - t) * (y - t)) < 1e-16)
        #expect(abs(propagation.gradients[0] - dw1) < 1e-16)
        #expect(abs(propagation.gradients[2] - dw2) < 1e-16)
        // The delta rule: dE/db is the delta itself, and the shared value b gets two of them.
        #expect(abs(propagation.gradients[3] - (y - t) * y * (1 - y)) < 1e-16)
        #expect(abs(propagation.gradients[1] - (y - t) * y * (1 - y) * w2 * h * (1 - h)) < 1e-16)
    }

    /// XOR 2-2-1 (sigmoid, mse) from a fixed seed: below 0.01, and the same bits on every run.
    @Test func xorTrainsToTheSameBitsEveryRun() throws {
        func run() throws -> (Network, [EpochRecord], Double) {
            var network = try Network(inputSize: 2, layers: [(2, .sigmoid), (1, .sigmoid)], loss: .mse)
            Initializer.uniform(-1, 1).initialize(&network, seed: 2)
            let trainer = try Trainer(train: DataGenerators.xor(), optimizer: OptimizerSettings(kind: .sgd, learningRate: 5),
                                      shuffleSeed: 2, parameterCount: network.parameters.count)
            let result = try trainer.train(&network, options: TrainingOptions(epochs: 3000, batchSize: 4))
            #expect(result.reason == .completed)
            #expect(result.stepsRun == 3000)
            return (network, trainer.history, Metrics.evaluate(network, on: DataGenerators.xor()).loss)
        }
        let (first, firstHistory, loss) = try run()
        let (second, secondHistory, _) = try run()
        #expect(loss < 0.01)
        #expect(first.parameters.map(\.bitPattern) == second.parameters.map(\.bitPattern))
        #expect(firstHistory == secondHistory)
        #expect(Metrics.evaluate(first, on: DataGenerators.xor()).accuracy == 1)
        #expect(loss.bitPattern == XorReference.finalLossBits, "final loss \(loss) (bits \(String(loss.bitPattern, radix: 16)))")
    }
}

/// The recorded final loss of the XOR run above; a change in the order of
/// any floating-point operation of a training step changes these bits.
enum XorReference {
    static let finalLossBits: UInt64 = 4552789644367951028
}
