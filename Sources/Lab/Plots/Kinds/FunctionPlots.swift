import BackpropCore
import Foundation
import Gnuplot

/// `plot activation NAME`: f(z) and f'(z) for z in [−5, 5]. Where f' jumps
/// (ReLU and leaky ReLU at 0) its curve is drawn in two pieces, with a
/// filled dot at the value bplab uses at the jump and an open dot at the
/// other limit, as a textbook draws a step; a line joining the pieces would
/// claim values f' never takes.
struct ActivationPlot: PlotBuilder {
    let activation: Activation

    init(_ arguments: Arguments) throws {
        let index = PlotKind.argumentIndex
        guard index < arguments.words.count else {
            throw LabError("missing activation name (\(NetworkCommands.activationNames.joined(separator: ", ")))")
        }
        activation = try NetworkCommands.parseActivation(arguments.words[index])
        guard activation.isElementwise else { throw LabError("softmax couples its outputs; plot an element-wise activation") }
    }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        func f(_ z: Double) -> Double { activation.value(z) }
        func d(_ z: Double) -> Double { activation.derivative(z: z, a: activation.value(z)) }
        let zs = (0...200).map { -5 + Double($0) * 0.05 }
        let (left, right, atZero) = (d(-1e-12), d(1e-12), d(0))
        let jumps = abs(left - right) > 1e-9 * max(1, abs(left), abs(right))
        var script = GnuplotScript()
        if jumps {
            // Both pieces end at z = 0 with their own limits; the blank row breaks the line.
            let negative = zs.filter { $0 < 0 }.map { [$0, f($0), d($0)] } + [[0, f(0), left]]
            let positive = [[0, f(0), right]] + zs.filter { $0 > 0 }.map { [$0, f($0), d($0)] }
            script.addData("f", rows: negative + [[]] + positive)
            script.addData("defined", rows: [[0, atZero]])
            script.addData("open", rows: [left, right].filter { $0 != atZero }.map { [0, $0] })
        } else {
            script.addData("f", rows: zs.map { [$0, f($0), d($0)] })
        }
        try script.add(PlotStyle.preamble(title: "\(activation.rawValue): \(activation.formula)", xlabel: "z", ylabel: "f(z) and f'(z)", text: target.text))
        try script.add("set xrange [-5:5]")
        try script.add(target.text ? "set xzeroaxis" : "set xzeroaxis lt 1 lw 1 lc rgb '#A0A0A0'")
        var layers = ["$f using 1:2 with lines ls 1 title 'f(z)'", "$f using 1:3 with lines ls 2 title \(GnuplotQuoting.quoted("f'(z)"))"]
        if jumps && !target.text {
            layers.append("$defined using 1:2 with points pt 7 ps 1.3 lc rgb '\(PlotStyle.color(1))' notitle")
            layers.append("$open using 1:2 with points pt 7 ps 1.3 lc rgb '#FFFFFF' notitle")
            layers.append("$open using 1:2 with points pt 6 ps 1.3 lw 2 lc rgb '\(PlotStyle.color(1))' notitle")
        }
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}

/// `plot landscape PARAM`: E(p) for p in current ± range, every other
/// parameter held, with the tangent at the current value. The y axis follows
/// E, not the tangent: the tangent is clipped to E's range, so a steep slope
/// over a wide range neither sets the axis nor flattens the curve.
struct LandscapePlot: PlotBuilder {
    /// The parameter and the range are read once the network is known: it
    /// names the parameter, and the range's default is twice its value.
    let arguments: Arguments

    init(_ arguments: Arguments) { self.arguments = arguments }

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let (network, data) = try input.networkAndData()
        guard PlotKind.argumentIndex < arguments.words.count else { throw LabError("missing parameter: e.g. plot landscape w1[1,1]") }
        let word = arguments.words[PlotKind.argumentIndex]
        let reference = try PlotKind.parameter(arguments, in: network)
        switch reference {
        case .weight, .bias: break
        default: throw LabError("column \(word.column): landscape needs one weight or bias, like w1[1,1] or b2[1]")
        }
        let k = reference.parameterIndices(in: network)[0]
        let range = try arguments.double("range", default: max(2, 2 * abs(network.parameters[k])))
        let e = try Landscape(network: network, data: data, parameter: k, range: range, shouldStop: input.shouldStop)
        var script = GnuplotScript()
        script.addData("curve", rows: e.curve)
        if let tangent = e.tangent { script.addData("tangent", rows: tangent) }
        script.addData("here", rows: [[e.current, e.e0]])
        try script.add(PlotStyle.preamble(title: "E as a function of \(reference), all else held", xlabel: "\(reference)",
                                          ylabel: "E (\(network.loss.rawValue))", text: target.text))
        try script.add("set xrange [\(e.current - range):\(e.current + range)]")
        try script.add("set yrange [\(e.low):\(e.high)]")
        if !target.text { try script.add("set rmargin 6") }  // room for the last tick label under the right border
        var layers = ["$curve using 1:2 with lines ls 1 title \(GnuplotQuoting.quoted("E(\(reference))"))"]
        if e.tangent != nil {
            layers.append("$tangent using 1:2 with lines ls 2 dt 2 title \(GnuplotQuoting.quoted("tangent: slope dE/d\(reference) = \(input.format(e.slope))"))")
        }
        let here = GnuplotQuoting.quoted("now: \(reference) = \(input.format(e.current)), E = \(input.format(e.e0))")
        layers.append(target.text ? "$here using 1:2 with points pt '@' title \(here)" : "$here using 1:2 with points pt 7 ps 1.5 lc rgb '#1A1A1A' title \(here)")
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}

/// E as a function of parameter k over its current value ± range, and its
/// tangent there (slope: the gradient of one backward pass).
private struct Landscape {
    let current: Double
    /// Rows `p E(p)`, 201 of them.
    let curve: [[Double]]
    let e0: Double, slope: Double
    /// E's range, padded; a loss is never negative, so neither is the axis below a non-negative curve.
    let low: Double, high: Double
    /// The tangent over the middle half of the window, cut where it leaves
    /// [low, high]; nil when nothing of it is left or it is not finite.
    let tangent: [[Double]]?

    init(network: Network, data: LabData, parameter k: Int, range: Double, shouldStop: () -> Bool) throws {
        let current = network.parameters[k]
        var probe = network
        func loss(_ v: Double) throws -> Double {
            probe.parameters[k] = v
            guard let e = FullBatch.loss(probe, on: data.train, shouldStop: shouldStop) else { throw LabError.stopped }
            return e
        }
        let (from, to) = (current - range, current + range)
        curve = try (0...200).map { i -> [Double] in let p = from + (to - from) * Double(i) / 200; return [p, try loss(p)] }
        // E and its slope at the current value, from forward and backward passes.
        guard let (e0, gradients) = FullBatch.gradient(network, on: data.train, shouldStop: shouldStop) else { throw LabError.stopped }
        let slope = gradients[k]
        let values = (curve.map { $0[1] } + [e0]).filter(\.isFinite)
        var low = values.min() ?? 0, high = values.max() ?? 1
        let pad = high > low ? (high - low) * 0.08 : max(abs(high) * 0.1, 1e-3)
        let nonNegative = low >= 0
        low -= pad; high += pad
        if nonNegative { low = max(low, 0) }
        var (t0, t1) = (current - range / 2, current + range / 2)
        if slope != 0 && slope.isFinite && e0.isFinite {
            let a = current + (low - e0) / slope, b = current + (high - e0) / slope
            t0 = max(t0, min(a, b)); t1 = min(t1, max(a, b))
        }
        (self.current, self.e0, self.slope, self.low, self.high) = (current, e0, slope, low, high)
        tangent = t0 < t1 && e0.isFinite && slope.isFinite
            ? [[t0, e0 + slope * (t0 - current)], [t1, e0 + slope * (t1 - current)]] : nil
    }
}
