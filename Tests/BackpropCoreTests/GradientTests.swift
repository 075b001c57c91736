import Testing
@testable import BackpropCore
import TestSupport

/// Backprop against central finite differences on random networks: every
/// hidden activation × every valid output activation/loss pair, depths 1–5,
/// odd widths, a batch of several samples, every weight, bias and input.
@Suite struct GradientTests {
    struct Case: CustomStringConvertible, Sendable {
        var hidden: Activation
        var output: Activation
        var loss: Loss
        var depth: Int
        var description: String { "\(hidden.rawValue)→\(output.rawValue)/\(loss.rawValue) depth \(depth)" }
    }

    static let hiddenActivations: [Activation] = [.sigmoid, .tanh, .relu, .leakyRelu, .linear]
    static let outputs: [(Activation, Loss)] = [
        (.sigmoid, .mse), (.tanh, .mse), (.relu, .mse), (.leakyRelu, .mse), (.linear, .mse), (.softmax, .mse),
        (.sigmoid, .bce), (.softmax, .ce),
    ]
    static let cases: [Case] = hiddenActivations.flatMap { hidden in
        outputs.flatMap { output, loss in (1...5).map { Case(hidden: hidden, output: output, loss: loss, depth: $0) } }
    }

    @Test(arguments: cases)
    func backpropMatchesFiniteDifferences(_ c: Case) throws {
        let oddWidths = [1, 3, 5, 7]
        var rng = SplitMix64(seed: UInt64(c.depth * 1000 + c.description.utf8.count))
        var widths = (0...c.depth).map { _ in oddWidths[Int(rng.next() % 4)] }
        if c.output == .softmax || c.loss == .ce { widths[c.depth] = max(widths[c.depth], 3) }
        let network = try Support.network(widths, hidden: c.hidden, output: c.output, loss: c.loss, seed: rng.next())
        let (x, e) = Support.batch(rows: 3, for: network, seed: rng.next())
        let propagation = Propagation(shapeOf: network, capacity: 3)
        propagation.forward(network, inputs: x, targets: e)
        propagation.backward(network)
        // relu and leaky-relu have a kink at z = 0 where the loss is not
        // differentiable; a difference whose stencil crosses one is skipped.
        let pattern = Self.signPattern(network, x)
        var skipped = 0
        for k in network.parameters.indices {
            var plus = network, minus = network
            plus.parameters[k] += 2e-4
            minus.parameters[k] -= 2e-4
            guard Self.signPattern(plus, x) == pattern, Self.signPattern(minus, x) == pattern else {
                skipped += 1
                continue
            }
            let fd = Support.centralDifference(network, parameter: k, x, e)
            try check(propagation.gradients[k], fd, scale: propagation.loss, what: "parameter \(k) of \(c)")
        }
        #expect(skipped * 10 <= network.parameters.count, "\(skipped) of \(network.parameters.count) parameters sit on a kink")
        // Input gradients: dE/dx of the batch loss for each sample's inputs.
        for r in 0..<x.rows {
            for i in 0..<x.columns {
                var plus = x, minus = x
                plus[r, i] += 2e-4
                minus[r, i] -= 2e-4
                guard Self.signPattern(network, plus) == pattern, Self.signPattern(network, minus) == pattern else { continue }
                let fd = Support.fivePoint(1e-4) { offset in
                    var shifted = x
                    shifted[r, i] += offset
                    return Support.loss(network, shifted, e)
                }
                try check(propagation.inputGradient(sample: r, input: i), fd, scale: propagation.loss, what: "x[\(r),\(i)] of \(c)")
            }
        }
    }

    /// Targets need not sum to 1 per sample (multi-label rows, hand-typed
    /// data, an all-zero row). Softmax + ce then has d = (o·Σe − e)/n, not the
    /// textbook (o − e)/n, which holds only when Σe = 1; sigmoid + bce keeps
    /// d = (o − e)/n for any targets. Here the rows sum to 2, 0.6, 0 and 1.
    @Test(arguments: [(Activation.softmax, Loss.ce), (.sigmoid, .bce)])
    func targetsThatDoNotSumToOne(_ output: Activation, _ loss: Loss) throws {
        let network = try Support.network([2, 3, 3], hidden: .tanh, output: output, loss: loss, seed: 5)
        let x = try Matrix([[0.5, -0.2], [0.1, 0.3], [-0.7, 0.9], [0.2, 0.2]])
        let e = try Matrix([[1, 1, 0], [0.3, 0.3, 0], [0, 0, 0], [0.2, 0.5, 0.3]])
        let propagation = Propagation(shapeOf: network, capacity: 4)
        propagation.forward(network, inputs: x, targets: e)
        propagation.backward(network)
        for k in network.parameters.indices {
            let fd = Support.centralDifference(network, parameter: k, x, e)
            try check(propagation.gradients[k], fd, scale: propagation.loss, what: "parameter \(k) of \(output)/\(loss)")
        }
    }

    /// The sign of every net input of every sample: where it changes, a
    /// piecewise-linear activation switched pieces.
    static func signPattern(_ network: Network, _ x: Matrix) -> [Bool] {
        let propagation = Propagation(shapeOf: network, capacity: x.rows)
        propagation.forward(network, inputs: x, targets: nil)
        return (1...network.depth).flatMap { propagation.netInputs(layer: $0).storage.map { $0 > 0 } }
    }

    /// Relative error below 1e-6 where the gradient is not tiny. The
    /// five-point difference carries rounding noise of about 2e-12·E (see
    /// `Support.centralDifference`), so a gradient is "tiny" when 1e-6 of
    /// it is below 1e-11·max(1, E); those must agree to that absolute noise.
    private func check(_ g: Double, _ fd: Double, scale: Double, what: String) throws {
        let noise = 1e-11 * max(1, abs(scale))
        if abs(g) * 1e-6 < noise {
            #expect(abs(g - fd) < noise, "\(what): \(g) vs \(fd)")
        } else {
            #expect(Support.relativeError(g, fd) < 1e-6, "\(what): backprop \(g), finite difference \(fd), E \(scale)")
        }
    }

    /// An independent scalar implementation (no shared code with Propagation)
    /// of a 3-4-2 tanh/sigmoid mse network, one sample.
    @Test func agreesWithAnIndependentScalarImplementation() throws {
        let network = try Support.network([3, 4, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 7)
        let x = [0.3, -0.2, 0.9], e = [0.1, 0.8]
        let w1 = network.weights(0), b1 = network.biases(0), w2 = network.weights(1), b2 = network.biases(1)
        var a1 = [Double](repeating: 0, count: 4), o = [Double](repeating: 0, count: 2)
        for j in 0..<4 {
            var z = b1[j]
            for i in 0..<3 { z += x[i] * w1[i, j] }
            a1[j] = (exp(z) - exp(-z)) / (exp(z) + exp(-z))
        }
        for k in 0..<2 {
            var z = b2[k]
            for j in 0..<4 { z += a1[j] * w2[j, k] }
            o[k] = 1 / (1 + exp(-z))
        }
        let d2 = (0..<2).map { k in (o[k] - e[k]) * o[k] * (1 - o[k]) }
        let d1 = (0..<4).map { j in (1 - a1[j] * a1[j]) * (0..<2).reduce(0.0) { $0 + w2[j, $1] * d2[$1] } }
        let propagation = Propagation(shapeOf: network, capacity: 1)
        propagation.forward(network, inputs: Matrix(rows: 1, columns: 3, storage: x), targets: Matrix(rows: 1, columns: 2, storage: e))
        propagation.backward(network)
        let expectedE = 0.5 * ((o[0] - e[0]) * (o[0] - e[0]) + (o[1] - e[1]) * (o[1] - e[1]))
        #expect(abs(propagation.loss - expectedE) < 1e-15)
        for i in 0..<3 { for j in 0..<4 {
            #expect(abs(propagation.gradients[network.layers[0].weightIndex(from: i, to: j)] - x[i] * d1[j]) < 1e-15)
        } }
        for j in 0..<4 { for k in 0..<2 {
            #expect(abs(propagation.gradients[network.layers[1].weightIndex(from: j, to: k)] - a1[j] * d2[k]) < 1e-15)
        } }
        for k in 0..<2 { #expect(abs(propagation.gradients[network.layers[1].biasIndex(k)] - d2[k]) < 1e-15) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
