import BackpropCore

/// The tables of the derivative commands: a whole layer's gradient, the
/// deltas of each sample, and the check's verdict per layer.
extension CommandContext {
    /// `grad w1`, `grad b2`, `grad x`: every entry of a layer's gradient, of
    /// the same E as `grad w1[1,1]` (data term plus penalty).
    func printGradientMatrix(_ reference: ParameterReference, network: Network, samples: DerivativeSamples,
                             penalty: Penalty) throws {
        let rows = samples.sample.map { [$0] } ?? Array(0..<samples.inputs.rows)
        let pass = Propagation(shapeOf: network, capacity: rows.count)
        pass.forward(network, inputs: samples.inputs.rows(rows), targets: samples.targets.rows(rows))
        pass.backward(network)
        if let bad = pass.firstNonFinite(in: network, backward: true) { throw bad }
        var gradients = pass.gradients
        penalty.addGradient(of: network, to: &gradients)
        let what = (rows.count > 1 ? "mean over \(samples.name)" : samples.name)
            + (penalty.isZero || reference == .inputs ? "" : ", with the penalty term")
        switch reference {
        case .weightLayer(let l):
            let shape = network.layers[l - 1]
            let values = (0..<shape.inputs).map { i in (0..<shape.outputs).map { gradients[shape.weightIndex(from: i, to: $0)] } }
            print("dE/dW\(l) (\(what)): row i = neuron of layer \(l - 1), column j = neuron of layer \(l)")
            printMatrix(values)
        case .biasLayer(let l):
            let shape = network.layers[l - 1]
            print("dE/db\(l) (\(what)) = \(format((0..<shape.outputs).map { gradients[shape.biasIndex($0)] }))")
        default:
            let values = (0..<network.inputSize).map { i in (0..<rows.count).reduce(0.0) { $0 + pass.inputGradient(sample: $1, input: i) } }
            print("dE/dx (\(what)) = \(format(values))")
        }
    }

    /// The table of `check` and what it means: flagged layers, layers that
    /// agree only within the rounding noise, layers too small to check.
    func printCheck(_ check: GradientCheck) {
        let limit = FiniteDifference.describe(GradientCheck.flagThreshold)
        let noise = FiniteDifference.describe(check.noise)
        let rows = check.layers.map { result in
            [result.worstRelativeError.map(FiniteDifference.describe) ?? "below resolution", result.worstParameter,
             format(result.gradient), format(result.estimate),
             result.isFlagged ? "← above \(limit)" : result.isWithinNoise ? "within rounding noise" : ""]
        }
        print(lines: Format.table(rows, header: ["worst rel. error", "at", "backprop", "finite diff.", ""],
                                  rowLabels: check.layers.map { "layer \($0.layer)" }))
        let flagged = check.layers.filter(\.isFlagged).count
        let withinNoise = check.layers.contains(where: \.isWithinNoise)
        let unresolved = check.layers.filter { $0.worstRelativeError == nil }.count
        if flagged > 0 {
            print("\(Format.count(flagged, "layer")) above \(limit) and beyond the difference's rounding noise (about \(noise)): look for relu kinks or a bug")
        } else {
            print("every layer\(unresolved > 0 ? " it can resolve" : "") agrees within \(limit)"
                  + (withinNoise ? ", or within the rounding noise of a difference of E (about \(noise))" : ""))
        }
        if unresolved > 0 {
            print("below resolution: in \(Format.count(unresolved, "layer")) every gradient is under about \(FiniteDifference.describe(check.smallestCheckable)), "
                  + "too small for a difference of E to check; backprop alone sees them")
        }
    }

    /// `delta`: each sample's own deltas (n = 1), the first 10 samples unless one is asked for.
    func printDeltas(_ network: Network, samples: DerivativeSamples, layers: [Int]) {
        let rows = samples.sample.map { [$0] } ?? Array(0..<min(samples.inputs.rows, 10))
        let labels = samples.isForward ? ["forward"] : rows.map { "sample \($0 + 1)" }
        for l in layers {
            let deltas = Self.sampleDeltas(network, inputs: samples.inputs, targets: samples.targets, rows: rows, layer: l)
            print("d\(l) = dE/dz\(l) per sample (each sample's own E, n = 1; grad takes the mean over the samples):")
            print(lines: Format.table(deltas.map { $0.map(format) }, header: (1...network.width(ofLayer: l)).map { "j=\($0)" },
                                      rowLabels: labels))
        }
        if rows.count < samples.inputs.rows && rows.count > 1 {
            print("(first \(rows.count) of \(samples.inputs.rows) samples; sample=K for another)")
        }
    }

    /// The deltas of layer `l` for each of `rows`, each from its own pass (n = 1):
    /// what `delta` and `show d1` print.
    static func sampleDeltas(_ network: Network, inputs: Matrix, targets: Matrix, rows: [Int], layer l: Int) -> [[Double]] {
        let pass = Propagation(shapeOf: network, capacity: 1)
        return rows.map { r in
            pass.forward(network, inputs: inputs.rows([r]), targets: targets.rows([r]))
            pass.backward(network)
            return pass.deltas(layer: l).row(0)
        }
    }
}
