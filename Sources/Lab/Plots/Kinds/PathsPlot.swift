import BackpropCore
import Gnuplot

/// `plot paths PARAM [sample=K]`: the network with every chain-rule path
/// from PARAM to the loss highlighted — each in its own colour, the edges
/// paths share in black — and the other edges faded; under it, each path's
/// factors and product and their sum beside backprop's gradient: the paths
/// and numbers `paths PARAM` prints, from the same `PathExpansion`.
///
/// Past `drawn` paths there are too many to tell apart: every edge some
/// path runs along is drawn dark (the layers they pass through), and the
/// largest are listed with the sum of the rest, as `paths` lists them.
struct PathsPlot: PlotBuilder {
    /// Paths drawn one by one, each in a colour of `PlotStyle.colors`.
    static let drawn = PlotStyle.colors.count
    static let shared = "#1A1A1A"

    let arguments: Arguments

    init(_ arguments: Arguments) throws {
        guard PlotKind.argumentIndex < arguments.words.count else { throw LabError("missing parameter: e.g. plot paths w1[1,1]") }
        self.arguments = arguments
    }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let network = try input.network()
        let reference = try PlotKind.parameter(arguments, in: network)
        do { try reference.requireSingleValue() } catch {
            throw LabError("column \(arguments.words[PlotKind.argumentIndex].column): \(error.userMessage)")
        }
        let values = try NetValues(.weights, network: network, samples: nil, input: input)
        let diagram = NetDiagram(network: network, keep: Self.own(reference)) { abs(values.edge($0, $1, $2)) }
        let names = NetNames(network, input: input)
        let count = CostModel.pathCount(reference, in: network)
        // Paths drawn one by one are all listed; of more, the few largest fit under the picture.
        let limit = (count.exactValue ?? .max) <= Self.drawn ? Self.drawn : target.text ? PathExpansion.defaultLimit : 3
        let samples = try input.samples(arguments, network, false)
        // Paths past what bplab walks are drawn by the layers they pass through, and counted, not listed.
        let expansion = PathExpansion.isWalkable(count, samples: samples.sample == nil ? samples.inputs.rows : 1)
            ? try input.paths(arguments, reference, network, limit).0 : nil
        let onPath = Self.colors(reference, expansion, diagram: diagram)
        let one = expansion?.rest.count == 0
        let countText = "\(count) path\(count.exactValue == 1 ? "" : "s")"
        let title = "\(one && count.exactValue != 1 ? "The " : "")\(countText) from \(reference) to E, "
            + (samples.isForward || samples.sample == nil && samples.inputs.rows > 1 ? samples.name : "sample \(samples.trainingSample ?? 1)")
        let lots = one ? [] : ["\(countText): too many to tell apart; every edge one runs along is dark"
                               + (expansion.map { ", the \($0.paths.count) largest are listed" } ?? "; `grad \(reference)` gives their sum")]
        let text = PathText(format: input.format)
        if target.text {
            let neurons = Set(diagram.columns.flatMap { c in c.neurons.filter { Self.reaches(reference, layer: c.layer, neuron: $0) }.map { [c.layer, $0] } })
            var plot = NetText(diagram: diagram, values: values, title: title, inputNames: names.inputs, outputNames: names.outputs,
                               command: "paths \(reference)", format: input.format)
            plot.marked = (Set(onPath.keys), neurons)
            plot.legend = lots + ["* on a path from \(reference) to E"]
                + (expansion.map { [PathText.heading($0, samples: samples)] + legend($0, text: text, input: input, one: one).map { ($0.numbers ? "    " : "") + $0.text } } ?? [])
            return try plot.script(target: &target)
        }
        var picture = NetPicture(diagram: diagram, values: values, title: title, inputNames: names.inputs,
                                 outputNames: names.outputs, digits: min(input.precision, 3))
        picture.highlight = onPath
        if !one { picture.highlightWidth = 1.5 }
        picture.legend = lots.map { ($0, "#404040") } + (expansion.map { legend($0, text: text, input: input, one: one).map { ($0.text, $0.color) } } ?? [])
        return try picture.script()
    }

    /// The lines under the picture (and the text form): each path's factors and product (a few by
    /// name and in numbers, as `paths` prints them; many, their products),
    /// the rest's sum, and the sum beside backprop's gradient.
    /// Each line comes with its colour, and whether it holds a path's numbers (indented as text).
    private func legend(_ expansion: PathExpansion, text: PathText, input: PlotInput,
                        one: Bool) -> [(text: String, color: String, numbers: Bool)] {
        var legend: [(text: String, color: String, numbers: Bool)] = []
        for (k, path) in expansion.paths.enumerated() {
            let route = PathText.route(path, in: expansion), color = one ? PlotStyle.color(k) : Self.shared
            let named = route + ":  " + path.symbols.map(PathText.name).joined(separator: "·"), numbers = text.product(path, in: expansion)
            if expansion.paths.count <= 4 && named.count <= 105 && numbers.count <= 105 {
                legend += [(named, color, false), (numbers, color, true)]
            } else {
                legend.append((route + " = \(input.format(path.product))", color, false))
            }
        }
        if expansion.rest.count > 0 {
            legend.append(("the other \(Format.count(expansion.rest.count, "path")): together \(input.format(expansion.rest.sum))", "#404040", false))
        }
        return legend + text.closing(expansion, count: PathText.count(expansion)).map { ($0, "#1A1A1A", false) }
    }

    /// The colour each drawn edge on a path gets: its path's when the paths
    /// are drawn one by one, black where paths share it, and black for
    /// every edge of the layers they pass through when they are too many.
    static func colors(_ reference: ParameterReference, _ expansion: PathExpansion?, diagram: NetDiagram) -> [NetDiagram.Edge: String] {
        var colors: [NetDiagram.Edge: String] = [:]
        guard let expansion, expansion.rest.count == 0 else {
            for edge in diagram.edges where runs(reference, along: edge) { colors[edge] = shared }
            return colors
        }
        let drawn = Dictionary(diagram.edges.map { ([$0.layer, $0.from, $0.to], $0) }, uniquingKeysWith: { a, _ in a })
        for (k, path) in expansion.paths.enumerated() {
            for step in edges(of: path, in: expansion) {
                guard let edge = drawn[step] else { continue }
                colors[edge] = colors[edge] == nil ? PlotStyle.color(k) : shared
            }
        }
        return colors
    }

    /// The weights a path runs along, as [layer, from, to]: an input's or a
    /// weight's own first, then one between each two of its neurons.
    static func edges(of path: PathExpansion.Path, in expansion: PathExpansion) -> [[Int]] {
        var steps: [[Int]] = []
        switch expansion.reference {
        case let .weight(l, i, j): steps.append([l, i, j])
        case let .input(i): steps.append([1, i, path.neurons[0]])
        default: break
        }
        for k in 0..<(path.neurons.count - 1) {
            steps.append([expansion.firstLayer + k + 1, path.neurons[k], path.neurons[k + 1]])
        }
        return steps
    }

    /// The neurons a parameter belongs to, [layer, neuron]: drawn even in a wide layer.
    static func own(_ reference: ParameterReference) -> Set<[Int]> {
        switch reference {
        case let .weight(l, i, j): return [[l - 1, i], [l, j]]
        case let .bias(l, j): return [[l, j]]
        case let .input(i): return [[0, i]]
        default: return []
        }
    }

    /// Whether some path of `reference` runs along `edge`: its own weight, the
    /// weights out of the neuron it feeds, and every weight after that.
    static func runs(_ reference: ParameterReference, along edge: NetDiagram.Edge) -> Bool {
        switch reference {
        case let .weight(l, i, j):
            return (edge.layer == l && edge.from == i && edge.to == j) || (edge.layer == l + 1 && edge.from == j) || edge.layer > l + 1
        case let .bias(l, j):
            return (edge.layer == l + 1 && edge.from == j) || edge.layer > l + 1
        case let .input(i):
            return (edge.layer == 1 && edge.from == i) || edge.layer > 1
        default:
            return false
        }
    }

    /// Whether paths of `reference` pass through neuron j of layer l.
    static func reaches(_ reference: ParameterReference, layer l: Int, neuron j: Int) -> Bool {
        switch reference {
        case let .weight(m, i, k): return l > m || (l == m && j == k) || (l == m - 1 && j == i)
        case let .bias(m, k): return l > m || (l == m && j == k)
        case let .input(i): return l > 0 || j == i
        default: return false
        }
    }
}
