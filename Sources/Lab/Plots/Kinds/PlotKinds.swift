/// The plot kinds, in the order usage, help and completion list them.
extension PlotKind {
    static let all: [PlotKind] = [
        PlotKind(name: "loss", summary: "train and test loss per epoch.", argument: nil,
                 options: [OptionSpec("log", "loss on a log scale", .flag)],
                 needs: [], builder: LossPlot.self),
        PlotKind(name: "boundary",
                 summary: "the network's output over the input plane with the data on top (2 inputs; with 1 input it draws the fit).",
                 argument: nil,
                 options: [OptionSpec("res", "grid points per side of a boundary picture (text plots shade every character)",
                                      .whole(10...1000), default: "200")],
                 needs: [.data, .networkAndData], builder: BoundaryPlot.self),
        PlotKind(name: "fit",
                 summary: "the network's function y = f(x) over the input range with the samples (1 input, e.g. data sine).",
                 argument: nil, options: [], needs: [.networkAndData], builder: FitPlot.self),
        PlotKind(name: "data", summary: "the samples, test samples hollow.", argument: nil, options: [],
                 needs: [.data], builder: DataPlot.self),
        PlotKind(name: "grads",
                 summary: "‖dE/dW‖ per layer, over the epochs (by=epoch, the default up to 8 layers) or at the last epoch "
                     + "against the layer (by=layer, the default for deeper nets).",
                 argument: nil,
                 options: [OptionSpec("by", "grads: curves over the epochs, or the last epoch against the layer",
                                      .word(["epoch", "layer"]))],
                 needs: [], builder: GradsPlot.self),
        PlotKind(name: "weights", summary: "W_L as a matrix, w[i,j] in row i, column j.",
                 argument: PlotArgument(placeholder: "L", completion: nil), options: [],
                 needs: [.network], builder: WeightsPlot.self),
        PlotKind(name: "activation", summary: "f and f'.",
                 argument: PlotArgument(placeholder: "NAME", completion: .choices(NetworkCommands.activationNames)),
                 options: [], needs: [], builder: ActivationPlot.self),
        PlotKind(name: "landscape", summary: "E against one parameter, the rest held, with the tangent of slope grad PARAM.",
                 argument: PlotArgument(placeholder: "PARAM", completion: .parameters),
                 options: [OptionSpec("range", "landscape: the parameter's current value ± range", .real(1e-9...1e6),
                                      placeholder: "R")],
                 needs: [.networkAndData], builder: LandscapePlot.self),
        PlotKind(name: "net",
                 summary: "the network drawn: neurons in a column per layer, edges coloured by sign and as thick as |w|, biases, "
                     + "every weight named and valued on small nets; grads: dE/dw on the edges and the deltas on the neurons; "
                     + "values: one sample's z, a and d (the last `forward`, or sample=K).",
                 argument: PlotArgument(placeholder: "[grads|values]", completion: .choices(NetValues.Kind.allCases.map(\.rawValue))),
                 options: [DerivativeSamples.option], needs: [.network], builder: NetPlot.self),
        PlotKind(name: "paths",
                 summary: "the network with every chain-rule path from PARAM to the loss highlighted (each in its colour, "
                     + "shared edges black) and each path's factors and product listed: the numbers of `paths PARAM`, summing to grad.",
                 argument: PlotArgument(placeholder: "PARAM", completion: .parameters),
                 options: [DerivativeSamples.option], needs: [.network], builder: PathsPlot.self),
        PlotKind(name: "neurons",
                 summary: "what each neuron computes: for 2 inputs a heat map per neuron of its activation over the input plane "
                     + "(the data on the output's), for 1 input its curve; of layer L, or of every layer (pictures need pixels: export them).",
                 argument: PlotArgument(placeholder: "[L]", completion: nil), options: [],
                 needs: [.networkAndData], builder: NeuronsPlot.self),
    ]

    static let names = all.map(\.name)

    /// The kind called `name` (any case).
    static func named(_ name: String) -> PlotKind? {
        all.first { $0.name == name.lowercased() }
    }
}
