import Foundation
import BackpropCore
@testable import Lab
import TestSupport

/// The networks and samples of DerivativeTests, run through a real Session:
/// `grad` and `paths` are asked as a user asks them, and their text checked
/// against the numbers of the core's own passes.
enum DerivativeText {

    /// Numbers as the session prints them by default (6 significant digits).
    static func format(_ value: Double) -> String { Format.number(value) }

    /// A session holding `network` and the samples `x` → `e` as its training data.
    static func session(_ network: Network, _ x: Matrix, _ e: Matrix) throws -> SessionHarness {
        let harness = SessionHarness()
        harness.session.state.network = network
        harness.session.state.data = try LabData(all: Dataset(inputs: x, targets: e), source: "test")
        return harness
    }



    /// One sample's forward and backward pass (n = 1, the chain rule's own numbers).
    static func pass(_ network: Network, _ x: Matrix, _ e: Matrix, sample: Int = 0) -> Propagation {
        let pass = Propagation(shapeOf: network, capacity: 1)
        pass.forward(network, inputs: x.rows([sample]), targets: e.rows([sample]))
        pass.backward(network)
        return pass
    }

    /// The number a name such as `d2[1]` is shown to equal: the value after
    /// the last " = " of its block (its line and the indented lines after it),
    /// ignoring a trailing "   (note)".
    static func shownValue(_ name: String, in lines: [String]) -> Double? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + " = ") }) else { return nil }
        var end = start
        while end + 1 < lines.count && lines[end + 1].hasPrefix("    ") { end += 1 }
        var last = lines[end]
        if let note = last.range(of: "   (") { last = String(last[..<note.lowerBound]) }
        guard let eq = last.range(of: " = ", options: .backwards) else { return nil }
        return Double(last[eq.upperBound...].trimmingCharacters(in: .whitespaces))
    }
}
