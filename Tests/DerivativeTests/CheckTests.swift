import Testing
import BackpropCore

/// `check`: smooth networks pass in every layer; a relu sitting exactly on
/// its kink (where backprop takes relu'(0) = 0 but a central difference sees
/// slope ½) is flagged in its own layer only.
@Suite struct CheckTests {
    @Test(arguments: ExplanationTests.combos.filter { $0.hidden != .leakyRelu })
    func smoothNetworksPass(_ c: ExplanationTests.Combo) throws {
        let network = try Support.network(c.widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: 31)
        let (x, e) = Support.batch(rows: 5, for: network, seed: 32)
        let check = GradientCheck(network: network, inputs: x, targets: e)
        #expect(check.epsilon == 1e-6)
        #expect(check.layers.map(\.layer) == Array(1...network.depth))
        for layer in check.layers {
            #expect(!layer.isFlagged, "\(c) layer \(layer.layer): \(layer.worstRelativeError) at \(layer.worstParameter)")
        }
    }

    @Test func reluKinkIsFlagged() throws {
        var network = try Network(inputSize: 1, layers: [(1, .relu), (1, .linear)], loss: .mse)
        // z1 = 1·0.5 − 0.5 = 0 exactly; out = a1; E = ½(a1 − 1)².
        network.parameters = [0.5, -0.5, 1, 0]
        let check = GradientCheck(network: network, inputs: try Matrix([[1]]), targets: try Matrix([[1]]))
        #expect(check.layers[0].isFlagged)
        #expect(check.layers[0].worstParameter == "w1[1,1]")
        #expect(check.layers[0].gradient == 0)
        #expect(abs(check.layers[0].estimate - -0.5) < 1e-5)
        #expect(!check.layers[1].isFlagged)
    }
}
