import BackpropCore
import Gnuplot

/// One plot kind: everything `plot`, `export`, help and completion know
/// about it, so that a new kind is one entry of `PlotKind.all` and one
/// builder file.
struct PlotKind: Sendable {
    let name: String
    /// What the kind draws, for `help plot`.
    let summary: String
    /// The word after the kind (a layer, an activation, a parameter), if it takes one.
    let argument: PlotArgument?
    /// The options its builder reads (usage shows them from their specs: `[log=yes]`).
    let options: [OptionSpec]
    /// What must exist before it can be drawn, checked in this order after
    /// the builder has read its arguments, so each kind reports its problems
    /// in the same order whether it is plotted or exported.
    let needs: [PlotNeed]
    let builder: any PlotBuilder.Type

    /// Positional words start with the kind; its argument is the next one.
    static let argumentIndex = 1

    /// `weights L`: the kind as help names it.
    var label: String { [name, argument?.placeholder].compactMap { $0 }.joined(separator: " ") }
    /// `landscape PARAM [range=R]`.
    var usage: String { UsageForm(label, options).text }

    /// The script for `arguments` (the kind first): its words counted, its
    /// arguments read, its needs checked, then drawn for `target` (a text
    /// plot may make the target taller to fit what it draws).
    func script(_ arguments: Arguments, from input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        try arguments.expectAtMost(argument == nil ? Self.argumentIndex : Self.argumentIndex + 1, usage: "plot " + usage)
        let plot = try builder.init(arguments)
        for need in needs { try need.check(input) }
        return try plot.script(input, target: &target)
    }

    /// The script drawn in pixels: for a file, a notebook.
    func picture(_ arguments: Arguments, from input: PlotInput) throws -> GnuplotScript {
        var target = PlotTarget(text: false)
        return try script(arguments, from: input, target: &target)
    }
}

extension PlotKind {
    /// The parameter named by a kind's argument word (`w1[1,1]`), checked against `network`.
    static func parameter(_ arguments: Arguments, in network: Network) throws -> ParameterReference {
        let word = arguments.words[argumentIndex]
        do { return try ParameterReference(parsing: word.text, in: network) } catch {
            throw LabError("column \(word.column): \(error.userMessage)")
        }
    }
}

/// The word a plot kind takes after its name.
struct PlotArgument: Sendable {
    /// How usage and help name it: `L`, `NAME`, `PARAM`.
    let placeholder: String
    /// What completion offers for it; nil offers what follows the plot
    /// (nothing after `plot`, a file after `export`).
    let completion: WordCompletion?
}

/// What a kind needs before it draws anything.
enum PlotNeed: Sendable {
    case data, network
    /// A network that fits the data's inputs and targets.
    case networkAndData

    func check(_ input: PlotInput) throws {
        switch self {
        case .data: _ = try input.data()
        case .network: _ = try input.network()
        case .networkAndData: _ = try input.networkAndData()
        }
    }
}

/// A kind's drawing: made from its arguments, then asked for its script.
protocol PlotBuilder: Sendable {
    /// Reads the arguments that need neither network nor data, so their
    /// mistakes are reported before a missing network or data set.
    init(_ arguments: Arguments) throws
    /// The plot as gnuplot commands and data, without terminal or output
    /// (`PlotRenderer` adds those).
    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript
}

/// Whether a script draws with characters (dumb) or pixels.
struct PlotTarget {
    var text: Bool
    /// The text terminal's size in characters (text plots only). A plot
    /// may change `lines` to fit what it draws (`plot weights`: rows
    /// evenly spaced, at least a line apart), and the terminal is made
    /// that tall.
    var columns = 79, lines = 24
}

/// What plots are drawn from: the training history, the printing precision,
/// and the network and data, each behind the same check (and message) that
/// commands use. Builders get this instead of the context.
struct PlotInput {
    var history: [EpochRecord]
    /// The loss the current network trains with, for axis labels; "loss" without a network.
    let lossName: String
    let precision: Int
    var network: () throws -> Network
    let data: () throws -> LabData
    var networkAndData: () throws -> (Network, LabData)
    /// Ctrl-C, for builders that compute for long (polled between chunks).
    let shouldStop: () -> Bool
    /// The samples a derivative plot reads (`sample=`, as `grad` reads it);
    /// with `one`, a single sample even without `sample=` (see `plotSamples`).
    let samples: (_ arguments: Arguments, _ network: Network, _ one: Bool) throws -> DerivativeSamples
    /// The chain-rule paths of a parameter, as `paths` finds them (`CommandContext.pathExpansion`).
    let paths: (_ arguments: Arguments, _ reference: ParameterReference, _ network: Network,
                _ limit: Int) throws -> (PathExpansion, DerivativeSamples)
    /// Throws unless bytes fit the memory budget (`CommandContext.requireMemory`).
    let requireMemory: (_ bytes: Double, _ what: String, _ change: String) throws -> Void

    /// A number in the session's precision.
    func format(_ value: Double) -> String { Format.number(value, digits: precision) }
}

extension PlotInput {
    /// The session's state as plots see it.
    init(_ context: CommandContext) {
        history = context.state.trainingHistory
        lossName = context.state.network?.loss.rawValue ?? "loss"
        precision = context.state.settings.precision
        network = context.requireNetwork
        data = context.requireData
        networkAndData = context.requireNetworkAndData
        shouldStop = context.stopRequested
        samples = context.plotSamples
        paths = context.pathExpansion
        requireMemory = context.requireMemory
    }
}
