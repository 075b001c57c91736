import BackpropCore
import Gnuplot

/// `plot net [grads|values] [sample=K]`: the network itself — a picture
/// (`NetPicture`) or, on a text terminal, its text form (`NetText`) — with
/// the weights on its edges, dE/dw and the deltas, or one sample's z, a
/// and d (`NetValues`).
struct NetPlot: PlotBuilder {
    let kind: NetValues.Kind
    let arguments: Arguments

    init(_ arguments: Arguments) throws {
        self.arguments = arguments
        let index = PlotKind.argumentIndex
        guard index < arguments.words.count else { kind = .weights; return }
        let word = arguments.words[index]
        guard let kind = NetValues.Kind(rawValue: word.text.lowercased()) else {
            throw LabError("column \(word.column): plot net shows weights, grads or values, not '\(Arguments.clip(word.text))'")
        }
        if kind == .weights, arguments.option("sample") != nil {
            throw LabError("plot net weights draws no sample: sample= is for grads and values")
        }
        self.kind = kind
    }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let network = try input.network()
        let samples = kind == .weights ? nil : try input.samples(arguments, network, kind == .values)
        let values = try NetValues(kind, network: network, samples: samples, input: input)
        let diagram = NetDiagram(network: network) { abs(values.edge($0, $1, $2)) }
        let title = "Network \(NetworkCommands.shape(network)): \(values.title)"
        let names = NetNames(network, input: input)
        if target.text {
            return try NetText(diagram: diagram, values: values, title: title, inputNames: names.inputs, outputNames: names.outputs,
                               command: "net" + (kind == .weights ? "" : " \(kind.rawValue)"), format: input.format)
                .script(target: &target)
        }
        return try NetPicture(diagram: diagram, values: values, title: title, inputNames: names.inputs, outputNames: names.outputs,
                              digits: min(input.precision, 3)).script()
    }
}

/// What the diagram calls the inputs and outputs: the data's feature names
/// (CSV columns) when the data fits the network, and the class names.
struct NetNames {
    let inputs: [String], outputs: [String]

    init(_ network: Network, input: PlotInput) {
        let data = try? input.data()
        let features = data?.train.featureNames ?? []
        inputs = features.count == network.inputSize ? features : []
        let classes = network.classNames.isEmpty ? data?.train.classNames ?? [] : network.classNames
        outputs = classes.count == network.outputSize ? classes : []
    }
}
