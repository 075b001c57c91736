import Testing
import BackpropCore
import TestSupport

/// `delta`: every layer's d = dE/dz, per sample, against forward mode. A bias
/// enters z_l[j] with slope 1, so dE_r/dz_l[j] = dE_r/db_l[j] for sample r;
/// in a batch of n the stored deltas carry the loss's 1/n.
@Suite struct DeltaTests {
    @Test(arguments: ExplanationTests.combos)
    func deltasAreDerivativesOfTheNetInput(_ c: Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 2024)
        let n = 3
        let (x, e) = Support.batch(rows: n, for: network, seed: 11)
        let pass = Propagation(shapeOf: network, capacity: n)
        pass.forward(network, inputs: x, targets: e)
        pass.backward(network)
        for r in 0..<n {
            for l in 1...network.depth {
                for j in 0..<network.width(ofLayer: l) {
                    let exact = Support.forwardMode(network, x.rows([r]), e.rows([r]), .parameter(network.layers[l - 1].biasIndex(j)))
                    let delta = pass.delta(layer: l, sample: r, neuron: j)
                    #expect(abs(delta * Double(n) - exact) <= 1e-10 * max(abs(exact), 1e-3), "\(c) sample \(r + 1) d\(l)[\(j + 1)]")
                }
            }
        }
    }
}
