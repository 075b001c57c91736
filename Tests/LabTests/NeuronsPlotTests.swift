import Foundation
import Testing
@testable import Lab
import TestSupport

/// `plot neurons` through the real gnuplot: one picture per neuron, drawn
/// from the activations `forward` computes, the data on the output's.
@Suite(.serialized) struct NeuronsPlotTests {
    static func session(_ setup: [String]) throws -> (SessionHarness, String) {
        let folder = try Support.temporaryDirectory("neurons").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(setup)
        return (harness, folder)
    }

    /// XOR's 2-4-1: five heat maps, the samples only on the output's, and each
    /// grid value the activation `forward` prints for that input.
    @Test func aHeatMapPerNeuronOfTheActivationsForwardComputes() throws {
        let (harness, folder) = try Self.session(["data xor", "net 2 4:tanh 1:sigmoid", "train 200 lr=0.5"])
        #expect(harness.run("export neurons n.gp") == ["exported neurons to n.gp"])
        let script = try String(contentsOfFile: folder + "/n.gp", encoding: .utf8)
        let plots = script.split(separator: "\n").filter { $0.hasPrefix("plot $grid") }
        #expect(plots.count == 5)
        #expect(plots.filter { $0.contains("$train") }.count == 1 && plots.last?.contains("$train") == true)
        // The grid's first row: x, y, a1[1…4], a2[1], as forward computes them at that point.
        let start = try #require(script.range(of: "$grid << EOD\n"))
        let row = script[start.upperBound...].prefix { $0 != "\n" }.split(separator: " ").compactMap { Double($0) }
        #expect(row.count == 7)
        let forward = harness.run("forward \(row[0]) \(row[1])")
        let a1 = try #require(forward.first { $0.hasPrefix("a1") }), a2 = try #require(forward.first { $0.hasPrefix("a2") })
        func values(_ line: String) -> [Double] {
            line.split(separator: "[").last!.split(separator: "]").first!.split(separator: " ").compactMap { Double($0) }
        }
        for (shown, drawn) in zip(values(a1) + values(a2), row.dropFirst(2)) { #expect(abs(shown - drawn) <= 1e-5 * max(1, abs(drawn))) }
        #expect(harness.run("export neurons 1 one.png") == ["exported neurons to one.png"])
    }

    @Test func oneInputDrawsCurvesAndTooManyNeuronsAreRefused() throws {
        let (harness, folder) = try Self.session(["data sine n=40", "net 1 4:tanh 1:linear", "train 20 lr=0.1"])
        harness.run("export neurons s.gp")
        let script = try String(contentsOfFile: folder + "/s.gp", encoding: .utf8)
        #expect(script.split(separator: "\n").filter { $0.hasPrefix("plot $grid") && $0.contains("with lines") }.count == 5)
        harness.run("net 1 40:tanh 1:linear")
        #expect(harness.run("plot neurons").first == "error: plot: plot neurons draws at most 36 neurons and these layers have 41: name one layer, e.g. plot neurons 1")
        #expect(harness.run("plot neurons 3").first?.hasPrefix("error: plot: column 14: layer") == true)
        harness.run(["net 1 4:tanh 1:linear", "set terminal dumb"])
        #expect(harness.run("plot neurons").joined().contains("`export neurons neurons.png`"))
    }
}
