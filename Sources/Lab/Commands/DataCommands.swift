import BackpropCore
import Foundation

/// Commands that make, load, split and transform samples.
enum DataCommands {
    static let test = OptionSpec("test", "share of samples held out for testing", .real(0...0.99), default: "0")
    static let seed = OptionSpec("seed", "seed of the generator and of the split", .seed, default: "1")
    static let normalize = OptionSpec("normalize", "input scaling fitted on the training split",
                                      .word(Normalization.Kind.allCases.map(\.rawValue)), default: "none")
    static let dataOptions = [
        OptionSpec("n", "number of samples", .whole(2...10_000_000), default: "200"),
        OptionSpec("noise", "Gaussian noise, a standard deviation (default per set)", .real(0...100)),
        OptionSpec("classes", "spiral arms", .whole(2...10), default: "2"),
        seed, test, normalize,
    ]
    /// Accepted, not shown in usage: the Playground's word for classes=.
    static let arms = OptionSpec("arms", "spiral arms (same as classes=)", .whole(2...10))
    static let loadOptions = [
        OptionSpec("target", "target column(s), by name or number (default: the last)", .text("COL,…")),
        OptionSpec("features", "feature columns (default: all others)", .text("COL,…")),
        test.with(default: "0.2"), normalize.with(default: nil),
        OptionSpec("dropmissing", "skip rows with missing values", .flag),
        OptionSpec("classes", "treat a numeric target as class labels (e.g. digits 0–9)", .flag),
        OptionSpec("header", "whether the first row names the columns (no: it is a sample; columns x1, x2, …)", .flag),
        seed,
    ]

    /// `help data`'s list of sets, with each one's default noise.
    static let setList = DataGenerators.builtIns.map { set in
        "  \(set.name): \(set.summary)" + (set.defaultNoise.map { "; noise=\(Format.number($0)) by default" } ?? "")
    }.joined(separator: "\n")

    static let all: [Command] = [
        Command("data", group: "Data", forms: [UsageForm("data NAME", dataOptions), UsageForm("data x1 x2 … -> e1 e2 …")],
                summary: "built-in data sets, or one sample added by hand",
                example: "data spiral n=400 classes=3 test=0.2",
                details: """
                Built-in sets, each with its default noise= (a standard deviation of Gaussian noise):
                \(setList)
                All are seeded: the same options give the same samples everywhere. A hand-entered sample \
                (`data 0.05 0.10 -> 0.01 0.99`) is appended to the training samples.
                """,
                options: dataOptions + [arms],
                completion: .at(.choices(DataGenerators.names)), changesState: true) { context, args in
            guard let first = args.words.first else {
                throw LabError("missing data set name (\(DataGenerators.names.joined(separator: ", "))) or a sample `x1 x2 -> e1`")
            }
            if args.words.contains(where: { $0.text == "->" }) {
                try context.addSample(args)
                return
            }
            try args.expectAtMost(1)
            let name = first.text.lowercased()
            guard let set = DataGenerators.builtIns.first(where: { $0.name == name }) else {
                var message = "column \(first.column): unknown data set '\(Arguments.clip(first.text))' (built-in: \(DataGenerators.names.joined(separator: ", ")))"
                if let guess = EditDistance.closest(to: name, in: DataGenerators.names) { message += "; did you mean '\(guess)'?" }
                throw LabError(message)
            }
            if set.defaultNoise == nil, let option = args.option("n") ?? args.option("noise") {
                throw LabError("column \(option.column): xor is the four fixed points, without n= or noise= (xor-gauss is a noisy XOR of n points)")
            }
            if let option = args.option("classes") ?? args.option("arms"), name != "spiral" {
                throw LabError("column \(option.column): classes= and arms= apply to spiral only")
            }
            guard !(args.has("classes") && args.has("arms")) else { throw LabError("give classes= or arms=, not both (they are the same)") }
            let classes = try args.int("classes", default: args.int("arms", default: 2))
            let n = try args.int("n", default: 200)
            let noise = try args.double("noise", default: set.defaultNoise ?? 0)
            let seed = try args.seed(default: 1)
            var source = name
            if name != "xor" {
                source += " n=\(n) noise=\(context.format(noise))" + (name == "spiral" && classes != 2 ? " classes=\(classes)" : "") + " seed=\(seed)"
            }
            // Each sample's inputs and targets as made, split and mapped: about four copies.
            try context.requireMemory(Double(n) * Double(2 + classes) * 32, for: "data \(name) n=\(n)", change: "make fewer samples (n=)")
            let all = try DataGenerators.make(name, count: n, noise: noise, seed: seed, classes: classes)
            try context.setData(all, source: source, args: args, seed: seed)
        },
        Command("load", group: "Data", forms: [UsageForm("load FILE.csv", loadOptions), SessionCommands.loadModelForm],
                summary: "read samples from a CSV file, its first row naming the columns unless header=no (or a saved model)",
                example: "load sessions/data/digits.csv target=label classes=yes test=0.2",
                details: """
                Columns are named by header or 1-based number; the target defaults to the last column, and \
                load says which column it took and how. A file without a header row loads with header=no \
                (columns x1, x2, …); a header row of numbers only gets a warning. \
                A text target becomes one-hot classes whose names `predict` and `show data` show; a target \
                of numbers stays numbers (a cell that is not one is an error) unless classes=yes. Quoted fields \
                (RFC 4180), CRLF or CR line ends and a UTF-8 BOM are read. Empty cells and NA, NaN or ? are missing values: \
                an error naming the lines, unless dropmissing=yes drops those rows. The scaling is fitted on \
                the training split only — unless the network has been trained or loaded: then the data is \
                scaled as the network expects (normalize= with another kind refits it). A failed load leaves \
                the previous data as it was. `load model FILE.json` reads a network saved with `save model`, \
                with its feature transforms, scaling and class names.
                """,
                completion: .after { $0.isEmpty ? .either([.files, .choices(["model"])]) : $0.map { $0.lowercased() } == ["model"] ? .files : .none },
                changesState: true) { context, args in
            if args.words.first?.text.lowercased() == "model" {
                try SessionCommands.loadModel(context, args)
                return
            }
            try args.expectAtMost(1)
            guard let file = args.words.first else { throw args.missing("file name") }
            let path = context.resolve(file.text)
            let loaded = try CSVLoader.load(path: path, shownAs: context.displayPath(path),
                                            options: .init(targets: try columnList(args, "target"), features: try columnList(args, "features"),
                                                           dropMissing: try args.flag("dropmissing", default: false),
                                                           categorical: try args.flag("classes", default: false),
                                                           header: try args.parsed("header")?.flag,
                                                           memoryBudget: context.memoryBudget, shouldStop: context.stopRequested))
            if let warning = loaded.warning { context.print(warning) }
            let seed = try args.seed(default: 1)
            try context.setData(loaded.data, source: context.displayPath(path), args: args, seed: seed, defaultTest: 0.2,
                                describing: [loaded.target])
            if !loaded.dropped.isEmpty {
                context.print("dropped \(Format.count(loaded.dropped.count, "row")) with missing values (\(CSVLoader.lines(loaded.dropped)))")
            }
            if let hint = loaded.hint { context.print(hint) }
        },
        Command("split", group: "Data", syntax: "split",
                summary: "hold out a seeded share of all samples for testing",
                example: "split test=0.25 seed=3",
                details: "The same share and seed give the same split as `data` or `load` with test= and seed=. A trained or loaded network keeps its input scaling.",
                options: [test.required("0.25"), seed.with(default: nil)], changesState: true) { context, args in
            try args.expectAtMost(0)
            let data = try context.requireData()
            guard args.has("test") else { throw LabError("missing test= (e.g. split test=0.25)") }
            let share = try args.double("test", default: 0)
            let notice = try context.install(try data.resplit(testShare: share, seed: args.seed(default: 1)))
            context.print("split: \(context.dataSummary(context.state.data!))")
            if let notice { context.print(notice) }
        },
        Command("features", group: "Data", syntax: "features x1 x2 x1^2 x1*x2 sin(x1) …",
                summary: "compute the network's inputs from the raw columns (as in the Playground)",
                example: "features x1 x2 x1^2 x2^2 x1*x2",
                details: """
                Each feature is a raw column — x<i>, or its name in the CSV header — or c^k (k = 1…9), c*d, \
                sin(c) or cos(c) of raw columns. `features` alone goes back to the raw columns. A network whose \
                input size fits takes the new inputs (and a scaling refitted for them); otherwise rebuild it. \
                The transforms are saved with the model.
                """,
                completion: .choices(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]), changesState: true) { context, args in
            let data = try context.requireData()
            let names = data.rawTrain.featureNames
            var features: [FeatureTransform] = []
            for word in args.words {
                let feature: FeatureTransform
                do { feature = try FeatureTransform(parsing: word.text) { try rawColumn($0, names: names) } } catch {
                    throw LabError("column \(word.column): \(error.userMessage)")
                }
                guard !features.contains(feature) else {
                    throw LabError("column \(word.column): \(Printable.text(feature.name(columns: names))) is given twice")
                }
                features.append(feature)
            }
            // The features of every sample, as computed and as scaled.
            try context.requireMemory(16 * Double(features.count) * Double(data.rawTrain.count + (data.rawTest?.count ?? 0)),
                                      for: "\(Format.count(features.count, "feature")) of every sample", change: "compute fewer features")
            let updated = data.with(features: features)
            if let place = updated.firstNonFiniteInput {
                throw LabError("\(place) is not a finite number with these features (\(Printable.text(updated.train.featureNames.joined(separator: " "))))")
            }
            context.state.data = updated
            context.print("inputs: \(updated.train.featureNames.map(Printable.text).joined(separator: " ")) (\(Format.count(updated.train.inputs.columns, "input")))")
            if let notice = context.networkFollows(updated) { context.print(notice) }
            if let network = context.state.network, network.inputSize != updated.train.inputs.columns {
                context.print("the network takes \(network.inputSize); rebuild it, e.g. `net \(updated.train.inputs.columns) 4:tanh 1:sigmoid`")
            }
        },
    ]

    /// `target=` or `features=` as a list of columns; an empty list or item is an error, not "no columns".
    static func columnList(_ args: Arguments, _ key: String) throws -> [String]? {
        guard let option = args.option(key) else { return nil }
        let items = option.value.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !items.contains("") else {
            throw LabError("column \(option.column): \(key)= " + (option.value.isEmpty ? "has no value" : "has an empty item")
                           + " (give column names or numbers, e.g. \(key)=2 or \(key)=a,b)")
        }
        return items
    }

    /// A feature's operand: x<i>, or a raw column's name; an error says what there is.
    static func rawColumn(_ name: String, names: [String]) throws -> Int {
        if let index = names.firstIndex(of: name) { return index }
        if let index = try? FeatureTransform.xColumn(name, columns: names.count) { return index }
        let xNames = (1...names.count).map { "x\($0)" }
        var message = "'\(Arguments.clip(Printable.text(name)))' is not an input: inputs are x1…x\(names.count)"
        if names != xNames { message += " or the columns " + names.map(Printable.text).joined(separator: ", ") }
        if let guess = EditDistance.closest(to: name, in: names == xNames ? names : names + xNames) {
            message += "; did you mean '\(Printable.text(guess))'?"
        }
        throw LabError(message)
    }
}

extension CommandContext {
    /// Splits (test=) and scales (normalize=) new samples and makes them the session's data.
    /// `describing`: lines said right after the summary (which column became a file's target).
    func setData(_ all: Dataset, source: String, args: Arguments, seed: UInt64, defaultTest: Double = 0,
                 describing details: [String] = []) throws {
        let share = try args.double("test", default: defaultTest)
        let requested = try args.choice("normalize", default: nil) { Normalization.Kind(rawValue: $0) }
        let data = try LabData(all: all, testShare: share, seed: seed, source: source, normalize: requested ?? .none)
        state.focus = nil
        let notice = try install(data, normalize: requested)
        print("data \(source): \(dataSummary(state.data!))")
        print(lines: details)
        if let notice { print(notice) }
    }

    /// Makes `data` the session's data, keeping it and the network's input
    /// mapping in step: the network's mapping is what `forward`, `predict`,
    /// plots and saved models use, so the data must reach the network the same way.
    ///
    /// - A network that keeps its mapping (trained, stepped or loaded) and
    ///   takes this data's raw inputs maps the new data with its own feature
    ///   transforms and stored scaling — not refitted, or its weights would
    ///   meet inputs scaled differently from those they learned. Only
    ///   `normalize` naming another kind refits the scaling (on the new training split).
    /// - Any other network follows the data (`networkFollows`).
    ///
    /// Returns what to tell the user when the network's mapping won or changed.
    /// Throws when the inputs the network would see are not all finite
    /// numbers (the session then puts the state back).
    @discardableResult
    func install(_ data: LabData, normalize requested: Normalization.Kind? = nil) throws -> String? {
        let notice = installMapped(data, normalize: requested)
        if let place = state.data?.firstNonFiniteInput {
            let scaling = state.data?.normalizationKind ?? .none
            throw LabError("\(place) is not a finite number once mapped (scaled \(scaling.rawValue)): "
                           + "the values are too large for it; rescale them, or load them with normalize=none")
        }
        return notice
    }

    private func installMapped(_ data: LabData, normalize requested: Normalization.Kind?) -> String? {
        guard var network = state.network, state.networkKeepsMapping,
              network.inputMapping.rawInputs == data.rawTrain.inputs.columns else {
            state.data = data
            return networkFollows(data)
        }
        let own = network.inputMapping
        if let requested, requested != own.kind {
            let refitted = data.with(features: own.features, normalize: requested)
            network.inputMapping = refitted.mapping
            state.network = network
            state.data = refitted
            return "refitted the network's input scaling to \(requested.rawValue) on this training split (was \(own.kind.rawValue)); "
                + "its weights learned the old scaling: train again"
        }
        let kept = data.mapped(by: own)
        state.data = kept
        guard own != data.mapping else { return nil }
        let inputs = own.features.isEmpty ? "input scaling" : "inputs (\(kept.train.featureNames.map(Printable.text).joined(separator: " ")))"
        let scaling = own.normalization.map { "scaled \($0.kind.rawValue) with the offsets and scales it learned with" } ?? "unscaled"
        return "kept the network's \(inputs): \(scaling), not refitted on this data"
    }

    /// A network whose input size fits `data` takes the data's mapping.
    /// Returns a notice when that changes its scaling, or any of the mapping of a network that had kept its own.
    func networkFollows(_ data: LabData) -> String? {
        guard var network = state.network, network.inputSize == data.train.inputs.columns,
              network.inputMapping != data.mapping else { return nil }
        let before = network.inputMapping
        network.inputMapping = data.mapping
        state.network = network
        if state.networkKeepsMapping {
            let names = data.train.featureNames.map(Printable.text).joined(separator: " ")
            return "the network's inputs are now \(names), scaled \(data.normalizationKind.rawValue); it learned other inputs: train again"
        }
        guard before.kind != data.normalizationKind else { return nil }
        return "the network's inputs are now scaled \(data.normalizationKind.rawValue) (were \(before.kind.rawValue))"
    }

    /// `data x1 x2 … -> e1 e2 …`: appends one training sample.
    func addSample(_ args: Arguments) throws {
        let arrow = args.words.firstIndex { $0.text == "->" }!
        let x = try args.words[..<arrow].enumerated().map { try Arguments.parseDouble($1.text, name: "x\($0 + 1)", column: $1.column) }
        let e = try args.words[(arrow + 1)...].enumerated().map { try Arguments.parseDouble($1.text, name: "e\($0 + 1)", column: $1.column) }
        guard !x.isEmpty, !e.isEmpty else { throw LabError("a sample needs inputs and targets: `data 0.05 0.10 -> 0.01 0.99`") }
        let empty = try Dataset(inputs: Matrix(rows: 0, columns: x.count), targets: Matrix(rows: 0, columns: e.count))
        var data = try state.data ?? LabData(all: empty, source: "hand-entered")
        guard data.rawTrain.inputs.columns == x.count, data.rawTrain.targets.columns == e.count else {
            throw LabError("the data has \(Format.count(data.rawTrain.inputs.columns, "input")) and \(Format.count(data.rawTrain.targets.columns, "target")) per sample; this sample has \(x.count) and \(e.count)")
        }
        data.appendTraining(input: x, target: e)
        let notice = try install(data)
        print("sample \(data.train.count): x = \(format(x)) -> e = \(format(e))")
        if let notice { print(notice) }
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
