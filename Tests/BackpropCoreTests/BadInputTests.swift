import Testing
@testable import BackpropCore

/// User mistakes are thrown CoreErrors with clear messages, never traps.
@Suite struct BadInputTests {
    @Test func impossibleNetworks() {
        #expect(throws: CoreError.self) { try Network(inputSize: 0, layers: [(1, .sigmoid)], loss: .mse) }
        #expect(throws: CoreError.self) { try Network(inputSize: 2, layers: [(-3, .sigmoid)], loss: .mse) }
        #expect(throws: CoreError.self) { try Network(inputSize: 2, layers: [(1_000_000_000, .sigmoid)], loss: .mse) }
        #expect(throws: CoreError.self) { try Network(inputSize: 100_000, layers: [(100_000, .sigmoid)], loss: .mse) }
        #expect(throws: CoreError.self) { try Network(inputSize: 2, layers: [(3, .softmax), (1, .sigmoid)], loss: .mse) }
        #expect(throws: CoreError.self) { try Network(inputSize: 2, layers: [(3, .sigmoid)], loss: .ce) }
        #expect(throws: CoreError.self) { try Network(inputSize: 2, layers: [(3, .tanh)], loss: .bce) }
    }

    @Test func unknownNames() throws {
        #expect(throws: CoreError.self) { try Activation(name: "swish") }
        #expect(throws: CoreError.self) { try Loss(name: "hinge") }
        #expect(throws: CoreError.self) { try OptimizerKind(name: "rmsprop") }
        for bad in ["uniform(x)", "uniform(1,2,3)", "uniform(2,1)", "uniform(nan)", "uniform(1e308)", "uniform(-1e308,1e308)", "gauss"] {
            #expect(throws: CoreError.self, "\(bad)") { try Initializer(name: bad) }
        }
        #expect(try Initializer(name: "uniform(0.5)") == .uniform(-0.5, 0.5))
    }

    @Test func nonFiniteData() {
        #expect(throws: CoreError.self) { try Dataset(inputs: Matrix([[1, .nan]]), targets: Matrix([[0]])) }
        #expect(throws: CoreError.self) { try Dataset(inputs: Matrix([[1, 2]]), targets: Matrix([[.infinity]])) }
        #expect(throws: CoreError.self) { try Dataset(inputs: Matrix([[1, 2], [3, 4]]), targets: Matrix([[0]])) }
        #expect(throws: CoreError.self) { try Matrix([[1, 2], [3]]) }
    }

    @Test func badTrainingSettings() throws {
        let data = DataGenerators.xor()
        #expect(throws: CoreError.self) {
            try Trainer(train: data, optimizer: OptimizerSettings(learningRate: -1), shuffleSeed: 1, parameterCount: 9)
        }
        var network = try Network(inputSize: 3, layers: [(1, .sigmoid)], loss: .mse)
        let trainer = try Trainer(train: data, optimizer: OptimizerSettings(), shuffleSeed: 1, parameterCount: 4)
        #expect(throws: CoreError.self) { try trainer.train(&network, options: TrainingOptions(epochs: 1, batchSize: 4)) }
    }
}
