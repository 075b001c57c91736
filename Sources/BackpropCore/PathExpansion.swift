/// `paths PARAM`: the chain rule as a sum over paths.
///
/// A weight w_l[i,j] reaches the loss through every sequence of neurons
/// j = k_l, k_{l+1}, …, k_L of the later layers. Along one path the local
/// derivatives multiply:
///
///     a_{l−1}[i] · f'(z_l[k_l]) · w_{l+1}[k_l,k_{l+1}] · f'(z_{l+1}[k_{l+1}]) · … · dE/dz_L[k_L]
///
/// and dE/dw is the sum over all paths. The last factor is the output delta
/// dE/dz_L[k] — for element-wise outputs written as f'(z_L[k]) · dE/do[k];
/// for softmax outputs it already sums over the coupled outputs, which keeps
/// the path sum exact. There are Π_{m>l} n_m paths: backprop computes the same
/// sum by factoring it layer by layer, which is why it is cheap.
public struct PathExpansion {
    public static let defaultLimit = 1000

    public let count: LargeCount
    public let sum: Double
    public let lines: [String]

    /// Lists the paths of `reference` for one sample; throws past `limit` paths.
    public init(network: Network, reference: ParameterReference, input: [Double], target: [Double],
                limit: Int = defaultLimit, format: (Double) -> String) throws {
        try reference.requireSingleValue()
        count = CostModel.pathCount(reference, in: network)
        guard let exact = count.exactValue, exact <= limit else {
            let cost = CostModel(network)
            throw CoreError.invalidSize("\(reference) has \(count) paths to the loss (more than limit=\(limit)); "
                + "one backward pass computes every gradient with \(cost.backprop) multiply-adds instead (see `cost`)")
        }
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: Matrix(rows: 1, columns: input.count, storage: input),
                     targets: Matrix(rows: 1, columns: target.count, storage: target))
        pass.backward(network)
        let depth = network.depth
        let fused = network.loss.hasClosedFormDelta(network.layers[depth - 1].activation)
            || network.layers[depth - 1].activation == .softmax

        // The first factor and the layer where the free neurons start.
        var head: [(name: String, value: Double)] = []
        let start: Int
        var first: Int? = nil
        switch reference {
        case let .weight(l, i, j):
            head = [("a\(l - 1)[\(i + 1)]", pass.a(layer: l - 1, sample: 0, neuron: i))]
            start = l
            first = j
        case let .bias(l, j):
            start = l
            first = j
        case .input:
            start = 1
        default:
            start = 1
        }
        let widths = (0...depth).map { network.width(ofLayer: $0) }
        var choice = (start...depth).map { _ in 0 }
        if let first { choice[0] = first }
        let free = first == nil ? Array(0..<choice.count) : Array(1..<choice.count)
        var text: [String] = []
        var total = 0.0
        var remaining = exact
        while remaining > 0 {
            var factors = head
            if case let .input(i) = reference {
                factors.append(("w1[\(i + 1),\(choice[0] + 1)]", network.weight(0, from: i, to: choice[0])))
            }
            for (offset, l) in (start...depth).enumerated() {
                let k = choice[offset]
                let z = pass.z(layer: l, sample: 0, neuron: k), a = pass.a(layer: l, sample: 0, neuron: k)
                if l < depth {
                    factors.append(("f'(z\(l)[\(k + 1)])", network.layers[l - 1].activation.derivative(z: z, a: a)))
                    let next = choice[offset + 1]
                    factors.append(("w\(l + 1)[\(k + 1),\(next + 1)]", network.weight(l, from: k, to: next)))
                } else if fused {
                    factors.append(("dE/dz\(l)[\(k + 1)]", pass.delta(layer: l, sample: 0, neuron: k)))
                } else {
                    factors.append(("f'(z\(l)[\(k + 1)])", network.layers[l - 1].activation.derivative(z: z, a: a)))
                    factors.append(("dE/do[\(k + 1)]", a - target[k]))
                }
            }
            let product = factors.reduce(1.0) { $0 * $1.value }
            total += product
            let route = (start...depth).enumerated().map { "z\($1)[\(choice[$0] + 1)]" }.joined(separator: " → ")
            text.append("\(reference) → \(route) → E:")
            text.append("    " + factors.map(\.name).joined(separator: "·"))
            text.append("    = " + factors.map { $0.value < 0 ? "(\(format($0.value)))" : format($0.value) }.joined(separator: " · ")
                        + " = \(format(product))")
            remaining -= 1
            // Next path: advance the free neurons like an odometer, last layer fastest.
            for position in free.reversed() {
                choice[position] += 1
                if choice[position] < widths[start + position] { break }
                choice[position] = 0
            }
        }
        sum = total
        let backprop = GradientExplanation.read(reference, from: pass, network: network, sample: 0)
        text.insert("\(reference): \(count) path\(exact == 1 ? "" : "s") to the loss (the product of the later layers' widths)", at: 0)
        text.append("sum over \(count) path\(exact == 1 ? "" : "s") = \(format(total)); backprop (grad) = \(format(backprop)); difference \(FiniteDifference.describe(abs(total - backprop)))")
        lines = text
    }
}
