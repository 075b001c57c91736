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

/// The training and test samples, and where they came from.
public struct LabData: Equatable, Sendable {
    public var train: Dataset
    public var test: Dataset?
    /// How the data was made, for `show data` (e.g. "xor", "circle n=200 noise=0.1 seed=1").
    public var source: String

    public init(train: Dataset, test: Dataset? = nil, source: String) {
        self.train = train
        self.test = test
        self.source = source
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
