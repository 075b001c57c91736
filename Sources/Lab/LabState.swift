import BackpropCore

/// Settings the user changes with `set NAME VALUE` and that commands use as defaults.
public struct Settings: Equatable, Sendable {
    /// Significant digits of printed numbers.
    public var precision = 6
    public var learningRate = 0.1
    public var batchSize = 32
    public var epochs = 100
    public var optimizer = OptimizerKind.sgd
    public var momentum = 0.9
    public var l1 = 0.0
    public var l2 = 0.0
    public var initializer = Initializer.xavier
    /// Seed of weight initialisation.
    public var seed: UInt64 = 1
    /// Seed of the per-epoch shuffle.
    public var shuffleSeed: UInt64 = 2
    /// Where plots go: auto, dumb, sixel, png, svg or pdf.
    public var terminal = "auto"
    /// Whether `auto` may draw sixel graphics: auto (guess from TERM), yes, no.
    public var sixel = "auto"

    public init() {}
}

/// The samples as loaded (raw) and as the network sees them: raw inputs go
/// through the feature transforms (if any), then the normalisation fitted on
/// the training split only. `networkInput(raw:)` applies the same mapping to
/// inputs typed at `predict` and `forward` and to plot grids.
public struct LabData: Equatable, Sendable {
    /// How the data was made, for `show data` (e.g. "circle n=200 noise=0.1 seed=1").
    public var source: String
    public private(set) var rawTrain: Dataset
    public private(set) var rawTest: Dataset?
    /// Input features computed from the raw columns; empty means the raw columns themselves.
    public private(set) var features: [FeatureTransform]
    public private(set) var normalizationKind: Normalization.Kind
    /// Fitted on the (transformed) training split; nil for `none`.
    public private(set) var normalization: Normalization?
    /// Network-ready samples.
    public private(set) var train: Dataset
    public private(set) var test: Dataset?

    public init(train: Dataset, test: Dataset? = nil, source: String, features: [FeatureTransform] = [],
                normalize: Normalization.Kind = .none) {
        self.source = source
        rawTrain = train
        rawTest = test
        self.features = features
        normalizationKind = normalize
        normalization = nil
        self.train = train
        self.test = test
        rebuild()
    }

    /// The network's input for one raw input row.
    public func networkInput(raw: [Double]) -> [Double] {
        let transformed = features.isEmpty ? raw : features.map { $0.value(raw) }
        return normalization?.apply(transformed) ?? transformed
    }

    /// A copy with other features, normalisation or split.
    public func with(features: [FeatureTransform]? = nil, normalize: Normalization.Kind? = nil) -> LabData {
        LabData(train: rawTrain, test: rawTest, source: source, features: features ?? self.features,
                normalize: normalize ?? normalizationKind)
    }

    /// Re-splits all samples (train and test together) with a seeded shuffle.
    public func resplit(testShare: Double, seed: UInt64) throws -> LabData {
        let all = rawTest.map { rawTrain.appending($0) } ?? rawTrain
        let (train, test) = testShare == 0 ? (all, nil) : try all.split(testShare: testShare, seed: seed)
        return LabData(train: train, test: test, source: source, features: features, normalize: normalizationKind)
    }

    /// Appends one raw sample to the training split.
    public mutating func appendTraining(input: [Double], target: [Double]) {
        rawTrain.inputs.append(row: input)
        rawTrain.targets.append(row: target)
        rebuild()
    }

    private mutating func rebuild() {
        func transform(_ set: Dataset) -> Dataset {
            guard !features.isEmpty else { return set }
            var copy = set
            var x = Matrix(rows: set.count, columns: features.count)
            for r in 0..<set.count {
                let row = set.inputs.row(r)
                for (c, feature) in features.enumerated() { x[r, c] = feature.value(row) }
            }
            copy.inputs = x
            copy.featureNames = features.map(\.description)
            return copy
        }
        var train = transform(rawTrain), test = rawTest.map(transform)
        normalization = normalizationKind == .none ? nil : Normalization.fit(normalizationKind, to: train.inputs)
        if let normalization {
            train.inputs = normalization.apply(train.inputs)
            if let inputs = test?.inputs { test?.inputs = normalization.apply(inputs) }
        }
        self.train = train
        self.test = test
    }
}

/// Everything `undo` restores: a value, so a snapshot is a copy.
public struct LabState: Equatable, Sendable {
    public var network: Network?
    public var data: LabData?
    public var settings = Settings()
    /// Epoch records of every `train` since the network was built, for `plot loss` and `plot grads`.
    public var trainingHistory: [EpochRecord] = []
    /// The last sample given to `forward` (input and, when known, target):
    /// `show z1`, `show a1` and `show d1` refer to it.
    public var focus: (input: [Double], target: [Double]?)?

    public init() {}

    public static func == (lhs: LabState, rhs: LabState) -> Bool {
        lhs.network == rhs.network && lhs.data == rhs.data && lhs.settings == rhs.settings
            && lhs.trainingHistory == rhs.trainingHistory
            && lhs.focus?.input == rhs.focus?.input && lhs.focus?.target == rhs.focus?.target
    }
}
