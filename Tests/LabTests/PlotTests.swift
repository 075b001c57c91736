import BackpropCore
import Foundation
import Testing
@testable import Lab
import TestSupport

/// Every plot kind through the real gnuplot, as a PNG file and as text.
@Suite(.serialized) struct PlotTests {
    static let setup = ["data circle n=120 noise=0.05", "net 2 5:tanh 1:sigmoid", "train 20 lr=0.5 batch=10"]
    static let kinds = ["loss", "boundary", "data", "grads", "weights 1", "activation tanh", "landscape w1[1,1]"]

    static func folder() throws -> String {
        let path = try Support.temporaryDirectory("plots").path
        return path
    }

    @Test(arguments: kinds)
    func rendersToPNGOfTheRequestedSize(_ kind: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let output = harness.run("export \(kind) plot.png size=640x480")
        #expect(output == ["exported \(kind.split(separator: " ")[0]) to plot.png"], "\(output)")
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/plot.png"))
        #expect(Array(data.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 640 && height == 480)
    }

    @Test(arguments: kinds)
    func rendersAsTextWithAxes(_ kind: String) throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        harness.run("set terminal dumb")
        let output = harness.run("plot \(kind)")
        #expect(!output.contains { $0.hasPrefix("error:") }, "\(output)")
        #expect(output.contains { $0.contains("+-----") }, "no axes in \(output.joined(separator: "\n"))")
    }

    @Test func exportRefusesToOverwriteAndSVGIsByteIdentical() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export boundary b.svg")
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg"))
        #expect(harness.run("export boundary b.svg").first == "error: export: b.svg exists; add overwrite=yes to replace it")
        harness.run("export boundary b.svg overwrite=yes")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/b.svg")) == first)
        #expect(harness.run("export loss |touch x.png").first?.hasPrefix("error:") == true)
    }

    @Test func gpExportRunsUnderGnuplot() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run("export loss loss.gp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot", "loss.gp"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/loss.png"))
    }

    /// The picture a `.gp` file draws is an output path like any other: one
    /// gnuplot would pipe into a shell is refused, and nothing is written.
    @Test func gpExportChecksThePictureItDraws() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        let output = harness.run("export loss \"|touch x.gp\"")
        #expect(output.count == 1 && output[0].hasPrefix("error: export: unsafe output path: '|touch x.png'"), "\(output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// A 40-layer sigmoid net: one line against the layer index, every layer
    /// in it, ticks listed a few decades apart without minor ticks, and no
    /// colour a reader cannot see on white.
    @Test func deepNetGradientsShowEveryLayer() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data 0.1 0.2 0.3 0.4 -> 1", "net 4 " + Array(repeating: "4:sigmoid", count: 39).joined(separator: " ") + " 1:sigmoid",
                     "train 3 lr=0.5 batch=1"])
        harness.run("export grads g.gp")
        let script = try String(contentsOfFile: folder + "/g.gp", encoding: .utf8)
        let norms = Self.block("norms", in: script)
        #expect(norms.map { $0[0] } == (1...40).map(Double.init))
        #expect(norms.last![1] / norms.first![1] > 1e8, "the gradient does not vanish toward layer 1")
        #expect(script.contains("unset mytics") && script.contains("set ytics (1e"))
        #expect(!script.uppercased().contains("F0E442"))
        for (name, option) in [("layer.png", ""), ("epoch.png", " by=epoch")] {
            #expect(harness.run("export grads \(name)\(option)") == ["exported grads to \(name)"])
        }
    }

    /// Held-out samples are drawn, hollow and named, in pictures and text.
    @Test func dataPlotsShowTestSamples() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data circle n=100 test=0.3", "net 2 4:tanh 1:sigmoid"])
        for kind in ["data", "boundary"] {
            harness.run("export \(kind) \(kind).gp")
            let script = try String(contentsOfFile: folder + "/\(kind).gp", encoding: .utf8)
            #expect(Self.block("test0", in: script).count + Self.block("test1", in: script).count == 30)
            #expect(Self.block("train0", in: script).count + Self.block("train1", in: script).count == 70)
            #expect(script.contains("title 'inside (test)'") && script.contains("title 'outside (test)'"))
        }
        harness.run("set terminal dumb")
        let text = harness.run("plot data")
        #expect(text.contains { $0.contains("o   outside") } && text.contains { $0.contains("O   outside (test)") }, "\(text.joined(separator: "\n"))")
    }

    /// Text plots say which symbol is which class, and keep their y label.
    @Test func textPlotsNameTheirSymbolsAndAxes() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        harness.run("set terminal dumb")
        let boundary = harness.run("plot boundary")
        #expect(boundary.contains { $0.contains("o   outside") && $0.contains("x   inside") }, "\(boundary.joined(separator: "\n"))")
        #expect(boundary.contains { $0.contains("shading ' .:-=+*#': output") })
        #expect(harness.run("plot loss").contains { $0.contains("loss (mse)") })
        #expect(harness.run("plot grads").contains { $0.contains("‖dE/dW‖") })
    }

    /// On a colour terminal text plots are in colour; the transcript keeps them plain.
    @Test func colourIsShownButNotRecorded() throws {
        final class Lines: @unchecked Sendable { var all: [String] = []; let lock = NSLock() }
        let shown = Lines()
        let session = Session(output: OutputTarget(write: { line in shown.lock.withLock { shown.all.append(line) } },
                                                   isTerminal: true, color: true, columns: 80, lines: 24),
                              baseDirectory: try Self.folder())
        for line in ["set sixel no"] + Self.setup { session.run(line) }
        shown.lock.withLock { shown.all = [] }
        session.run("plot data")
        #expect(shown.lock.withLock { shown.all.contains { $0.contains("\u{1B}[") } }, "no colour on a colour terminal")
        guard case let .command(_, _, recorded) = try #require(session.record.entries.last) else { Issue.record("not a command"); return }
        #expect(recorded.count > 10 && !recorded.contains { $0.contains("\u{1B}") })
        #expect(recorded.contains { $0.contains("o   outside") })
    }

    /// `train live=yes` draws the loss curve (`live=boundary` the decision
    /// boundary) on the progress channel only, never in the output or the
    /// record, and not when plots go to files; it says what drawing cost,
    /// within a tenth of the training time. (A training too short to pay for
    /// one drawing shows none, so these train for a second or so.)
    @Test func liveLossIsDrawnOnTheProgressChannel() throws {
        final class Lines: @unchecked Sendable { var all: [String] = []; let lock = NSLock() }
        let shown = Lines(), progress = Lines()
        let session = Session(output: OutputTarget(write: { line in shown.lock.withLock { shown.all.append(line) } },
                                                   isTerminal: true, columns: 80, lines: 24,
                                                   progress: { text in progress.lock.withLock { progress.all.append(text) } }),
                              baseDirectory: try Self.folder())
        for line in ["set terminal dumb", "data circle n=400", "net 2 8:tanh 1:sigmoid", "train 8000 live=yes"] { session.run(line) }
        let drawn = progress.lock.withLock { progress.all.joined() }
        #expect(drawn.contains("Loss during training") && drawn.contains("+-----"), "\(drawn)")
        #expect(!shown.lock.withLock { shown.all.contains { $0.contains("Loss during training") } })
        progress.lock.withLock { progress.all = [] }
        session.run("train 60000 live=boundary")  // 2.5 s here unloaded: a first drawing needs 1.5 s
        let boundary = progress.lock.withLock { progress.all.joined() }
        #expect(boundary.contains("decision boundary") && boundary.contains("o   outside"), "\(boundary)")
        #expect(!shown.lock.withLock { shown.all.contains { $0.contains("decision boundary") } })
        // "live boundary: 1 drawing, 0.13 s of 2.54 s training (4.935%)": what it cost (how much depends on the machine's load).
        #expect(boundary.contains("live boundary: 1 drawing") || boundary.contains("drawings, "), "\(boundary.suffix(300))")
        progress.lock.withLock { progress.all = [] }
        session.run(["set terminal svg", "train 5 live=yes"].joined(separator: "; "))
        #expect(!progress.lock.withLock { progress.all.joined() }.contains("Loss during training"))
    }

    /// With one input, boundary draws the fit: the network's function over
    /// the input range, whose values are what `predict` says.
    @Test func fitDrawsTheNetworksFunction() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data sine n=60 test=0.25", "net 1 6:tanh 1:linear", "train 30 lr=0.1"])
        for kind in ["boundary", "fit"] {
            harness.run("export \(kind) \(kind).gp")
            let script = try String(contentsOfFile: folder + "/\(kind).gp", encoding: .utf8)
            #expect(script.contains("Network fit"))
            let fit = Self.block("fit", in: script)
            #expect(fit.count == 400)
            for row in [fit[0], fit[200], fit[399]] {
                let said = try #require(harness.run("predict \(row[0])").first)
                let value = try #require(said.split(separator: "[").last?.split(separator: "]").first.flatMap { Double($0) }, "\(said)")
                #expect(abs(value - row[1]) <= 1e-5 * max(1, abs(value)), "predict \(row[0]) = \(value), plotted \(row[1])")
            }
            #expect(Self.block("test0", in: script).count == 15)
        }
        #expect(harness.run("export fit fit.png") == ["exported fit to fit.png"])
        harness.run(["data circle n=50", "net 2 3:tanh 1:sigmoid"])
        #expect(harness.run("plot fit").first?.contains("plot fit needs 1 raw input") == true)
    }

    /// gnuplot never gets to name bplab's temporary file.
    @Test func anUnwritableFolderIsReportedByTheUsersPath() throws {
        let harness = SessionHarness(baseDirectory: try Self.folder())
        harness.run(Self.setup)
        let output = harness.run("export loss /proc/x.png")
        #expect(output.count == 1 && output[0].hasPrefix("error: export: cannot write /proc/x.png"), "\(output)")
        #expect(!output[0].contains(".tmp"))
    }

    /// One size for every picture unless size= says otherwise.
    @Test func picturesHaveOneDefaultSize() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup)
        harness.run(["export loss l.png", "set terminal png", "plot loss"])
        for file in ["l.png", "plots/loss-1.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == PlotStyle.defaultSize.width && height == PlotStyle.defaultSize.height, "\(file): \(width)×\(height)")
        }
    }

    /// Each plot takes only its own options, and export the file's besides:
    /// another kind's option is one error naming it and what the kind takes,
    /// before anything is drawn or written (plots would go to files here).
    @Test(arguments: [
        ("plot data res=50", "column 11: plot data has no option 'res=' (plot data takes no options)"),
        ("plot loss range=2", "column 11: plot loss has no option 'range=' (accepted: log=)"),
        ("plot grads log=yes", "column 12: plot grads has no option 'log=' (accepted: by=)"),
        ("plot weights 1 by=layer", "column 16: plot weights has no option 'by=' (plot weights takes no options)"),
        ("plot landscape w1[1,1] res=20", "column 24: plot landscape has no option 'res=' (accepted: range=)"),
        ("export boundary b.png log=yes", "column 23: export boundary has no option 'log=' (accepted: res= size= overwrite=)"),
        ("export data d.gp res=20", "column 18: export data has no option 'res=' (accepted: size= overwrite=)"),
        ("export pytorch f.py size=10x10 log=yes", "column 21: export pytorch has no option 'size=' (accepted: overwrite=)"),
        ("export notebook n.md size=400x300", "column 22: export notebook has no option 'size=' (accepted: overwrite=)"),
    ])
    func optionsOfAnotherKindAreRefused(_ line: String, _ expected: String) throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup + ["set terminal png"])
        let before = harness.session.state
        let command = line.split(separator: " ")[0]
        #expect(harness.run(line) == ["error: \(command): \(expected)"])
        #expect(harness.session.state == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// The options each kind does take reach its script.
    @Test func eachKindTakesItsOwnOptions() throws {
        let folder = try Self.folder()
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(Self.setup + ["set terminal dumb"])
        for line in ["plot loss log=yes", "plot boundary res=20", "plot grads by=layer", "plot landscape w1[1,1] range=2"] {
            let output = harness.run(line)
            #expect(!output.contains { $0.hasPrefix("error:") } && output.contains { $0.contains("+-----") }, "\(line): \(output)")
        }
        #expect(harness.run("export loss f.svg size=400x300") == ["exported loss to f.svg"])
        #expect(try String(contentsOfFile: folder + "/f.svg", encoding: .utf8).contains("width=\"400\" height=\"300\""))
        #expect(harness.run("export boundary b.gp res=20 size=640x480") == ["exported boundary to b.gp"])
        #expect(Self.block("grid", in: try String(contentsOfFile: folder + "/b.gp", encoding: .utf8)).filter { !$0.isEmpty }.count == 20 * 20)
        #expect(harness.run("export loss l.gp log=yes") == ["exported loss to l.gp"])
        #expect(try String(contentsOfFile: folder + "/l.gp", encoding: .utf8).contains("set logscale y"))
        #expect(harness.run("export pytorch f.py overwrite=yes").first?.hasSuffix("to f.py and f.npz; run it with python3 or torchrun") == true)
    }

    /// res= is checked with one input too, where boundary draws the fit and does not use it.
    @Test func boundaryResolutionIsCheckedWithOneInput() {
        let harness = SessionHarness()
        harness.run(["data sine n=20", "net 1 4:tanh 1:linear"])
        #expect(harness.run("plot boundary res=5") == ["error: plot: column 15: res= must be in 10…1000, got 5"])
    }

    @Test func boundaryNeedsTwoInputs() {
        let harness = SessionHarness()
        harness.run(["data 1 2 3 -> 1", "net 3 1:sigmoid"])
        #expect(harness.run("plot boundary").first?.contains("plot boundary needs 2 raw inputs") == true)
        #expect(harness.run("plot loss").first?.contains("no training yet") == true)
        #expect(harness.run("plot nosuch").first?.contains("unknown plot 'nosuch'") == true)
    }
}
