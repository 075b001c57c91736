/// Why a call to `Trainer.train` returned.
public enum StopReason: Equatable, Sendable {
    /// All requested epochs ran.
    case completed
    /// The cancellation flag was seen at a batch boundary.
    case cancelled
    /// The loss or a parameter became NaN or ±Inf at `step` (1-based, counted
    /// over the trainer's life); the parameters were restored to the last
    /// finite values.
    case diverged(step: Int)
    /// The test loss did not improve for `patience` epochs; the parameters
    /// were restored to those of the best test loss.
    case earlyStopped(bestEpoch: Int)
}

/// One epoch's record, kept in `Trainer.history` for loss and gradient plots.
public struct EpochRecord: Equatable, Sendable {
    /// 1-based, counted over the trainer's life.
    public var epoch: Int
    /// Mean of the batch losses seen during the epoch (penalty included).
    public var trainLoss: Double
    /// Loss on the test split after the epoch, when there is one.
    public var testLoss: Double?
    /// ‖dE/dW‖ of each layer, averaged over the epoch's steps (empty unless recorded).
    public var gradientNorms: [Double]
}

/// What a step callback sees.
public struct StepInfo: Sendable {
    public var epoch: Int
    public var step: Int
    public var stepInEpoch: Int
    public var stepsPerEpoch: Int
    public var batchLoss: Double
}

public struct TrainingOptions: Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var penalty: Penalty
    public var shuffle: Bool
    /// Stop when the test loss has not improved for this many epochs (needs a test split).
    public var earlyStoppingPatience: Int?
    /// Record per-layer gradient norms in `EpochRecord.gradientNorms`.
    public var recordGradientNorms: Bool

    public init(epochs: Int, batchSize: Int, penalty: Penalty = Penalty(), shuffle: Bool = true,
                earlyStoppingPatience: Int? = nil, recordGradientNorms: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.penalty = penalty
        self.shuffle = shuffle
        self.earlyStoppingPatience = earlyStoppingPatience
        self.recordGradientNorms = recordGradientNorms
    }
}

public struct TrainingResult: Equatable, Sendable {
    public var reason: StopReason
    public var epochsRun: Int
    public var stepsRun: Int
}

/// Minibatch gradient descent with per-epoch shuffling.
///
/// A trainer lives as long as its network shape, data and optimizer settings:
/// calling `train` again continues the same optimizer state, the same shuffle
/// stream and permutation (shuffles accumulate, as docs/generator.md specifies)
/// and the same history. Each epoch shuffles the permutation p once, then
/// visits the minibatches p[b·k ..< b·k+b] (the last may be short).
///
/// A step: forward and loss on the batch, backward, penalty gradient, then the
/// optimizer update, which leaves the network's frozen parameters as they
/// are. Divergence: a non-finite batch loss stops before the
/// update (the parameters are still the last finite ones); an update that
/// would make a parameter non-finite is not applied (see `Optimizer.step`).
public final class Trainer {
    public let optimizer: Optimizer
    public private(set) var history: [EpochRecord] = []
    public private(set) var stepCount = 0
    private var shuffleGenerator: SplitMix64
    private var permutation: [Int]
    /// Where the shuffle stands, for `export pytorch`: the generator before
    /// the next epoch's shuffle and the permutation it will shuffle (read-only).
    public var shuffleState: (generator: SplitMix64, permutation: [Int]) { (shuffleGenerator, permutation) }
    private let train: Dataset
    private let test: Dataset?
    private var propagation: Propagation?

    public init(train: Dataset, test: Dataset? = nil, optimizer: OptimizerSettings, shuffleSeed: UInt64,
                parameterCount: Int) throws {
        try optimizer.validate()
        guard !train.isEmpty else { throw CoreError.invalidSize("no training samples") }
        self.train = train
        self.test = (test?.isEmpty ?? true) ? nil : test
        self.optimizer = Optimizer(optimizer, parameterCount: parameterCount)
        shuffleGenerator = SplitMix64(seed: shuffleSeed)
        permutation = Array(0..<train.count)
    }

    /// Throws unless `network` fits the data.
    public func validate(_ network: Network, options: TrainingOptions) throws {
        guard network.depth > 0 else { throw CoreError.invalidSize("the network has no layers") }
        try network.checkFits(train)
        guard options.epochs >= 0 else { throw CoreError.invalidSize("epochs must be at least 0, got \(options.epochs)") }
        guard options.batchSize >= 1 else { throw CoreError.invalidSize("batch size must be at least 1, got \(options.batchSize)") }
        for (name, value) in [("l1", options.penalty.l1), ("l2", options.penalty.l2)] where !(value.isFinite && value >= 0) {
            throw CoreError.invalidSize("\(name) must be a finite number ≥ 0, got \(value)")
        }
        if options.earlyStoppingPatience != nil && test == nil {
            throw CoreError.incompatible("early stopping needs a test split (e.g. `split test=0.2`)")
        }
    }

    /// Trains `network` in place.
    /// - Parameters:
    ///   - shouldStop: checked at every batch boundary (e.g. a Ctrl-C flag).
    ///   - onStep: after every step; keep it cheap.
    ///   - onEpoch: after every epoch, with its record and the network as it is then (for live plots).
    public func train(_ network: inout Network, options: TrainingOptions,
                      shouldStop: () -> Bool = { false },
                      onStep: ((StepInfo) -> Void)? = nil,
                      onEpoch: ((EpochRecord, Network) -> Void)? = nil) throws -> TrainingResult {
        try validate(network, options: options)
        let batch = min(options.batchSize, train.count)
        if propagation?.fits(network) != true || propagation!.capacity < batch {
            propagation = Propagation(shapeOf: network, capacity: batch)
        }
        let propagation = propagation!
        let stepsPerEpoch = (train.count + batch - 1) / batch
        var norms = Array(repeating: 0.0, count: network.depth)
        var bestTest = Double.infinity, bestEpoch = 0, bestParameters: [Double] = []
        var epochsRun = 0, stepsRun = 0

        for _ in 0..<options.epochs {
            if options.shuffle { shuffleGenerator.shuffle(&permutation) }
            let epoch = history.count + 1
            var lossSum = 0.0
            for i in 0..<norms.count { norms[i] = 0 }
            for k in 0..<stepsPerEpoch {
                if shouldStop() {
                    return TrainingResult(reason: .cancelled, epochsRun: epochsRun, stepsRun: stepsRun)
                }
                let rows = permutation[(k * batch)..<min((k + 1) * batch, train.count)]
                propagation.forward(network, inputs: train.inputs, targets: train.targets, rows: rows)
                let batchLoss = propagation.loss + options.penalty.value(network)
                stepCount += 1
                guard batchLoss.isFinite else {
                    return TrainingResult(reason: .diverged(step: stepCount), epochsRun: epochsRun, stepsRun: stepsRun)
                }
                propagation.backward(network, inputGradient: false)
                if options.recordGradientNorms {
                    for (l, layer) in network.layers.enumerated() {
                        norms[l] += propagation.weightGradientSquaredNorm(layer).squareRoot()
                    }
                }
                guard updateParameters(&network, propagation: propagation, penalty: options.penalty) else {
                    return TrainingResult(reason: .diverged(step: stepCount), epochsRun: epochsRun, stepsRun: stepsRun)
                }
                stepsRun += 1
                lossSum += batchLoss
                onStep?(StepInfo(epoch: epoch, step: stepCount, stepInEpoch: k + 1, stepsPerEpoch: stepsPerEpoch,
                                 batchLoss: batchLoss))
            }
            epochsRun += 1
            let testLoss = test.map { Metrics.evaluate(network, on: $0).loss + options.penalty.value(network) }
            let record = EpochRecord(epoch: epoch, trainLoss: lossSum / Double(stepsPerEpoch), testLoss: testLoss,
                                     gradientNorms: options.recordGradientNorms ? norms.map { $0 / Double(stepsPerEpoch) } : [])
            history.append(record)
            onEpoch?(record, network)
            if let patience = options.earlyStoppingPatience, let testLoss {
                if testLoss < bestTest {
                    bestTest = testLoss
                    bestEpoch = epoch
                    bestParameters = network.parameters
                } else if epoch - bestEpoch >= patience {
                    network.parameters = bestParameters
                    return TrainingResult(reason: .earlyStopped(bestEpoch: bestEpoch), epochsRun: epochsRun, stepsRun: stepsRun)
                }
            }
        }
        return TrainingResult(reason: .completed, epochsRun: epochsRun, stepsRun: stepsRun)
    }

    /// Penalty gradient and optimizer update; false, with the parameters
    /// unchanged, when the update would make one non-finite (`Optimizer.step`).
    /// Frozen parameters get gradient 0 and keep their values and state.
    private func updateParameters(_ network: inout Network, propagation: Propagation, penalty: Penalty) -> Bool {
        penalty.addGradient(of: network, to: &propagation.gradients)
        for k in network.frozen.indices { propagation.gradients[k] = 0 }
        return optimizer.step(&network.parameters, gradients: propagation.gradients, frozen: network.frozen)
    }
}
