import BackpropCore
import Foundation
import Gnuplot

/// `plot fit` (1 raw input): the network's function y = f(x) as a curve
/// over the input range, one curve per output, with the samples as points —
/// the regression view.
struct FitPlot: PlotBuilder {
    init() {}
    init(_ arguments: Arguments) {}

    func script(_ input: PlotInput, target: inout PlotTarget) throws -> GnuplotScript {
        let (network, train, test) = try InputSpace.rawSamples(input, inputs: 1) { data, network in
            "plot fit needs 1 raw input; this data has \(data) and the network takes \(network) (for 2 inputs use plot boundary)"
        }
        let (lo, hi) = InputSpace.extent(of: [train] + (test.map { [$0] } ?? []), columns: 1, margin: 0.05)
        let count = target.text ? 120 : 400
        let xs = (0..<count).map { lo[0] + (hi[0] - lo[0]) * Double($0) / Double(count - 1) }
        let out = try InputSpace.evaluate(network, count: xs.count, input: input) { [xs[$0]] }
        let outputs = min(network.outputSize, PlotStyle.colors.count)
        var script = GnuplotScript()
        script.addData("fit", rows: xs.indices.map { r in [xs[r]] + (0..<outputs).map { j in out[r, j] } })
        let ylabel = outputs == 1 ? "output, target" : "outputs, targets"
        try script.add(PlotStyle.preamble(title: "Network fit: output against \(train.featureNames[0])", xlabel: train.featureNames[0],
                                          ylabel: ylabel, text: target.text))
        try script.add("set xrange [\(lo[0]):\(hi[0])]")
        var layers: [String] = []
        for j in 0..<outputs {
            let name = outputs == 1 ? "network output"
                : j < train.classNames.count ? "output \(j + 1) (\(PlotStyle.legendName(train.classNames[j], text: target.text)))" : "output \(j + 1)"
            layers.append("$fit using 1:\(j + 2) with lines ls \(j + 1) lw 3 title \(GnuplotQuoting.quoted(name))")
            layers += PlotMarkers.regressionPoints(&script, train: train, test: test, output: j,
                                                   suffix: outputs == 1 ? "" : ", target \(j + 1)", target: target)
        }
        try script.add("plot " + layers.joined(separator: ", "))
        return script
    }
}

/// The network over its raw input space: the samples it is drawn with, its
/// outputs at chosen raw inputs, and the ranges the axes cover.
enum InputSpace {
    /// The network and the raw training and test samples (nil when there are
    /// none) of a plot over `inputs` raw inputs; `refusal(data, network)`
    /// words the error when the data or the network has another count.
    static func rawSamples(_ input: PlotInput, inputs: Int, refusal: (Int, Int) -> String) throws -> (Network, Dataset, Dataset?) {
        let (network, data) = try input.networkAndData()
        let train = data.rawTrain, test = data.rawTest.flatMap { $0.isEmpty ? nil : $0 }
        guard train.inputs.columns == inputs, network.inputMapping.rawInputs == inputs else {
            throw LabError(refusal(train.inputs.columns, network.inputMapping.rawInputs))
        }
        return (network, train, test)
    }

    /// The network's outputs at `count` raw inputs (`raw(r)` gives row r).
    static func evaluate(_ network: Network, count: Int, input: PlotInput, raw: (Int) -> [Double]) throws -> Matrix {
        try activations(network, layers: [network.depth], count: count, input: input, raw: raw)[0]
    }

    /// The activations of each of `layers` at `count` raw inputs (`raw(r)`
    /// gives row r), mapped as the network maps inputs (features, scaling),
    /// in forward-only passes of a chunk of rows at a time; Ctrl-C
    /// (`input.shouldStop`) stops between chunks.
    static func activations(_ network: Network, layers: [Int], count: Int, input: PlotInput, raw: (Int) -> [Double]) throws -> [Matrix] {
        let chunk = Metrics.chunkRows(network)
        let pass = Propagation(shapeOf: network, capacity: min(count, chunk), forwardOnly: true)
        var out = layers.map { Matrix(rows: count, columns: network.width(ofLayer: $0)) }
        var mapped = [Double](repeating: 0, count: min(count, chunk) * network.inputSize)
        var start = 0
        while start < count {
            if input.shouldStop() { throw LabError.stopped }
            let rows = min(chunk, count - start)
            for k in 0..<rows {
                let x = network.inputMapping.apply(raw(start + k))
                for c in 0..<network.inputSize { mapped[k * network.inputSize + c] = x[c] }
            }
            mapped.withUnsafeBufferPointer { pass.forward(network, inputs: $0.baseAddress!, count: rows) }
            for (m, l) in layers.enumerated() {
                for k in 0..<rows { for j in 0..<out[m].columns { out[m][start + k, j] = pass.a(layer: l, sample: k, neuron: j) } }
            }
            start += rows
        }
        return out
    }

    /// The range of the first `columns` inputs over the data sets, widened
    /// by `margin` of its width on each side (at least 0.1).
    static func extent(of sets: [Dataset], columns: Int, margin: Double) -> (lo: [Double], hi: [Double]) {
        var lo = Array(repeating: Double.infinity, count: columns), hi = Array(repeating: -Double.infinity, count: columns)
        for set in sets { for r in 0..<set.count { for c in 0..<columns {
            let v = set.inputs[r, c]
            guard v.isFinite else { continue }
            lo[c] = min(lo[c], v); hi[c] = max(hi[c], v)
        } } }
        for c in 0..<columns {
            if lo[c] > hi[c] { lo[c] = -1; hi[c] = 1 }
            let pad = max((hi[c] - lo[c]) * margin, 0.1)
            lo[c] -= pad; hi[c] += pad
        }
        return (lo, hi)
    }

    /// Smallest and largest finite value (0, 1 when there is none; widened when equal).
    static func span(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return (0, 1) }
        if low == high { low -= 0.5; high += 0.5 }
        return (low, high)
    }
}
