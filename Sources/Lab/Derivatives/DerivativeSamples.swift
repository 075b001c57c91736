import BackpropCore

/// The samples `grad`, `delta`, `paths` and `check` differentiate over, and
/// the E they differentiate.
///
/// With data loaded: the training samples (their mean), or one of them with
/// `sample=K`; the sample of the last `forward` only when asked, with
/// `sample=forward`. Without data, the sample of the last `forward` (with a
/// target) is all there is, and they say so.
struct DerivativeSamples {
    let inputs: Matrix
    let targets: Matrix
    /// The one sample of `inputs` asked for (0-based), nil for all of them.
    let sample: Int?
    /// The 1-based number of the training sample asked for; nil for the
    /// mean and for the sample of the last `forward`.
    let trainingSample: Int?
    /// True for the sample of the last `forward`.
    let isForward: Bool

    static let option = OptionSpec("sample", "one training sample (1-based), or forward: the sample of the last `forward`",
                                   .text("K|forward"), placeholder: "K|forward")
    static let penaltyOption = OptionSpec("penalty", "include the l1/l2 penalty in E, as train does (no: the data term alone)",
                                          .flag, default: "yes")

    /// How output names these samples: "sample 3", "the sample of the last `forward`", "4 samples".
    var name: String {
        if isForward { return "the sample of the last `forward`" }
        if let trainingSample { return "sample \(trainingSample)" }
        return Format.count(inputs.rows, "sample")
    }
}

extension CommandContext {
    /// The samples of `sample=` (see `DerivativeSamples`), checked against `network`.
    func derivativeSamples(_ args: Arguments, network: Network) throws -> DerivativeSamples {
        guard let (text, column) = args.option("sample") else {
            if let data = state.data, !data.train.isEmpty { return try trainingSamples(network: network, sample: nil) }
            guard state.focus != nil else {
                throw LabError("no data yet: load some (`data xor`), or forward one sample with its target (`forward 0.3 0.7 -> 1`)")
            }
            return try forwardSample(network: network)
        }
        if text.lowercased() == "forward" { return try forwardSample(network: network) }
        let count = try requireData().train.count
        let k = try Arguments.parseInt(text, name: "sample=", column: column, in: 1...count)
        return try trainingSamples(network: network, sample: k - 1)
    }

    /// The samples of `sample=` as `derivativeSamples` reads them; with
    /// `one` and no `sample=`, the sample of the last `forward` when there
    /// is one, else the first training sample (`plot net values`).
    func plotSamples(_ args: Arguments, network: Network, one: Bool) throws -> DerivativeSamples {
        guard one, args.option("sample") == nil else { return try derivativeSamples(args, network: network) }
        if state.focus != nil { return try forwardSample(network: network) }
        return try trainingSamples(network: network, sample: 0)
    }

    private func trainingSamples(network: Network, sample: Int?) throws -> DerivativeSamples {
        let (_, data) = try requireNetworkAndData()
        return DerivativeSamples(inputs: data.train.inputs, targets: data.train.targets, sample: sample,
                                 trainingSample: sample.map { $0 + 1 }, isForward: false)
    }

    private func forwardSample(network: Network) throws -> DerivativeSamples {
        guard let focus = state.focus else {
            throw LabError("no sample forwarded yet: give one with its target, e.g. `forward 0.3 0.7 -> 1`")
        }
        guard let target = focus.target else {
            throw LabError("the last `forward` had no target, so there is no E to differentiate: give one, e.g. `forward \(focus.input.map(format).joined(separator: " ")) -> 1`")
        }
        guard focus.input.count == network.inputSize, target.count == network.outputSize else {
            throw LabError("the last `forward` was for another network: forward a sample again")
        }
        return DerivativeSamples(inputs: Matrix(rows: 1, columns: focus.input.count, storage: focus.input),
                                 targets: Matrix(rows: 1, columns: target.count, storage: target),
                                 sample: nil, trainingSample: nil, isForward: true)
    }

    /// The penalty of E: the settings' l1/l2 unless `penalty=no` asks for the data term alone.
    func derivativePenalty(_ args: Arguments) throws -> Penalty {
        guard try args.flag("penalty", default: true) else { return Penalty() }
        return Penalty(l1: state.settings.l1, l2: state.settings.l2)
    }
}
