import Foundation
import Testing
import BackpropCore
@testable import Lab
import TestSupport

/// `paths PARAM` as the user reads it: one block per path whose numbers
/// multiply to its product, the count in the heading, the softmax paths
/// ending in dE/dz, and refusals that say what to do instead.
@Suite struct PathTextTests {
    static let combos: [Combo] = [
        .init(widths: [2, 3, 2], hidden: .sigmoid, output: .sigmoid, loss: .mse),
        .init(widths: [3, 2, 3, 2], hidden: .tanh, output: .linear, loss: .mse),
        .init(widths: [2, 3, 3], hidden: .sigmoid, output: .sigmoid, loss: .bce),
        .init(widths: [3, 4, 3], hidden: .tanh, output: .softmax, loss: .ce),
        .init(widths: [2, 2, 3, 3], hidden: .leakyRelu, output: .softmax, loss: .ce),
        .init(widths: [3, 3, 3], hidden: .sigmoid, output: .softmax, loss: .mse),
    ]

    @Test(arguments: combos)
    func everyPathIsListedWithItsProduct(_ c: Combo) throws {
        let network = try Support.network(c, seed: 5)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 6)
        let harness = try DerivativeText.session(network, x, e)
        for reference in Support.references(network) {
            let later: ArraySlice<Int>
            switch reference {
            case .input: later = c.widths.dropFirst()
            case .weight(let l, _, _), .bias(let l, _): later = c.widths.dropFirst(l + 1)
            default:
                Issue.record("unexpected \(reference)")
                continue
            }
            let paths = later.reduce(1, *)
            let lines = harness.run("paths \(reference) limit=100")
            #expect(lines.first == "paths for sample 1:")
            #expect(lines.filter { $0.hasSuffix("→ E:") }.count == paths, "\(c) \(reference)")
            #expect(lines.dropFirst().first == "\(reference): \(paths) path\(paths == 1 ? "" : "s") to the loss (the product of the later layers' widths)")
            // Each path's product is the product of the factors it lists.
            for line in lines where line.hasPrefix("    = ") {
                let parts = line.dropFirst(6).components(separatedBy: " = ")
                let factors = parts[0].components(separatedBy: " · ").map { Double($0.trimmingCharacters(in: ["(", ")"]))! }
                let product = Double(parts[1])!
                let multiplied = factors.reduce(1, *)
                // Each factor is shown to 6 digits (±5e-6 relative each).
                #expect(abs(multiplied - product) <= 5e-6 * Double(factors.count + 1) * abs(product) + 1e-300, "\(line)")
            }
        }
    }

    /// A softmax output couples its outputs: each path's last factor is the
    /// output delta, named as the derivative dE/dz_L[k] it is.
    @Test func softmaxPathsEndInTheOutputDelta() throws {
        let network = try Support.network([2, 2, 3], hidden: .tanh, output: .softmax, loss: .ce, seed: 8)
        let (x, e) = Support.batch(rows: 1, for: network, seed: 8)
        let lines = try DerivativeText.session(network, x, e).run("paths w1[2,1]")
        #expect(lines.filter { $0.hasSuffix("·dE/dz2[1]") || $0.hasSuffix("·dE/dz2[2]") || $0.hasSuffix("·dE/dz2[3]") }.count == 3)
    }

    /// limit=N lists the N largest and sums up the rest; past what bplab walks,
    /// the refusal gives the count and the cost of one backward pass instead.
    @Test func limitSumsTheRestAndRefusalStatesTheCountAndTheBackpropCost() throws {
        let small = try Support.network([2, 3, 3, 2], hidden: .tanh, output: .sigmoid, loss: .mse, seed: 1)
        let harness = try DerivativeText.session(small, try Matrix([[0.1, 0.2]]), try Matrix([[0, 1]]))
        let two = harness.run("paths x[1] limit=2")
        #expect(two[1] == "x[1]: 18 paths to the loss (the product of the later layers' widths); the 2 largest:")
        #expect(two.filter { $0.hasSuffix("→ E:") }.count == 2)
        #expect(two.contains { $0.hasPrefix("the other 16 paths: together ") })
        let sum = try #require(two.last)
        #expect(sum.hasPrefix("sum over 18 paths = -0.0070492; backprop (grad) = -0.0070492; difference "), "\(sum)")

        let (deep, x, e) = try Support.deepNetwork()
        #expect(try DerivativeText.session(deep, x, e).run("paths w1[1,1]")
                == ["error: paths: w1[1,1] has 1e+118 paths to the loss, more than bplab walks (1,000,000); "
                    + "one backward pass computes every gradient with 75,824 multiply-adds instead (see `cost`)"])
    }

    /// paths takes one value; a whole layer, or all the inputs, is refused
    /// with a name of one value of that kind. (grad prints a whole layer's
    /// gradient matrix instead, so its explanation's refusal is read directly.)
    @Test(arguments: [
        ("x", "x names all the inputs: ask for one, like x[1]"),
        ("w2", "w2 names a whole layer of weights: ask for one, like w2[1,1]"),
        ("b1", "b1 names a whole layer of biases: ask for one, like b1[1]"),
    ])
    func wholeLayersAreRefusedByName(_ name: String, _ message: String) throws {
        var network = try Network(inputSize: 2, layers: [(2, .sigmoid), (2, .sigmoid)], loss: .mse)
        network.parameters = [0.15, 0.25, 0.20, 0.30, 0.35, 0.35, 0.40, 0.50, 0.45, 0.55, 0.60, 0.60]
        let x = try Matrix([[0.05, 0.10]]), e = try Matrix([[0.01, 0.99]])
        #expect(try DerivativeText.session(network, x, e).run("paths \(name)") == ["error: paths: " + message])
        let reference = try ParameterReference(parsing: name, in: network)
        let grad = #expect(throws: CoreError.self) {
            try GradientExplanation(network: network, reference: reference, inputs: x, targets: e)
        }
        #expect(grad?.description == message)
    }
}
