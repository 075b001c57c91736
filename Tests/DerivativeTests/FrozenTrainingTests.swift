import Foundation
import Testing
import BackpropCore
import TestSupport

/// Frozen parameters: training leaves them and their optimizer state as
/// they are, and moves the others exactly as an independent trainer does
/// (forward-mode gradients, every update rule written out here), for each
/// optimizer, with l1/l2 set.
@Suite struct FrozenTrainingTests {
    static let settings: [OptimizerSettings] = OptimizerKind.allCases.map { OptimizerSettings(kind: $0, learningRate: 0.05) }

    /// `steps` full-batch steps by the rules of `Optimizer`'s documentation,
    /// frozen parameters skipped (value and state).
    static func reference(_ start: Network, _ x: Matrix, _ e: Matrix, _ s: OptimizerSettings, penalty: Penalty, steps: Int) -> [Double] {
        var network = start
        let count = network.parameters.count
        var first = Array(repeating: 0.0, count: count), second = first
        for t in 1...steps {
            let g = (0..<count).map { k in
                Support.forwardMode(network, x, e, .parameter(k)) + PenaltyTests.slope(network, k, penalty)
            }
            for k in 0..<count where !network.frozen.contains(k) {
                switch s.kind {
                case .sgd: network.parameters[k] -= s.learningRate * g[k]
                case .momentum, .nesterov:
                    first[k] = s.momentum * first[k] + g[k]
                    network.parameters[k] -= s.learningRate * (s.kind == .nesterov ? g[k] + s.momentum * first[k] : first[k])
                case .adam:
                    first[k] = s.beta1 * first[k] + (1 - s.beta1) * g[k]
                    second[k] = s.beta2 * second[k] + (1 - s.beta2) * g[k] * g[k]
                    let step = s.learningRate / (1 - pow(s.beta1, Double(t)))
                    network.parameters[k] -= step * first[k] / (second[k].squareRoot() / (1 - pow(s.beta2, Double(t))).squareRoot() + s.epsilon)
                }
            }
        }
        return network.parameters
    }

    @Test(arguments: settings)
    func frozenParametersStayAndTheRestFollowTheReference(_ s: OptimizerSettings) throws {
        var network = try Support.network([2, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 21)
        network.frozen.insert([1, 4, 6, network.parameters.count - 1])  // weights and biases of both layers
        let (x, e) = Support.batch(rows: 4, for: network, seed: 22)
        let penalty = Penalty(l1: 0.01, l2: 0.1)
        let trainer = try Trainer(train: try Dataset(inputs: x, targets: e), optimizer: s, shuffleSeed: 1,
                                  parameterCount: network.parameters.count)
        let start = network
        _ = try trainer.train(&network, options: TrainingOptions(epochs: 5, batchSize: 4, penalty: penalty))
        let expected = Self.reference(start, x, e, s, penalty: penalty, steps: 5)
        for k in network.parameters.indices {
            if start.frozen.contains(k) {
                #expect(network.parameters[k] == start.parameters[k], "\(s.kind) parameter \(k)")
                #expect(trainer.optimizer.state.first.isEmpty || trainer.optimizer.state.first[k] == 0, "\(s.kind) state \(k)")
            } else {
                #expect(Support.relativeError(network.parameters[k], expected[k]) < 1e-10, "\(s.kind) parameter \(k)")
            }
        }
        #expect(network.frozen == start.frozen)
    }

    /// Freezing after some steps keeps the state those steps left (momentum
    /// buffers, moments) as it is while the others go on.
    @Test func freezingLaterKeepsTheStateItHad() throws {
        var network = try Support.network([2, 3, 1], hidden: .sigmoid, output: .sigmoid, loss: .mse, seed: 5)
        let (x, e) = Support.batch(rows: 3, for: network, seed: 6)
        let trainer = try Trainer(train: try Dataset(inputs: x, targets: e), optimizer: OptimizerSettings(kind: .adam, learningRate: 0.1),
                                  shuffleSeed: 1, parameterCount: network.parameters.count)
        _ = try trainer.train(&network, options: TrainingOptions(epochs: 3, batchSize: 3))
        let before = (network.parameters, trainer.optimizer.state)
        network.frozen.insert([0, 2, 9])
        _ = try trainer.train(&network, options: TrainingOptions(epochs: 3, batchSize: 3))
        for k in network.parameters.indices {
            let kept = network.frozen.contains(k)
            #expect((network.parameters[k] == before.0[k]) == kept, "parameter \(k)")
            #expect((trainer.optimizer.state.first[k] == before.1.first[k]) == kept, "first moment \(k)")
            #expect((trainer.optimizer.state.second[k] == before.1.second[k]) == kept, "second moment \(k)")
        }
    }

    /// Frozen or not, a parameter's gradient is the same, and check agrees.
    @Test func frozenParametersAreStillDifferentiated() throws {
        var network = try Support.network([3, 4, 2], hidden: .tanh, output: .softmax, loss: .ce, seed: 8)
        let (x, e) = Support.batch(rows: 3, for: network, seed: 9)
        let free = try GradientCheck(network: network, inputs: x, targets: e)
        network.frozen.insert(Array(network.parameters.indices))
        let frozen = try GradientCheck(network: network, inputs: x, targets: e)
        #expect(zip(free.layers, frozen.layers).allSatisfy { $0.gradient == $1.gradient && $0.verdict == $1.verdict })
    }
}

extension PenaltyTests {
    /// The penalty's slope by parameter k, written out again: 0 for a bias,
    /// l1·sign(w) + l2·w for a weight.
    static func slope(_ network: Network, _ k: Int, _ penalty: Penalty) -> Double {
        guard network.layers.contains(where: { ($0.weightOffset..<($0.weightOffset + $0.weightCount)).contains(k) }) else { return 0 }
        let w = network.parameters[k]
        return penalty.l1 * (w > 0 ? 1 : w < 0 ? -1 : 0) + penalty.l2 * w
    }
}
