import BackpropCore
import Foundation
import Gnuplot

/// The plot kinds: each turns session state into a gnuplot script (no
/// terminal or output: `PlotCommands` adds those).
enum PlotKind: String, CaseIterable {
    case loss, boundary, data, grads, weights, activation, landscape

    /// Whether the script draws with characters (dumb) or pixels.
    struct Target {
        var text: Bool
    }
}

extension Session {
    /// Builds the script of `kind` with its arguments (after the kind word).
    func plotScript(_ kind: PlotKind, _ args: Arguments, from index: Int, target: PlotKind.Target) throws -> GnuplotScript {
        var script = GnuplotScript()
        switch kind {
        case .loss:
            try args.expectAtMost(index, usage: "plot loss [log=yes]")
            try addLoss(&script, history: state.trainingHistory, log: try args.flag("log", default: false), target: target)
        case .data:
            try args.expectAtMost(index, usage: "plot data")
            let data = try requireData()
            try addScatter(&script, data: data.rawTrain, title: "Data: \(data.source)", target: target)
        case .boundary:
            try args.expectAtMost(index, usage: "plot boundary [res=N]")
            try addBoundary(&script, resolution: try args.int("res", default: target.text ? 60 : 200, in: 10...1000), target: target)
        case .grads:
            try args.expectAtMost(index, usage: "plot grads")
            let history = state.trainingHistory.filter { !$0.gradientNorms.isEmpty }
            guard let first = history.first else { throw LabError("no training yet: `train` first, then `plot grads`") }
            let layers = first.gradientNorms.count
            script.addData("norms", rows: history.map { [Double($0.epoch)] + $0.gradientNorms.map { max($0, 1e-300) } })
            PlotStyle.preamble(title: "Gradient norm per layer", xlabel: "epoch", ylabel: "‖dE/dW‖ (mean over the epoch)", text: target.text).forEach { script.add($0) }
            script.add("set logscale y")
            script.add("set format y '%.0e'")
            let shown = layers <= 8 ? Array(0..<layers) : [0, 1, layers / 4, layers / 2, 3 * layers / 4, layers - 2, layers - 1]
            script.add("plot " + shown.enumerated().map { "$norms using 1:\($1 + 2) with lines ls \($0 + 1) title 'layer \($1 + 1)'" }.joined(separator: ", "))
        case .weights:
            try args.expectAtMost(index + 1, usage: "plot weights L")
            let network = try requireNetwork()
            let l = try args.int(at: index, name: "layer", default: 1, in: 1...network.depth)
            try addWeights(&script, network: network, layer: l, target: target)
        case .activation:
            try args.expectAtMost(index + 1, usage: "plot activation NAME")
            guard index < args.words.count else { throw LabError("missing activation name (\(NetworkCommands.activationNames.joined(separator: ", ")))") }
            let activation = try NetworkCommands.parseActivation(args.words[index])
            guard activation.isElementwise else { throw LabError("softmax couples its outputs; plot an element-wise activation") }
            let zs = (0...200).map { -5 + Double($0) * 0.05 }
            script.addData("f", rows: zs.map { z in let a = activation.value(z); return [z, a, activation.derivative(z: z, a: a)] })
            PlotStyle.preamble(title: "\(activation.rawValue): \(activation.formula)", xlabel: "z", ylabel: "", text: target.text).forEach { script.add($0) }
            script.add("set key top left")
            script.add("plot $f using 1:2 with lines ls 1 title 'f(z)', $f using 1:3 with lines ls 2 title \"f'(z)\"")
        case .landscape:
            try args.expectAtMost(index + 1, usage: "plot landscape PARAM [range=R]")
            try addLandscape(&script, args, index: index, target: target)
        }
        return script
    }

    /// Train and test loss per epoch.
    func addLoss(_ script: inout GnuplotScript, history: [EpochRecord], log: Bool, target: PlotKind.Target) throws {
        guard !history.isEmpty else { throw LabError("no training yet: `train` first, then `plot loss`") }
        script.addData("train", rows: history.map { [Double($0.epoch), $0.trainLoss] })
        let test = history.compactMap { r in r.testLoss.map { [Double(r.epoch), $0] } }
        if !test.isEmpty { script.addData("test", rows: test) }
        let loss = state.network?.loss.rawValue ?? "loss"
        PlotStyle.preamble(title: "Loss during training", xlabel: "epoch", ylabel: "loss (\(loss))", text: target.text).forEach { script.add($0) }
        if log { script.add("set logscale y") }
        script.add("plot $train using 1:2 with lines ls 1 title 'train'" + (test.isEmpty ? "" : ", $test using 1:2 with lines ls 2 title 'test'"))
    }

    private func addScatter(_ script: inout GnuplotScript, data: Dataset, title: String, target: PlotKind.Target) throws {
        if data.inputs.columns == 1 && data.targets.columns == 1 && !Metrics.isClassification(targets: data.targets) {
            script.addData("points", rows: (0..<data.count).map { [data.inputs[$0, 0], data.targets[$0, 0]] })
            PlotStyle.preamble(title: title, xlabel: data.featureNames[0], ylabel: "target", text: target.text).forEach { script.add($0) }
            script.add("plot $points using 1:2 with points ls 1 title 'samples'")
            return
        }
        guard data.inputs.columns == 2 else {
            throw LabError("plot data and boundary need 2 inputs; this data has \(data.inputs.columns) (try `features` or a 2-D set)")
        }
        PlotStyle.preamble(title: title, xlabel: data.featureNames[0], ylabel: data.featureNames[1], text: target.text).forEach { script.add($0) }
        script.add(pointsPlot(data, prefix: "plot ", target: target))
        addClassBlocks(&script, data: data)
    }

    /// One datablock per class, so each gets its colour and legend entry.
    private func classes(of data: Dataset) -> [(name: String, rows: [Int])] {
        let count = data.targets.columns == 1 ? 2 : data.targets.columns
        var members = Array(repeating: [Int](), count: count)
        for r in 0..<data.count {
            let k = data.targets.columns == 1 ? (data.targets[r, 0] >= 0.5 ? 1 : 0) : argmax(data.targets.row(r))
            members[k].append(r)
        }
        return members.enumerated().map { (k, rows) in
            (k < data.classNames.count ? data.classNames[k] : "class \(k)", rows)
        }.filter { !$0.rows.isEmpty }
    }

    private func addClassBlocks(_ script: inout GnuplotScript, data: Dataset) {
        for (k, group) in classes(of: data).enumerated() {
            script.addData("class\(k)", rows: group.rows.map { [data.inputs[$0, 0], data.inputs[$0, 1]] })
        }
    }

    private func pointsPlot(_ data: Dataset, prefix: String, target: PlotKind.Target) -> String {
        let symbols = ["o", "x", "+", "*", "#", "@", "%", "&"]
        return prefix + classes(of: data).enumerated().map { (k, group) in
            target.text
                ? "$class\(k) using 1:2:('\(symbols[k % symbols.count])') with labels textcolor rgb '\(PlotStyle.color(k))' title \(GnuplotQuoting.quoted(group.name))"
                : "$class\(k) using 1:2 with points pt 7 ps 0.7 lc rgb '\(PlotStyle.color(k))' title \(GnuplotQuoting.quoted(group.name))"
        }.joined(separator: ", ")
    }

    private func addBoundary(_ script: inout GnuplotScript, resolution n: Int, target: PlotKind.Target) throws {
        let (network, data) = try requireNetworkAndData()
        guard data.rawTrain.inputs.columns == 2, network.inputMapping.rawInputs == 2 else {
            throw LabError("plot boundary needs 2 raw inputs; this data has \(data.rawTrain.inputs.columns) and the network takes \(network.inputMapping.rawInputs)")
        }
        let raw = data.rawTrain
        let x = raw.inputs
        var lo = [Double.infinity, .infinity], hi = [-Double.infinity, -.infinity]
        for r in 0..<x.rows { for c in 0..<2 { lo[c] = min(lo[c], x[r, c]); hi[c] = max(hi[c], x[r, c]) } }
        for c in 0..<2 {
            let margin = max((hi[c] - lo[c]) * 0.1, 0.1)
            lo[c] -= margin
            hi[c] += margin
        }
        // The network's output on an n × n grid of the raw input plane, mapped
        // as the network maps inputs (features, scaling), in one batched forward pass.
        var grid = Matrix(rows: n * n, columns: 2)
        var mapped = Matrix(rows: n * n, columns: network.inputSize)
        for i in 0..<n { for j in 0..<n {
            let r = i * n + j
            grid[r, 0] = lo[0] + (hi[0] - lo[0]) * Double(j) / Double(n - 1)
            grid[r, 1] = lo[1] + (hi[1] - lo[1]) * Double(i) / Double(n - 1)
            let input = network.inputMapping.apply([grid[r, 0], grid[r, 1]])
            for c in 0..<network.inputSize { mapped[r, c] = input[c] }
        } }
        let pass = Propagation(shapeOf: network, capacity: n * n)
        pass.forward(network, inputs: mapped, targets: nil)
        let out = pass.outputs
        let multiClass = network.outputSize > 1
        func value(_ r: Int) -> Double { multiClass ? Double(argmax(out.row(r))) : out[r, 0] }
        let title = multiClass ? "Decision regions (argmax of \(network.outputSize) outputs)" : "Network output and decision boundary (0.5)"
        PlotStyle.preamble(title: title, xlabel: raw.featureNames[0], ylabel: raw.featureNames[1], text: target.text).forEach { script.add($0) }
        script.add("set xrange [\(lo[0]):\(hi[0])]")
        script.add("set yrange [\(lo[1]):\(hi[1])]")
        script.add("set key outside right top")
        addClassBlocks(&script, data: raw)
        if target.text {
            // Characters shade the output; the data's class symbols go on top.
            let step = max(1, n / 40)
            var rows: [[Double]] = []
            for i in stride(from: 0, to: n, by: step) { for j in stride(from: 0, to: n, by: step) {
                let r = i * n + j
                rows.append([grid[r, 0], grid[r, 1], value(r)])
            } }
            script.addData("shade", rows: rows)
            let levels = multiClass ? Double(network.outputSize - 1) : 1
            script.add("shade(v) = substr(' .:-=+*#', int(v / \(max(levels, 1)) * 7.999) + 1, int(v / \(max(levels, 1)) * 7.999) + 1)")
            script.add(pointsPlot(raw, prefix: "plot $shade using 1:2:(shade($3)) with labels notitle, ", target: target))
        } else {
            var rows: [[Double]] = []
            for i in 0..<n {
                for j in 0..<n { rows.append([grid[i * n + j, 0], grid[i * n + j, 1], value(i * n + j)]) }
                rows.append([])  // a blank line between scan lines makes it a grid for the contour
            }
            script.addData("grid", rows: rows)
            if multiClass {
                let k = network.outputSize
                // Regions in light tints of the class colours; points in full colour on top.
                script.add("set palette maxcolors \(k)")
                script.add("set palette defined (" + (0..<k).map { "\($0) '\(PlotStyle.tint($0))'" }.joined(separator: ", ") + ")")
                script.add("set cbrange [-0.5:\(Double(k) - 0.5)]")
                script.add("unset colorbox")
                script.add(pointsPlot(raw, prefix: "plot $grid using 1:2:3 with image pixels notitle, ", target: target))
            } else {
                script.add(PlotStyle.outputPalette)
                script.add("set cbrange [0:1]")
                script.add("set cblabel 'network output'")
                // The 0.5 contour, traced by gnuplot into a datablock, is the decision boundary.
                script.add("set contour base; set cntrparam levels discrete 0.5; unset surface; set view map")
                script.add("set table $contour")
                script.add("splot $grid using 1:2:3 with lines notitle")
                script.add("unset table; unset contour; set surface")
                script.add(pointsPlot(raw, prefix: "plot $grid using 1:2:3 with image notitle, $contour using 1:2 with lines lw 2 lc rgb '#202020' title 'output = 0.5', ", target: target))
            }
        }
    }

    private func addWeights(_ script: inout GnuplotScript, network: Network, layer l: Int, target: PlotKind.Target) throws {
        let shape = network.layers[l - 1]
        let w = network.weights(l - 1)
        let largest = max(w.storage.map(abs).max() ?? 1, 1e-12)
        var rows: [[Double]] = []
        for i in 0..<shape.inputs { for j in 0..<shape.outputs { rows.append([Double(j + 1), Double(i + 1), w[i, j]]) } }
        script.addData("w", rows: rows)
        PlotStyle.preamble(title: "Weights W\(l) (w\(l)[i,j]: from neuron i of layer \(l - 1) to neuron j of layer \(l))",
                           xlabel: "j (layer \(l))", ylabel: "i (layer \(l - 1))", text: target.text).forEach { script.add($0) }
        script.add("set xrange [0.5:\(Double(shape.outputs) + 0.5)]")
        script.add("set yrange [\(Double(shape.inputs) + 0.5):0.5]")
        script.add("unset key")
        if target.text {
            script.add("shade(v) = substr(' .:-=+*#%@', int(abs(v) / \(largest) * 9.999) + 1, int(abs(v) / \(largest) * 9.999) + 1)")
            script.add("plot $w using 1:2:(shade($3)) with labels")
        } else {
            script.add(PlotStyle.weightPalette)
            script.add("set cbrange [-\(largest):\(largest)]")
            script.add("set cblabel 'weight'")
            script.add("plot $w using 1:2:3 with image")
        }
    }

    private func addLandscape(_ script: inout GnuplotScript, _ args: Arguments, index: Int, target: PlotKind.Target) throws {
        let (network, data) = try requireNetworkAndData()
        guard index < args.words.count else { throw LabError("missing parameter: e.g. plot landscape w1[1,1]") }
        let word = args.words[index]
        let reference: ParameterReference
        do { reference = try ParameterReference(parsing: word.text, in: network) } catch {
            throw LabError("column \(word.column): \(error.userMessage)")
        }
        switch reference {
        case .weight, .bias: break
        default: throw LabError("column \(word.column): landscape needs one weight or bias, like w1[1,1] or b2[1]")
        }
        try addLandscapeCurve(&script, args, network: network, data: data, reference: reference, target: target)
    }

    private func addLandscapeCurve(_ script: inout GnuplotScript, _ args: Arguments, network: Network, data: LabData,
                                   reference: ParameterReference, target: PlotKind.Target) throws {
        let k = reference.parameterIndices(in: network)[0]
        let current = network.parameters[k]
        let range = try args.double("range", default: max(2, 2 * abs(current)), in: 1e-9...1e6)
        let pass = Propagation(shapeOf: network, capacity: data.train.count)
        var probe = network
        func loss(_ v: Double) -> Double {
            probe.parameters[k] = v
            pass.forward(probe, inputs: data.train.inputs, targets: data.train.targets)
            return pass.loss
        }
        let points = (0...200).map { current - range + 2 * range * Double($0) / 200 }
        let curve = points.map { [$0, loss($0)] }
        let e0 = loss(current)
        probe.parameters[k] = current
        pass.forward(probe, inputs: data.train.inputs, targets: data.train.targets)
        pass.backward(probe, inputGradient: false)
        let slope = pass.gradients[k]
        let half = range / 2
        script.addData("curve", rows: curve)
        script.addData("tangent", rows: [[current - half, e0 - slope * half], [current + half, e0 + slope * half]])
        script.addData("here", rows: [[current, e0]])
        PlotStyle.preamble(title: "E as a function of \(reference), all else held", xlabel: "\(reference)", ylabel: "E (\(network.loss.rawValue))", text: target.text).forEach { script.add($0) }
        script.add("plot $curve using 1:2 with lines ls 1 title 'E', $tangent using 1:2 with lines ls 2 dt 2 title \(GnuplotQuoting.quoted("slope dE/d\(reference) = \(format(slope))")), $here using 1:2 with points pt 7 ps 1.5 lc rgb '#000000' title \(GnuplotQuoting.quoted("now: \(format(current))"))")
    }
}
