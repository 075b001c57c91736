import Testing
@testable import BackpropCore

@Suite struct TrainerTests {
    static func linearProblem() throws -> (Network, Dataset) {
        var network = try Network(inputSize: 1, layers: [(1, .linear)], loss: .mse)
        network.parameters = [0.3, 0.1]
        let data = try Dataset(inputs: Matrix([[1], [2], [3], [4]]), targets: Matrix([[2], [4], [6], [8]]))
        return (network, data)
    }

    @Test func divergenceStopsAndKeepsTheLastFiniteWeights() throws {
        var (network, data) = try Self.linearProblem()
        let start = network
        let settings = OptimizerSettings(kind: .sgd, learningRate: 1e6)
        let trainer = try Trainer(train: data, optimizer: settings, shuffleSeed: 1, parameterCount: 2)
        let result = try trainer.train(&network, options: TrainingOptions(epochs: 1000, batchSize: 4))
        guard case .diverged(let step) = result.reason else {
            Issue.record("expected divergence, got \(result.reason)")
            return
        }
        #expect(network.parameters.allSatisfy { $0.isFinite })
        #expect(step == result.stepsRun + 1, "diverged at step \(step) after \(result.stepsRun) steps")
        // The same run stopped just before the failing step ends on the same weights.
        var replay = start
        let again = try Trainer(train: data, optimizer: settings, shuffleSeed: 1, parameterCount: 2)
        _ = try again.train(&replay, options: TrainingOptions(epochs: result.stepsRun, batchSize: 4))
        #expect(network.parameters == replay.parameters)
    }

    @Test func cancellationStopsAtABatchBoundary() throws {
        var (network, data) = try Self.linearProblem()
        let trainer = try Trainer(train: data, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.01),
                                  shuffleSeed: 1, parameterCount: 2)
        var checks = 0
        let result = try trainer.train(&network, options: TrainingOptions(epochs: 100, batchSize: 1),
                                       shouldStop: { checks += 1; return checks > 3 })
        #expect(result.reason == .cancelled)
        #expect(result.stepsRun == 3)
        #expect(trainer.stepCount == 3)
    }

    /// With batch 1 and a negligible learning rate, each batch loss reveals
    /// which sample was visited: the order is the reference permutation.
    @Test func minibatchesFollowTheReferenceShuffle() throws {
        let inputs = try Matrix((0..<10).map { [Double($0)] })
        let data = try Dataset(inputs: inputs, targets: inputs)
        var network = try Network(inputSize: 1, layers: [(1, .linear)], loss: .mse)
        network.parameters = [0, 0]
        let trainer = try Trainer(train: data, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1e-300),
                                  shuffleSeed: 2, parameterCount: 2)
        var losses: [Double] = []
        _ = try trainer.train(&network, options: TrainingOptions(epochs: 2, batchSize: 1),
                              onStep: { losses.append($0.batchLoss) })
        // With zero weights the batch loss of sample r is r²/2: it reveals the order.
        let order = losses.map { Int((2 * $0).squareRoot().rounded()) }
        #expect(order == [9, 8, 3, 2, 4, 6, 1, 7, 5, 0] + [2, 4, 5, 8, 6, 1, 9, 7, 0, 3])
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        var (network, data) = try Self.linearProblem()
        let start = network
        // A test set the model cannot fit while it fits the training set: the test loss rises.
        let test = try Dataset(inputs: Matrix([[1], [2]]), targets: Matrix([[0], [0]]))
        let settings = OptimizerSettings(kind: .sgd, learningRate: 0.01)
        let trainer = try Trainer(train: data, test: test, optimizer: settings, shuffleSeed: 1, parameterCount: 2)
        let result = try trainer.train(&network, options: TrainingOptions(epochs: 200, batchSize: 4, earlyStoppingPatience: 3))
        guard case .earlyStopped(let best) = result.reason else {
            Issue.record("expected an early stop, got \(result.reason)")
            return
        }
        #expect(result.epochsRun == best + 3)
        let bestLoss = trainer.history[best - 1].testLoss!
        #expect(trainer.history.allSatisfy { $0.testLoss! >= bestLoss })
        var replay = start
        let again = try Trainer(train: data, test: test, optimizer: settings, shuffleSeed: 1, parameterCount: 2)
        _ = try again.train(&replay, options: TrainingOptions(epochs: best, batchSize: 4))
        #expect(network.parameters == replay.parameters)
    }

    @Test func metricsAccuracy() throws {
        var network = try Network(inputSize: 1, layers: [(2, .softmax)], loss: .ce)
        network.parameters = [1, -1, 0, 0]  // class 1 for x > 0, class 2 for x < 0
        let data = try Dataset(inputs: Matrix([[1], [-1], [2], [-3]]), targets: Matrix([[1, 0], [0, 1], [0, 1], [0, 1]]))
        #expect(Metrics.evaluate(network, on: data).accuracy == 0.75)
        var single = try Network(inputSize: 1, layers: [(1, .sigmoid)], loss: .mse)
        single.parameters = [1, 0]
        let binary = try Dataset(inputs: Matrix([[1], [-1], [0.5]]), targets: Matrix([[1], [0], [0]]))
        #expect(abs(Metrics.evaluate(single, on: binary).accuracy! - 2.0 / 3.0) < 1e-15)
        let regression = try Dataset(inputs: Matrix([[1]]), targets: Matrix([[0.3]]))
        #expect(Metrics.evaluate(single, on: regression).accuracy == nil)
    }
}
