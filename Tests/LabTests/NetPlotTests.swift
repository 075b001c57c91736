import Foundation
import Testing
@testable import Lab
import TestSupport

/// `plot net` and `plot paths` through the real gnuplot: the classic 2-2-2
/// example's picture holds the numbers `show weights`, `grad` and `paths`
/// print, and large networks are drawn as summaries.
@Suite(.serialized) struct NetPlotTests {
    /// The well-known worked example: inputs 0.05, 0.10; targets 0.01, 0.99.
    static let classic = ["data 0.05 0.10 -> 0.01 0.99", "net 2 2:sigmoid 2:sigmoid", "set w1 = [[0.15, 0.25], [0.20, 0.30]]",
                          "set b1 = 0.35", "set w2 = [[0.40, 0.50], [0.45, 0.55]]", "set b2 = 0.60"]

    /// A session in a fresh folder, set up with `setup`.
    static func session(_ setup: [String]) throws -> (SessionHarness, String) {
        let folder = try Support.temporaryDirectory("net").path
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(setup)
        return (harness, folder)
    }

    static func text(_ folder: String, _ file: String) throws -> String {
        try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
    }

    /// How often `pattern` (a regular expression) occurs in `text`.
    static func count(_ pattern: String, in text: String) throws -> Int {
        try NSRegularExpression(pattern: pattern).numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// The texts an SVG picture shows, each once (gnuplot writes a boxed label twice).
    static func labels(_ svg: String) throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: "<text>([^<]*)</text>")
        return Set(pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap { match in
            Range(match.range(at: 1), in: svg).map { String(svg[$0]) }
        })
    }

    /// The weights and biases as `show weights` prints them: "w1[1,2]" → "0.25", "b2[1]" → "0.6".
    static func shownWeights(_ harness: SessionHarness) -> [String: String] {
        var values: [String: String] = [:]
        var layer = 0
        for line in harness.run("show weights") {
            let words = line.split(separator: " ").map(String.init)
            if line.hasPrefix("W") { layer = Int(words[0].dropFirst()) ?? 0 }
            if words.first?.hasPrefix("i=") == true, let i = Int(words[0].dropFirst(2)) {
                for (j, value) in words.dropFirst().enumerated() { values["w\(layer)[\(i),\(j + 1)]"] = value }
            }
            if line.hasPrefix("b"), let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") {
                let l = words[0].dropFirst()
                for (j, value) in line[line.index(after: open)..<close].split(separator: " ").enumerated() {
                    values["b\(l)[\(j + 1)]"] = String(value)
                }
            }
        }
        return values
    }

    @Test func classicExampleDrawsEightNamedWeightsAndFourBiases() throws {
        let (harness, folder) = try Self.session(Self.classic)
        let shown = Self.shownWeights(harness)
        #expect(shown.count == 12, "\(shown)")
        #expect(harness.run("export net net.svg") == ["exported net to net.svg"])
        let svg = try Self.text(folder, "net.svg")
        let labels = try Self.labels(svg)
        #expect(try labels.filter { try Self.count(#"^w\d\[\d,\d\] = "#, in: $0) == 1 }.count == 8, "\(labels)")
        #expect(try labels.filter { try Self.count(#"^b\d\[\d\] = "#, in: $0) == 1 }.count == 4, "\(labels)")
        for (name, value) in shown { #expect(labels.contains("\(name) = \(value)"), "\(name)") }
        // The bias marks: one square per neuron after the input, in their own datablock.
        harness.run("export net net.gp")
        let script = try Self.text(folder, "net.gp")
        let bias = try #require(script.range(of: "$bias << EOD\n"))
        let rows = script[bias.upperBound...].prefix { $0 != "E" }.split(separator: "\n")
        #expect(rows.count == 4)
    }

    @Test func gradsShowWhatGradPrints() throws {
        let (harness, folder) = try Self.session(Self.classic)
        let grad = try #require(harness.run("grad w2[1,1]").first)  // dE/dw2[1,1] = 0.082167
        let value = try #require(Double(grad.split(separator: "=")[1].trimmingCharacters(in: .whitespaces)))
        harness.run("export net grads g.svg")
        let svg = try Self.text(folder, "g.svg")
        #expect(svg.contains("dE/dw2[1,1] = \(Format.number(value, digits: 3))<"), "\(grad)")
        harness.run("forward")
        harness.run("export net values v.svg")
        let values = try Self.text(folder, "v.svg")
        for shown in ["z = 0.378", "a = 0.593", "z = 1.11", "a = 0.751"] { #expect(values.contains(shown + "<"), "\(shown)") }
    }

    /// w1[1,1] reaches E through z2[1] and z2[2]: the picture labels exactly the three
    /// weights on those paths, lists the two routes with `paths`' products, and draws three edges highlighted.
    @Test func pathsHighlightsExactlyThePathsThatPathsLists() throws {
        let (harness, folder) = try Self.session(Self.classic)
        let listed = harness.run("paths w1[1,1]")
        let routes = listed.filter { $0.hasSuffix("→ E:") }.map { String($0.dropLast()) }
        #expect(routes == ["w1[1,1] → z1[1] → z2[1] → E", "w1[1,1] → z1[1] → z2[2] → E"])
        harness.run("export paths w1[1,1] p.svg")
        let svg = try Self.text(folder, "p.svg")
        for route in routes { #expect(svg.contains(route), "\(route)") }
        for products in listed.filter({ $0.hasPrefix("    = ") }) {
            #expect(svg.contains(products.trimmingCharacters(in: .whitespaces)), "\(products)")
        }
        #expect(svg.contains(try #require(listed.last)))
        for name in ["w1[1,1] = 0.15", "w2[1,1] = 0.4", "w2[1,2] = 0.5"] { #expect(svg.contains(name + "<"), "\(name)") }
        for name in ["w1[2,1]", "w1[1,2]", "w1[2,2]", "w2[2,1]", "w2[2,2]"] { #expect(!svg.contains(name + " ="), "\(name)") }
        harness.run("export paths w1[1,1] p.gp")
        let script = try Self.text(folder, "p.gp")
        let highlighted = script.components(separatedBy: "$e_h").dropFirst().filter { $0.contains(" << EOD\n") }
            .map { $0.components(separatedBy: "EOD\n")[1].split(separator: "\n").count }
        #expect(highlighted.reduce(0, +) == 3, "\(highlighted)")
    }

    /// Without graphics: every weight named and valued, the paths' weights and neurons marked.
    @Test func textFormNamesEveryWeightAndMarksThePaths() throws {
        let (harness, _) = try Self.session(Self.classic + ["set terminal dumb"])
        let drawn = harness.run("plot net").joined(separator: "\n")
        for (name, value) in Self.shownWeights(harness) { #expect(drawn.contains("\(name) = \(value)"), "\(name)") }
        let paths = harness.run("plot paths w1[1,1]")
        let marked = paths.joined(separator: "\n").components(separatedBy: "* w").dropFirst().map { String($0.prefix(6)) }
        #expect(marked == ["1[1,1]", "2[1,1]", "2[1,2]"], "\(paths.joined(separator: "\n"))")
        #expect(paths.contains { $0.contains("sum over 2 paths = 0.000438568") })
        let large = harness.run(["net 2 64:relu 64:relu 1:sigmoid", "plot net"]).joined(separator: " ")
        #expect(large.contains("too many to list here") && large.contains("`export net net.svg`"), "\(large)")
    }

    /// Very wide and very deep networks draw a summary and say so.
    @Test(arguments: [["data " + (0..<784).map { "\(Double($0 % 7) / 7)" }.joined(separator: " ") + " -> 1 0 0 0 0 0 0 0 0 0",
                       "net 784 512:relu 512:relu 10:softmax"],
                      ["data 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 -0.1 -0.2 -0.3 -0.4 -0.5 -0.6 -0.7 -0.8 -> 1",
                       "net 16 16x99:sigmoid 1:sigmoid"]])
    func largeNetworksDrawASummary(_ setup: [String]) throws {
        let (harness, folder) = try Self.session(setup)
        #expect(harness.run("export net big.svg") == ["exported net to big.svg"])
        let svg = try Self.text(folder, "big.svg")
        #expect(svg.contains("strongest"))
        #expect(try Self.count(#"w\d+\[\d+,\d+\] = "#, in: svg) == 0)
        #expect(harness.run("export paths w1[1,1] p.png") == ["exported paths to p.png"])
    }

    @Test func badWordsAreRefused() throws {
        let (harness, _) = try Self.session(Self.classic)
        #expect(harness.run("plot net sideways") == ["error: plot: column 10: plot net shows weights, grads or values, not 'sideways'"])
        #expect(harness.run("plot paths w1").first?.hasPrefix("error: plot: column 12: w1 names a whole layer") == true)
        #expect(harness.run("plot paths").first == "error: plot: missing parameter: e.g. plot paths w1[1,1]")
        #expect(harness.run("plot net values sample=9").first?.hasPrefix("error: plot: column") == true)
    }

    /// Text plots record a picture for notebooks: `plot net` and `plot paths` appear in an HTML notebook as SVG.
    @Test func notebooksGetThePictures() throws {
        let (harness, folder) = try Self.session(Self.classic + ["plot net", "plot paths w1[1,1]"])
        #expect(harness.run("export notebook nb.html").first?.hasPrefix("exported the notebook") == true)
        let page = try String(contentsOfFile: folder + "/nb.html", encoding: .utf8)
        #expect(page.components(separatedBy: "<svg").count == 3)
        #expect(page.contains("w1[1,1] → z1[1] → z2[2] → E"))
    }
}
