import BackpropCore

/// Commands that make or load samples.
enum DataCommands {
    static let builtinNames = ["xor", "circle"]

    static let all: [Command] = [
        Command("data", group: "Data", usage: "data NAME [n=200] [noise=0.1] [seed=1] | data x1 x2 … -> e1 e2 …",
                summary: "built-in data sets, or one sample added by hand",
                example: "data 0.05 0.10 -> 0.01 0.99",
                details: "Built-in sets: \(builtinNames.joined(separator: ", ")). A hand-entered sample is appended to the training samples.",
                options: [OptionSpec("n", "number of samples"), OptionSpec("noise", "noise level (≥ 0)"),
                          OptionSpec("seed", "seed of the generator")],
                completion: .choices(builtinNames), changesState: true) { session, args in
            guard let first = args.words.first else {
                throw LabError("missing data set name (\(builtinNames.joined(separator: ", "))) or a sample `x1 x2 -> e1`")
            }
            if args.words.contains(where: { $0.text == "->" }) {
                try session.addSample(args)
                return
            }
            try args.expectAtMost(1, usage: "data NAME [n=] [noise=] [seed=]")
            let n = try args.int("n", default: 200, in: 1...10_000_000)
            let noise = try args.double("noise", default: 0.1, in: 0...100)
            let seedOption = args.option("seed")
            guard let seed = seedOption.map({ UInt64($0.value) }) ?? 1 else {
                throw LabError("column \(seedOption!.column): seed= must be a whole number ≥ 0")
            }
            let train: Dataset
            let source: String
            switch first.text.lowercased() {
            case "xor":
                train = DataGenerators.xor()
                source = "xor"
            case "circle":
                train = DataGenerators.circle(count: n, noise: noise, seed: seed)
                source = "circle n=\(n) noise=\(session.format(noise)) seed=\(seed)"
            default:
                var message = "column \(first.column): unknown data set '\(Arguments.clip(first.text))' (built-in: \(builtinNames.joined(separator: ", ")))"
                if let guess = builtinNames.min(by: { EditDistance.between(first.text, $0) < EditDistance.between(first.text, $1) }),
                   EditDistance.between(first.text, guess) <= 2 {
                    message += "; did you mean '\(guess)'?"
                }
                throw LabError(message)
            }
            session.state.data = LabData(train: train, source: source)
            session.print("data \(source): \(session.dataSummary(session.state.data!))")
        },
    ]
}

extension Session {
    /// `data x1 x2 … -> e1 e2 …`: appends one training sample.
    func addSample(_ args: Arguments) throws {
        let arrow = args.words.firstIndex { $0.text == "->" }!
        let x = try args.words[..<arrow].enumerated().map { try Arguments.parseDouble($1.text, name: "x\($0 + 1)", column: $1.column) }
        let e = try args.words[(arrow + 1)...].enumerated().map { try Arguments.parseDouble($1.text, name: "e\($0 + 1)", column: $1.column) }
        guard !x.isEmpty, !e.isEmpty else { throw LabError("a sample needs inputs and targets: `data 0.05 0.10 -> 0.01 0.99`") }
        let empty = try Dataset(inputs: Matrix(rows: 0, columns: x.count), targets: Matrix(rows: 0, columns: e.count))
        var data = state.data ?? LabData(train: empty, source: "hand-entered")
        guard data.train.inputs.columns == x.count, data.train.targets.columns == e.count else {
            throw LabError("the data has \(Format.count(data.train.inputs.columns, "input")) and \(Format.count(data.train.targets.columns, "target")) per sample; this sample has \(x.count) and \(e.count)")
        }
        data.train.inputs.append(row: x)
        data.train.targets.append(row: e)
        state.data = data
        print("sample \(data.train.count): x = \(format(x)) -> e = \(format(e))")
    }

    /// "4 samples, 2 inputs → 1 target (classes 0: 2, 1: 2)".
    func dataSummary(_ data: LabData) -> String {
        let train = data.train
        var text = "\(Format.count(train.count, "sample")), \(Format.count(train.inputs.columns, "input")) → \(Format.count(train.targets.columns, "target"))"
        if let test = data.test, !test.isEmpty { text += "; \(test.count) more held out for testing" }
        return text
    }
}
