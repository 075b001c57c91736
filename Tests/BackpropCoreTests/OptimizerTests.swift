import Testing
@testable import BackpropCore
import TestSupport

/// Each update rule against its formula computed by hand, and each one
/// decreasing the loss on a fixed problem.
@Suite struct OptimizerTests {
    static let g1: [Double] = [0.5, -0.25, 2]
    static let g2: [Double] = [-0.1, 0.3, 1]
    static let w0: [Double] = [1, 2, -3]

    @Test func sgdStep() {
        let optimizer = Optimizer(OptimizerSettings(kind: .sgd, learningRate: 0.1), parameterCount: 3)
        var w = Self.w0
        optimizer.step(&w, gradients: Self.g1)
        #expect(w == [1 - 0.1 * 0.5, 2 + 0.1 * 0.25, -3 - 0.1 * 2])
    }

    @Test func momentumTwoSteps() {
        let optimizer = Optimizer(OptimizerSettings(kind: .momentum, learningRate: 0.1, momentum: 0.9), parameterCount: 3)
        var w = Self.w0
        optimizer.step(&w, gradients: Self.g1)
        optimizer.step(&w, gradients: Self.g2)
        for k in 0..<3 {
            let v1 = Self.g1[k], v2 = 0.9 * v1 + Self.g2[k]
            let expected = Self.w0[k] - 0.1 * v1 - 0.1 * v2
            #expect(abs(w[k] - expected) < 1e-15)
        }
    }

    @Test func nesterovTwoSteps() {
        let optimizer = Optimizer(OptimizerSettings(kind: .nesterov, learningRate: 0.1, momentum: 0.9), parameterCount: 3)
        var w = Self.w0
        optimizer.step(&w, gradients: Self.g1)
        optimizer.step(&w, gradients: Self.g2)
        for k in 0..<3 {
            let v1 = Self.g1[k], v2 = 0.9 * v1 + Self.g2[k]
            let expected = Self.w0[k] - 0.1 * (Self.g1[k] + 0.9 * v1) - 0.1 * (Self.g2[k] + 0.9 * v2)
            #expect(abs(w[k] - expected) < 1e-15)
        }
    }

    @Test func adamTwoSteps() {
        let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8)
        let optimizer = Optimizer(OptimizerSettings(kind: .adam, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps), parameterCount: 3)
        var w = Self.w0
        optimizer.step(&w, gradients: Self.g1)
        optimizer.step(&w, gradients: Self.g2)
        for k in 0..<3 {
            var expected = Self.w0[k], m = 0.0, v = 0.0
            for (t, g) in [(1.0, Self.g1[k]), (2.0, Self.g2[k])] {
                m = b1 * m + (1 - b1) * g
                v = b2 * v + (1 - b2) * g * g
                let mHat = m / (1 - pow(b1, t)), vHat = v / (1 - pow(b2, t))
                expected -= lr * mHat / (vHat.squareRoot() + eps)
            }
            #expect(abs(w[k] - expected) < 1e-12, "adam weight \(k): \(w[k]) vs \(expected)")
        }
    }

    /// Every instance of the update loop (AVX2 four lanes at a time, AVX-512
    /// eight) gives the same bits, for counts that leave short last groups and
    /// for one large enough to be split across two cores; and each parameter
    /// gets the bits of the one-parameter formula, whatever its lane.
    @Test(arguments: OptimizerKind.allCases) func everyInstanceGivesTheSameBits(kind: OptimizerKind) {
        for count in [1, 3, 7, 8, 9, 13, 17, Optimizer.splitThreshold + 5] {
            var rng = SplitMix64(seed: UInt64(count))
            let w0 = (0..<count).map { _ in rng.uniform(-2, 2) }
            let gradients = (0..<3).map { _ in (0..<count).map { _ in rng.uniform(-1, 1) } }
            var results: [[Double]] = []
            for instructions in InstructionSet.supported {
                let optimizer = Optimizer(OptimizerSettings(kind: kind, learningRate: 0.05), parameterCount: count)
                var w = w0
                for g in gradients { #expect(optimizer.step(&w, gradients: g, using: instructions)) }
                results.append(w)
            }
            // One parameter alone goes through lane 0 of the instance compiled into BackpropCore.
            let alone = (0..<count).map { k in
                let optimizer = Optimizer(OptimizerSettings(kind: kind, learningRate: 0.05), parameterCount: 1)
                var w = [w0[k]]
                for g in gradients { optimizer.step(&w, gradients: [g[k]], using: InstructionSet.supported[0]) }
                return w[0]
            }
            for w in results + [alone] {
                #expect(zip(w, results[0]).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(kind), \(count) parameters")
            }
        }
    }

    @Test(arguments: OptimizerKind.allCases)
    func decreasesTheLoss(_ kind: OptimizerKind) throws {
        var network = try Support.network([2, 5, 1], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 11)
        let data = DataGenerators.circle(count: 64, noise: 0, seed: 3)
        let before = Metrics.evaluate(network, on: data).loss
        let trainer = try Trainer(train: data, optimizer: OptimizerSettings(kind: kind, learningRate: kind == .adam ? 0.01 : 0.1),
                                  shuffleSeed: 2, parameterCount: network.parameters.count)
        _ = try trainer.train(&network, options: TrainingOptions(epochs: 20, batchSize: 8))
        #expect(Metrics.evaluate(network, on: data).loss < before * 0.9)
    }

    /// E + l1·Σ|w| + l2/2·Σw², gradient l1·sign(w) + l2·w; biases untouched.
    @Test func penaltiesApplyToWeightsOnly() throws {
        var network = try Network(inputSize: 2, layers: [(1, .linear)], loss: .mse)
        network.parameters = [0.5, -2, 3]  // w1[1,1], w1[2,1], b1[1]
        let penalty = Penalty(l1: 0.1, l2: 0.2)
        #expect(abs(penalty.value(network) - (0.1 * 2.5 + 0.1 * (0.25 + 4))) < 1e-15)
        var gradients = [0.0, 0, 0]
        penalty.addGradient(of: network, to: &gradients)
        #expect(gradients == [0.1 + 0.2 * 0.5, -0.1 + 0.2 * -2, 0])
    }
}

#if canImport(Glibc)
import Glibc
#endif
