import Foundation
import Testing
@testable import Lab

/// `PlotKind.all` is the one list of plot kinds: `plot`, `export`, help and
/// completion all reach every entry, and nothing else.
@Suite(.serialized) struct PlotKindTests {
    /// A word for each argument placeholder, so every kind can be drawn.
    static let sampleArguments = ["L": "1", "NAME": "tanh", "PARAM": "w1[1,1]", "[grads|values]": "grads", "[L]": "1"]
    /// Sessions to draw in: two inputs, and one (where `fit` draws).
    static let setups = [["data circle n=60 noise=0.05", "net 2 4:tanh 1:sigmoid", "train 5 lr=0.5 batch=10"],
                         ["data sine n=40", "net 1 4:tanh 1:linear", "train 5 lr=0.1"]]

    static func words(_ kind: PlotKind) -> String {
        guard let argument = kind.argument else { return kind.name }
        return kind.name + " " + (sampleArguments[argument.placeholder] ?? "?")
    }

    /// Every kind draws as text with `plot` and is written by `export`, in one of the setups.
    @Test(arguments: PlotKind.names)
    func everyKindIsReachedByPlotAndExport(_ name: String) throws {
        let kind = try #require(PlotKind.named(name))
        #expect(kind.argument.map { Self.sampleArguments[$0.placeholder] != nil } ?? true, "no sample argument for \(kind.usage)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-kinds-\(UUID().uuidString)").path
        var results: [[String]] = []
        for setup in Self.setups {
            let harness = SessionHarness(baseDirectory: folder)
            harness.run(setup + ["set terminal dumb"])
            let plotted = harness.run("plot \(Self.words(kind))")
            let exported = harness.run("export \(Self.words(kind)) \(name).gp overwrite=yes")
            if plotted.contains(where: { $0.contains("+-----") }) && exported == ["exported \(name) to \(name).gp"] { return }
            results.append(Array(plotted.prefix(1)) + exported)
        }
        Issue.record("\(name) was drawn in no setup: \(results)")
    }

    /// Usage, help and completion list the kinds of the table, in its order.
    @Test func helpAndCompletionListTheTable() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        let plot = try #require(harness.session.lookup("plot")), export = try #require(harness.session.lookup("export"))
        #expect(plot.usage == "plot " + PlotKind.all.map(\.usage).joined(separator: " | "))
        let page = harness.run("help plot").joined(separator: "\n").replacingOccurrences(of: "\n", with: " ")
        for kind in PlotKind.all {
            #expect(page.contains(kind.usage) && page.contains("\(kind.label): \(kind.summary)"), "help plot lacks \(kind.name)")
        }
        func offered(_ line: String) -> [String] {
            Completion.candidates(linePrefix: line, word: "", session: harness.session)
        }
        #expect(offered("plot ") == PlotKind.names)
        #expect(offered("export ") == PlotKind.names + ["pytorch", "notebook"])
        #expect(offered("help plot ").isEmpty)
        for kind in PlotKind.all {
            #expect(plot.options(after: [kind.name]).map(\.key) == kind.options.map(\.key))
            #expect(export.options(after: [kind.name]).map(\.key) == kind.options.map(\.key) + ["size", "overwrite"])
        }
        // Each option once, in the order the kinds first declare it (net and paths both read sample=).
        let keys = PlotKind.all.flatMap(\.options).map(\.key)
        #expect(plot.options.map(\.key) == keys.enumerated().filter { keys.firstIndex(of: $1) == $0 }.map(\.1))
    }

    /// A kind's argument is completed as its entry says; without one, what follows the plot.
    @Test func argumentsAreCompletedAsTheEntrySays() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        for kind in PlotKind.all {
            let plot = PlotCommands.kindCompletion([kind.name], then: .none)
            let export = PlotCommands.kindCompletion([kind.name], then: .files)
            switch kind.argument?.completion {
            case .choices(let words)?:
                #expect(Completion.candidates(linePrefix: "plot \(kind.name) ", word: "", session: harness.session) == words)
            case .parameters?:
                guard case .parameters = plot, case .parameters = export else { Issue.record("\(kind.name)"); continue }
            case nil:
                guard case .none = plot, case .files = export else { Issue.record("\(kind.name)"); continue }
            default:
                Issue.record("\(kind.name): a completion this test does not know")
            }
        }
    }

    /// A kind's needs are checked in their order, with the messages every command gives.
    @Test(arguments: PlotKind.names)
    func needsAreCheckedFirst(_ name: String) throws {
        let kind = try #require(PlotKind.named(name))
        guard let first = kind.needs.first else { return }
        let harness = SessionHarness()
        let message: String
        switch first {
        case .data: message = "no data yet: load some first, e.g. `data xor` or `load FILE.csv`"
        case .network, .networkAndData: message = "no network yet: build one first, e.g. `net 2 4:tanh 1:sigmoid`"
        }
        #expect(harness.run("plot \(Self.words(kind))") == ["error: plot: \(message)"])
        #expect(harness.run("export \(Self.words(kind)) x.gp") == ["error: export: \(message)"])
    }

    /// Arguments that need no state are read first: their mistakes are reported before missing data.
    @Test func argumentsComeBeforeNeeds() {
        let harness = SessionHarness()
        #expect(harness.run("plot boundary res=5") == ["error: plot: column 15: res= must be in 10…1000, got 5"])
        #expect(harness.run("plot boundary extra") == ["error: plot: column 15: unexpected 'extra' (usage: plot boundary [res=200])"])
    }
}
