import BackpropCore

/// Settings the user changes with `set NAME VALUE` and that commands use as defaults.
public struct Settings: Equatable, Sendable {
    /// Significant digits of printed numbers.
    public var precision = 6
    // Defaults that learn: a first `train` on xor, circle, moons or gauss with
    // the README's nets reaches (near) full accuracy. Adam, because plain SGD
    // leaves xor's 2-2-1 sigmoid net in its flat start (50%) for thousands of epochs.
    public var learningRate = 0.05
    public var batchSize = 32
    public var epochs = 300
    public var optimizer = OptimizerKind.adam
    public var momentum = 0.9
    public var l1 = 0.0
    public var l2 = 0.0
    public var initializer = Initializer.xavier
    /// Seed of weight initialisation.
    public var seed: UInt64 = 1
    /// Seed of the per-epoch shuffle.
    public var shuffleSeed: UInt64 = 2
    /// Where plots go: auto, dumb, sixel, png, svg or pdf.
    public var terminal = TerminalSetting.auto
    /// Whether `auto` may draw sixel graphics: auto (guess from TERM), yes, no.
    public var sixel = SixelSetting.auto
    /// The memory budget in bytes (`MemoryBudget`); nil: automatic.
    public var memoryLimit: Int?

    public init() {}
}

/// The samples as loaded (raw) and as the network sees them: raw inputs go
/// through an input mapping (feature transforms, then scaling) fitted on the
/// training split only — or, when a trained or loaded network keeps its own,
/// that network's mapping (`Session.install`).
public struct LabData: Equatable, Sendable {
    /// How the data was made, for `show data` (e.g. "circle n=200 noise=0.1 seed=1").
    public var source: String
    public private(set) var rawTrain: Dataset
    public private(set) var rawTest: Dataset?
    /// The test samples' positions among all samples (ascending), so that a
    /// re-split starts from the original order and the same seed gives the same split.
    private var testRows: [Int]
    /// Raw inputs → network inputs.
    public private(set) var mapping: InputMapping
    /// Network-ready samples.
    public private(set) var train: Dataset
    public private(set) var test: Dataset?

    /// Splits `all` (seeded, `testShare` held out; see `Dataset.split`) and
    /// fits the mapping — `features`, then a `normalize` scaling — on the training split.
    public init(all: Dataset, testShare: Double = 0, seed: UInt64 = 1, source: String,
                features: [FeatureTransform] = [], normalize: Normalization.Kind = .none) throws {
        self.source = source
        if testShare == 0 {
            rawTrain = all
            rawTest = nil
            testRows = []
        } else {
            let rows = try all.splitRows(testShare: testShare, seed: seed)
            rawTrain = all.subset(rows.train)
            rawTest = all.subset(rows.test)
            testRows = rows.test
        }
        mapping = .fitted(to: rawTrain.inputs, features: features, kind: normalize)
        train = rawTrain
        test = rawTest
        rebuild()
    }

    public var normalizationKind: Normalization.Kind { mapping.kind }

    /// A copy with other features or another scaling, fitted afresh on the training split.
    public func with(features: [FeatureTransform]? = nil, normalize: Normalization.Kind? = nil) -> LabData {
        var copy = self
        copy.mapping = .fitted(to: rawTrain.inputs, features: features ?? mapping.features, kind: normalize ?? mapping.kind)
        copy.rebuild()
        return copy
    }

    /// A copy mapped by `mapping` as it is (a network's, not refitted).
    public func mapped(by mapping: InputMapping) -> LabData {
        precondition(mapping.rawInputs == rawTrain.inputs.columns, "a mapping of \(mapping.rawInputs) raw inputs for data with \(rawTrain.inputs.columns)")
        var copy = self
        copy.mapping = mapping
        copy.rebuild()
        return copy
    }

    /// Re-splits all samples, in their original order, with a seeded shuffle:
    /// the same share and seed give the same split as `init`.
    public func resplit(testShare: Double, seed: UInt64) throws -> LabData {
        let all = rawTest.map { rawTrain.merging(test: $0, at: testRows) } ?? rawTrain
        return try LabData(all: all, testShare: testShare, seed: seed, source: source, features: mapping.features,
                           normalize: mapping.kind)
    }

    /// Appends one raw sample to the training split (after all others) and refits the scaling.
    public mutating func appendTraining(input: [Double], target: [Double]) {
        rawTrain.inputs.append(row: input)
        rawTrain.targets.append(row: target)
        mapping = .fitted(to: rawTrain.inputs, features: mapping.features, kind: mapping.kind)
        rebuild()
    }

    /// Where the network's inputs are not finite numbers ("training sample 3,
    /// input 1"): a scaling fitted on values near ±1.8e308 overflows. Nil when all are finite.
    public var firstNonFiniteInput: String? {
        for (name, set) in [("training", Optional(train)), ("test", test)] {
            guard let set else { continue }
            // A plain loop: unspecialised, firstIndex(where:) allocates per element in debug builds.
            let values = set.inputs.storage
            for k in 0..<values.count where !values[k].isFinite {
                return "\(name) sample \(k / set.inputs.columns + 1), input \(k % set.inputs.columns + 1)"
            }
        }
        return nil
    }

    private mutating func rebuild() {
        let names = mapping.features.isEmpty ? nil : mapping.features.map { $0.name(columns: rawTrain.featureNames) }
        func mapped(_ set: Dataset) -> Dataset {
            guard !mapping.isIdentity else { return set }
            var copy = set
            copy.inputs = mapping.apply(set.inputs)
            if let names { copy.featureNames = names }
            return copy
        }
        train = mapped(rawTrain)
        test = rawTest.map(mapped)
    }
}

/// Everything `undo` restores: a value, so a snapshot is a copy.
public struct LabState: Equatable, Sendable {
    public var network: Network?
    /// What the network's weights went through (nil without a network).
    public var weights: WeightHistory?
    public var data: LabData?
    public var settings = Settings()
    /// Epoch records of every `train` since the network was built, for `plot loss` and `plot grads`.
    public var trainingHistory: [EpochRecord] = []
    /// True once the network has been trained, stepped or loaded from a
    /// file: then its input mapping (features and scaling) stays as it is,
    /// and new data is mapped with it. A network built by `net` or
    /// re-initialised follows the data's mapping instead.
    public var networkKeepsMapping = false
    /// The last sample given to `forward` (input and, when known, target):
    /// `show z1`, `show a1` and `show d1` refer to it.
    public var focus: (input: [Double], target: [Double]?)?

    public init() {}

    public static func == (lhs: LabState, rhs: LabState) -> Bool {
        lhs.network == rhs.network && lhs.weights == rhs.weights && lhs.data == rhs.data && lhs.settings == rhs.settings
            && lhs.trainingHistory == rhs.trainingHistory && lhs.networkKeepsMapping == rhs.networkKeepsMapping
            && lhs.focus?.input == rhs.focus?.input && lhs.focus?.target == rhs.focus?.target
    }
}
