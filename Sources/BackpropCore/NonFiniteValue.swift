/// A NaN or infinity where a derivative was to be checked or explained, and
/// where it first appears. Such a number is never "small" or "within noise":
/// `grad`, `check` and `paths` stop with it, naming the first place it shows
/// up in the order the numbers are computed, which is where to look.
public struct NonFiniteValue: Error, Equatable, Sendable {
    public enum Site: Equatable, Sendable {
        /// A weight or bias is itself not finite.
        case parameter(ParameterReference)
        /// z_l[j] of a sample (0-based sample and neuron).
        case netInput(layer: Int, neuron: Int, sample: Int)
        /// a_l[j] = f(z_l[j]) of a sample.
        case activation(layer: Int, neuron: Int, sample: Int)
        /// E itself, with every output finite (an overflow of the loss).
        case loss
        /// The l1/l2 penalty term of E.
        case penalty
        /// d_l[j] of a sample, in the backward pass.
        case delta(layer: Int, neuron: Int, sample: Int)
        /// A gradient, with every delta finite (an overflow of a·d).
        case gradient(ParameterReference)
        /// E with `reference` shifted by `shift` (the finite difference's
        /// E(θ ± ε)), while E at θ is finite.
        case difference(ParameterReference, shift: Double)
    }

    public let site: Site
    public let value: Double
}

extension Propagation {
    /// The first non-finite number of the last pass, in the order they were
    /// computed: the parameters, z and a layer by layer, E, then (after a
    /// backward pass) the deltas from the output back, then the gradients.
    public func firstNonFinite(in network: Network, backward: Bool) -> NonFiniteValue? {
        if let k = network.parameters.firstIndex(where: { !$0.isFinite }) {
            return NonFiniteValue(site: .parameter(ParameterReference(index: k, in: network)), value: network.parameters[k])
        }
        for l in 1..<layerWidths.count {
            if let bad = first(layer: l, { self.z(layer: l, sample: $0, neuron: $1) }) {
                return NonFiniteValue(site: .netInput(layer: l, neuron: bad.neuron, sample: bad.sample), value: bad.value)
            }
            if let bad = first(layer: l, { self.a(layer: l, sample: $0, neuron: $1) }) {
                return NonFiniteValue(site: .activation(layer: l, neuron: bad.neuron, sample: bad.sample), value: bad.value)
            }
        }
        if !loss.isFinite { return NonFiniteValue(site: .loss, value: loss) }
        guard backward else { return nil }
        for l in stride(from: layerWidths.count - 1, through: 1, by: -1) {
            if let bad = first(layer: l, { self.delta(layer: l, sample: $0, neuron: $1) }) {
                return NonFiniteValue(site: .delta(layer: l, neuron: bad.neuron, sample: bad.sample), value: bad.value)
            }
        }
        if let k = gradients.firstIndex(where: { !$0.isFinite }) {
            return NonFiniteValue(site: .gradient(ParameterReference(index: k, in: network)), value: gradients[k])
        }
        return nil
    }

    /// The first non-finite value of one of layer `l`'s buffers, by sample, then neuron.
    private func first(layer l: Int, _ read: (Int, Int) -> Double) -> (sample: Int, neuron: Int, value: Double)? {
        for r in 0..<rows {
            for j in 0..<layerWidths[l] {
                let value = read(r, j)
                if !value.isFinite { return (r, j, value) }
            }
        }
        return nil
    }
}

extension Penalty {
    /// Throws when the penalty term of E is not finite.
    func requireFinite(_ value: Double) throws {
        guard value.isFinite else { throw NonFiniteValue(site: .penalty, value: value) }
    }
}
