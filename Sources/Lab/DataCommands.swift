import BackpropCore
import Foundation

/// Commands that make, load, split and transform samples.
enum DataCommands {
    static let normalizeValues = Normalization.Kind.allCases.map(\.rawValue)
    static let shared: [OptionSpec] = [
        OptionSpec("test", "share of samples held out for testing, 0 ≤ test < 1"),
        OptionSpec("seed", "seed of the generator and of the split"),
        OptionSpec("normalize", "input scaling fitted on the training split", values: normalizeValues),
    ]

    static let all: [Command] = [
        Command("data", group: "Data", usage: "data NAME [n=200] [noise=0.1] [seed=1] [test=0] [normalize=none] | data x1 x2 … -> e1 e2 …",
                summary: "built-in data sets, or one sample added by hand",
                example: "data spiral n=400 classes=3 test=0.2",
                details: """
                Built-in sets: \(DataGenerators.names.joined(separator: ", ")) (sine is regression; spiral takes classes=). \
                All are seeded: the same options give the same samples everywhere. A hand-entered sample \
                (`data 0.05 0.10 -> 0.01 0.99`) is appended to the training samples.
                """,
                options: [OptionSpec("n", "number of samples"), OptionSpec("noise", "noise level (≥ 0)"),
                          OptionSpec("classes", "spiral arms (2…10)"), OptionSpec("arms", "spiral arms (same as classes=)")] + shared,
                completion: .at(.choices(DataGenerators.names)), changesState: true) { session, args in
            guard let first = args.words.first else {
                throw LabError("missing data set name (\(DataGenerators.names.joined(separator: ", "))) or a sample `x1 x2 -> e1`")
            }
            if args.words.contains(where: { $0.text == "->" }) {
                try session.addSample(args)
                return
            }
            try args.expectAtMost(1, usage: "data NAME [n=] [noise=] [seed=] [test=] [normalize=]")
            let name = first.text.lowercased()
            guard DataGenerators.names.contains(name) else {
                var message = "column \(first.column): unknown data set '\(first.text)' (built-in: \(DataGenerators.names.joined(separator: ", ")))"
                if let guess = EditDistance.closest(to: name, in: DataGenerators.names) { message += "; did you mean '\(guess)'?" }
                throw LabError(message)
            }
            if name == "xor", let option = args.option("n") ?? args.option("noise") {
                throw LabError("column \(option.column): xor is exactly its 4 points; n= and noise= apply to the other sets (try xor-gauss)")
            }
            let n = try args.int("n", default: 200, in: 2...10_000_000)
            let noise = try args.double("noise", default: name == "spiral" ? 0 : 0.1, in: 0...100)
            if let option = args.option("classes") ?? args.option("arms"), name != "spiral" {
                throw LabError("column \(option.column): classes= and arms= apply to spiral only")
            }
            guard !(args.has("classes") && args.has("arms")) else { throw LabError("give classes= or arms=, not both (they are the same)") }
            let classes = try args.int("classes", default: args.int("arms", default: 2, in: 2...10), in: 2...10)
            let seed = try args.seed(default: 1)
            var source = name
            if name != "xor" {
                source += " n=\(n) noise=\(session.format(noise))" + (name == "spiral" && classes != 2 ? " classes=\(classes)" : "") + " seed=\(seed)"
            }
            let all = try DataGenerators.make(name, count: n, noise: noise, seed: seed, classes: classes)
            try session.setData(all, source: source, args: args, seed: seed)
        },
        Command("load", group: "Data", usage: "load FILE.csv [target=COL,…] [features=COL,…] [test=0.2] [normalize=zscore|minmax|none] [dropmissing=yes] | load model FILE.json",
                summary: "read samples from a CSV file with a header row (or a saved model)",
                example: "load sessions/data/digits.csv target=label classes=yes test=0.2",
                details: """
                Columns are named by header or 1-based number; the target defaults to the last column. \
                A text target becomes one-hot classes whose names `predict` and `show data` show. Quoted fields \
                (RFC 4180), CRLF and a UTF-8 BOM are read. Empty cells and NA, NaN or ? are missing values: \
                an error naming the lines, unless dropmissing=yes drops those rows. The scaling is fitted on \
                the training split only. A failed load leaves the previous data as it was.
                """,
                options: [OptionSpec("target", "target column(s), by name or number"),
                          OptionSpec("features", "feature columns (default: all others)"),
                          OptionSpec("dropmissing", "skip rows with missing values", values: ["yes", "no"]),
                          OptionSpec("classes", "treat a numeric target as class labels (e.g. digits 0–9)", values: ["yes", "no"])] + shared,
                completion: .after { $0.isEmpty ? .either([.files, .choices(["model"])]) : $0.map { $0.lowercased() } == ["model"] ? .files : .none },
                changesState: true) { session, args in
            if args.words.first?.text.lowercased() == "model" {
                try SessionCommands.loadModel(session, args)
                return
            }
            try args.expectAtMost(1, usage: "load FILE.csv [target=…] [features=…] [test=…] [normalize=…]")
            guard let file = args.words.first else { throw LabError("missing file name (usage: load FILE.csv …)") }
            let path = session.resolve(file.text)
            let list = { (key: String) in args.option(key).map { $0.value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } }
            let loaded = try CSVLoader.load(path: path, shownAs: session.displayPath(path),
                                            options: .init(targets: list("target"), features: list("features"),
                                                           dropMissing: try args.flag("dropmissing", default: false),
                                                           categorical: try args.flag("classes", default: false)))
            let seed = try args.seed(default: 1)
            try session.setData(loaded.data, source: session.displayPath(path), args: args, seed: seed, defaultTest: 0.2)
            if !loaded.dropped.isEmpty { session.print("dropped \(Format.count(loaded.dropped.count, "row")) with missing values") }
        },
        Command("split", group: "Data", usage: "split test=0.25 [seed=]",
                summary: "hold out a seeded share of all samples for testing",
                example: "split test=0.25 seed=3",
                options: [shared[0], shared[1]], changesState: true) { session, args in
            try args.expectAtMost(0, usage: "split test=0.25 [seed=]")
            let data = try session.requireData()
            guard args.has("test") else { throw LabError("missing test= (e.g. split test=0.25)") }
            let share = try args.double("test", default: 0, in: 0...0.99)
            let updated = try data.resplit(testShare: share, seed: args.seed(default: 1))
            session.print("split: \(session.dataSummary(updated))")
            session.install(updated)
        },
        Command("features", group: "Data", usage: "features x1 x2 x1^2 x1*x2 sin(x1) …",
                summary: "compute the network's inputs from the raw columns (as in the Playground)",
                example: "features x1 x2 x1^2 x2^2 x1*x2",
                details: "Each feature is x<i>, x<i>^<k>, x<i>*x<j>, sin(x<i>) or cos(x<i>) of the raw inputs. `features` alone goes back to the raw columns. Rebuild the network for the new input size.",
                completion: .choices(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]), changesState: true) { session, args in
            let data = try session.requireData()
            let columns = data.rawTrain.inputs.columns
            let features = try args.words.map { word in
                do { return try FeatureTransform(parsing: word.text, columns: columns) } catch {
                    throw LabError("column \(word.column): \(error.userMessage)")
                }
            }
            let updated = data.with(features: features)
            let names = features.isEmpty ? data.rawTrain.featureNames : features.map(\.description)
            session.print("inputs: \(names.joined(separator: " ")) (\(Format.count(names.count, "input")))")
            if let network = session.state.network, network.inputSize != names.count {
                session.print("the network takes \(network.inputSize); rebuild it, e.g. `net \(names.count) 4:tanh 1:sigmoid`")
            }
            session.install(updated)
        },
    ]
}

extension Session {
    /// Splits (test=) and scales (normalize=) new samples and makes them the session's data.
    func setData(_ all: Dataset, source: String, args: Arguments, seed: UInt64, defaultTest: Double = 0) throws {
        let share = try args.double("test", default: defaultTest, in: 0...0.99)
        let kind = try args.choice("normalize", default: Normalization.Kind.none) { text in
            guard let kind = Normalization.Kind(rawValue: text.lowercased()) else {
                throw LabError("expected zscore, minmax or none, got '\(Arguments.clip(text))'")
            }
            return kind
        }
        let (train, test) = share == 0 ? (all, nil) : try all.split(testShare: share, seed: seed)
        let data = LabData(train: train, test: test, source: source, normalize: kind)
        state.focus = nil
        print("data \(source): \(dataSummary(data))")
        install(data)
    }

    /// Makes `data` the session's data and keeps the network's copy of the
    /// input scaling in step with it (when the network takes these inputs):
    /// the network carries it into saved models, and `forward`, `predict` and
    /// plots must scale typed inputs as the training inputs were scaled.
    /// Says so when that changes the scaling the network had.
    func install(_ data: LabData) {
        state.data = data
        guard var network = state.network, network.inputSize == data.train.inputs.columns,
              network.normalization != data.normalization else { return }
        let before = network.normalization?.kind ?? .none, after = data.normalization?.kind ?? .none
        if before != after { print("the network's inputs are now scaled \(after.rawValue) (were \(before.rawValue))") }
        network.normalization = data.normalization
        state.network = network
    }

    /// `data x1 x2 … -> e1 e2 …`: appends one training sample.
    func addSample(_ args: Arguments) throws {
        let arrow = args.words.firstIndex { $0.text == "->" }!
        let x = try args.words[..<arrow].enumerated().map { try Arguments.parseDouble($1.text, name: "x\($0 + 1)", column: $1.column) }
        let e = try args.words[(arrow + 1)...].enumerated().map { try Arguments.parseDouble($1.text, name: "e\($0 + 1)", column: $1.column) }
        guard !x.isEmpty, !e.isEmpty else { throw LabError("a sample needs inputs and targets: `data 0.05 0.10 -> 0.01 0.99`") }
        let empty = try Dataset(inputs: Matrix(rows: 0, columns: x.count), targets: Matrix(rows: 0, columns: e.count))
        var data = state.data ?? LabData(train: empty, source: "hand-entered")
        guard data.rawTrain.inputs.columns == x.count, data.rawTrain.targets.columns == e.count else {
            throw LabError("the data has \(Format.count(data.rawTrain.inputs.columns, "input")) and \(Format.count(data.rawTrain.targets.columns, "target")) per sample; this sample has \(x.count) and \(e.count)")
        }
        data.appendTraining(input: x, target: e)
        install(data)
        print("sample \(data.train.count): x = \(format(x)) -> e = \(format(e))")
    }

    /// "4 samples, 2 inputs → 1 target; 40 more held out for testing; inputs scaled zscore".
    func dataSummary(_ data: LabData) -> String {
        let train = data.train
        var text = "\(Format.count(train.count, "sample")), \(Format.count(train.inputs.columns, "input")) → \(Format.count(train.targets.columns, "target"))"
        if let test = data.test, !test.isEmpty { text += "; \(LargeCount.grouped(test.count)) more held out for testing" }
        if data.normalizationKind != .none { text += "; inputs scaled \(data.normalizationKind.rawValue)" }
        return text
    }
}
