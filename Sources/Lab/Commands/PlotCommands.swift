import BackpropCore
import Foundation
import Gnuplot

/// `plot`, `export`: network state drawn by gnuplot, inline or into files.
enum PlotCommands {
    static let kinds = PlotKind.allCases.map(\.rawValue)
    static let usage = "plot loss [log=yes] | boundary [res=N] | fit | data | grads [by=epoch|layer] | weights L | activation NAME | landscape PARAM [range=R]"

    /// The options each kind's script reads (see `Session.plotScript`).
    static func options(of kind: PlotKind) -> [OptionSpec] {
        switch kind {
        case .loss: [OptionSpec("log", "loss on a log scale", .flag)]
        case .boundary: [OptionSpec("res", "grid points per side of a boundary picture (text plots shade every character)",
                                    .whole(10...1000), default: "200")]
        case .grads: [OptionSpec("by", "grads: curves over the epochs, or the last epoch against the layer", .word(["epoch", "layer"]))]
        case .landscape: [OptionSpec("range", "landscape: the parameter's current value ± range", .real(1e-9...1e6),
                                     placeholder: "R")]
        case .fit, .data, .weights, .activation: []
        }
    }

    static let plotOptions = PlotKind.allCases.flatMap(options(of:))
    static let overwriteOption = SessionCommands.overwrite
    static let fileOptions = [
        OptionSpec("size", "width×height in pixels, each 50…10000", .text("WxH"),
                   default: "\(PlotStyle.defaultSize.width)x\(PlotStyle.defaultSize.height)"),
        overwriteOption,
    ]
    /// `export pytorch` and `export notebook` read only overwrite=.
    static let documentOptions = [overwriteOption]
    static let pytorchForm = UsageForm("export pytorch FILE.py", documentOptions)
    static let notebookForm = UsageForm("export notebook FILE.md|.html", documentOptions)

    /// The options of `export KIND FILE`: the plot's and the file's.
    static func exportOptions(of kind: PlotKind) -> [OptionSpec] {
        options(of: kind) + fileOptions
    }

    static let all: [Command] = [
        Command("plot", group: "Plots", forms: [UsageForm(usage)],
                summary: "draw a plot with gnuplot, in the terminal or into a file (set terminal)",
                example: "plot boundary",
                details: """
                loss: train and test loss per epoch. boundary: the network's output over the input plane \
                with the data on top (2 inputs; with 1 input it draws the fit). fit: the network's function \
                y = f(x) over the input range with the samples (1 input, e.g. data sine). data: the samples, \
                test samples hollow. grads: ‖dE/dW‖ per layer, over the epochs (by=epoch, the default up to \
                8 layers) or at the last epoch against the layer (by=layer, the default for deeper nets). \
                weights L: W_L as a matrix, w[i,j] in row i, column j. activation NAME: f and f'. \
                landscape PARAM: E against one parameter, the rest held, with the tangent of slope grad PARAM. \
                `set terminal` chooses where plots go: auto (sixel where the terminal shows it, else text), \
                dumb, sixel, or png/svg/pdf files under plots/; `set sixel` overrides the detection.
                """,
                options: plotOptions, optionsAfter: { kind(of: $0).map(options(of:)) ?? [] },
                completion: .after { kindCompletion($0, then: .none) }) { context, args in
            let (kind, _) = try kindWord(args)
            try args.restrict(to: options(of: kind), of: "plot \(kind.rawValue)")
            let terminal = context.currentTerminal()
            var target = terminal.target
            var script = try context.plotScript(kind, args, from: 1, target: &target)
            let notebookPlot = terminal.isText ? try context.pictureScript(kind, args, from: 1) : script
            if let file = terminal.file {
                let path = context.nextPlotFile(kind: kind, extension: file)
                try context.renderToFile(&script, path: path, terminal: terminal.gnuplot, overwrite: context.mayOverwrite(path, asked: false))
                context.print(PlotFiles.writtenLine(kind, context.displayPath(path)))
            } else {
                var full = GnuplotScript()
                full.add(terminal.sized(for: target).setup)
                full.append(script)
                let text = try context.gnuplot.run(full)
                if case .sixel = terminal.gnuplot {
                    context.print(shown: [text], recorded: ["[plot \(kind.rawValue): sixel image, not recorded]"])
                } else {
                    // (The dumb terminal starts a coloured page with a form feed: not wanted between commands.)
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                        .map { String($0.drop { $0 == "\u{0C}" }) }.dropLastEmpty()
                    // Colour is for the eye only: the transcript keeps the plain text.
                    context.print(shown: lines, recorded: terminal.isColor ? lines.map(PlotDestination.withoutColor) : lines)
                }
            }
            context.recordPlot(notebookPlot)
        },
        Command("export", group: "Plots", forms: [UsageForm("export PLOT [ARGS] FILE.png|.svg|.pdf|.gp", fileOptions), pytorchForm, notebookForm],
                summary: "write a plot to a file (the extension picks the format), the network as a PyTorch script, or the session as a notebook",
                example: "export loss loss.svg size=800x500",
                details: """
                .gp writes the gnuplot script with its data (run it with `gnuplot FILE.gp`; it draws FILE.png). \
                `export pytorch FILE.py` writes a runnable script that rebuilds the network in PyTorch with its exact \
                weights, loss, optimizer settings and training data, and prints its loss. `export notebook` writes \
                this session as a notebook: prose as text, commands and outputs as code, plots as SVG (inline in \
                .html, files beside a .md). Existing files are kept \
                unless overwrite=yes.
                """,
                options: plotOptions + fileOptions,
                optionsAfter: { words in
                    switch words.first?.lowercased() {
                    case "pytorch", "notebook": documentOptions
                    default: kind(of: words).map(exportOptions(of:)) ?? []
                    }
                },
                completion: .after { $0.isEmpty ? .choices(kinds + ["pytorch", "notebook"]) : kindCompletion($0, then: .files) }) { context, args in
            if args.words.first?.text.lowercased() == "notebook" {
                try args.restrict(to: documentOptions, of: "export notebook")
                try args.expectAtMost(2, usage: notebookForm.text)
                guard args.words.count == 2 else { throw args.missing("file name", usage: notebookForm.text) }
                try NotebookExport.export(context: context, to: context.resolve(args.words[1].text),
                                          overwrite: try args.flag("overwrite", default: false))
                return
            }
            if args.words.first?.text.lowercased() == "pytorch" {
                try args.restrict(to: documentOptions, of: "export pytorch")
                try args.expectAtMost(2, usage: pytorchForm.text)
                guard args.words.count == 2 else { throw args.missing("file name", usage: pytorchForm.text) }
                try PyTorchExport.export(context: context, to: context.resolve(args.words[1].text),
                                         overwrite: try args.flag("overwrite", default: false))
                return
            }
            let (kind, _) = try kindWord(args)
            try args.restrict(to: exportOptions(of: kind), of: "export \(kind.rawValue)")
            guard args.words.count >= 2, let fileWord = args.words.last else {
                throw LabError("missing file name (usage: export PLOT FILE.png|.svg|.pdf|.gp)")
            }
            let (width, height) = try size(args)
            let path = context.resolve(fileWord.text)
            let ext = (path as NSString).pathExtension.lowercased()
            let plotArgs = try plotArguments(args, kind: kind)
            let overwrite = context.mayOverwrite(path, asked: try args.flag("overwrite", default: false))
            if ext == "gp" {
                let png = (path as NSString).deletingPathExtension + ".png"
                var script = GnuplotScript()
                script.add(GnuplotTerminal.png(width: width, height: height).setup)
                script.add("set output \(GnuplotQuoting.quoted((png as NSString).lastPathComponent))")
                script.append(try context.pictureScript(kind, plotArgs, from: 1))
                try FileWriter.write(Data(script.render().utf8), to: path, shownAs: context.displayPath(path), overwrite: overwrite)
            } else {
                guard let terminal = GnuplotTerminal.forFile(path, width: width, height: height) else {
                    throw LabError("column \(fileWord.column): '\(ext)' is not a plot format (use .png, .svg, .pdf or .gp)")
                }
                var script = try context.pictureScript(kind, plotArgs, from: 1)
                try context.renderToFile(&script, path: path, terminal: terminal, overwrite: overwrite)
            }
            context.print("exported \(kind.rawValue) to \(context.displayPath(path))")
        },
    ]

    /// Completion after `plot`: the kind, then its argument (an activation,
    /// a parameter), then `rest` (a file for `export`).
    static func kindCompletion(_ words: [String], then rest: WordCompletion) -> WordCompletion {
        guard !words.isEmpty else { return .choices(kinds) }
        switch (kind(of: words), words.count) {
        case (.activation, 1): return .choices(NetworkCommands.activationNames)
        case (.landscape, 1): return .parameters
        default: return rest
        }
    }

    /// The plot kind named by the first of the positional words typed so far.
    static func kind(of words: [String]) -> PlotKind? {
        words.first.flatMap { PlotKind(rawValue: $0.lowercased()) }
    }

    static func kindWord(_ args: Arguments) throws -> (PlotKind, Token) {
        guard let word = args.words.first else { throw LabError("missing plot kind (\(kinds.joined(separator: ", ")))") }
        guard let kind = PlotKind(rawValue: word.text.lowercased()) else {
            throw LabError("column \(word.column): unknown plot '\(Arguments.clip(word.text))' (plots: \(kinds.joined(separator: ", ")))")
        }
        return (kind, word)
    }

    /// The arguments of `export KIND … FILE` that the plot reads: its words without the file,
    /// its options without size= and overwrite=.
    static func plotArguments(_ args: Arguments, kind: PlotKind) throws -> Arguments {
        let accepted = options(of: kind)
        let tokens = Array(args.words.dropLast()) + args.options.filter { option in accepted.contains { $0.key == option.key } }
            .map { Token("\($0.key)=\($0.value)", column: $0.column) }
        return try Arguments(command: "export", usage: args.usage, tokens: tokens, accepted: accepted)
    }

    static func size(_ args: Arguments) throws -> (Int, Int) {
        guard let (text, column) = args.option("size") else { return PlotStyle.defaultSize }
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (50...10000).contains(w), (50...10000).contains(h) else {
            throw LabError("column \(column): size= must be WIDTHxHEIGHT in pixels between 50 and 10000, e.g. 800x600")
        }
        return (w, h)
    }
}

/// Where `plot` draws, from `set terminal` and the screen.
struct PlotDestination {
    var gnuplot: GnuplotTerminal
    /// The file extension when plots go to files.
    var file: String?
    var isText: Bool {
        if case .dumb = gnuplot { return true }
        return false
    }
    var isColor: Bool {
        if case .dumb(_, _, true) = gnuplot { return true }
        return false
    }
    /// What plots draw on: characters, as many as the text terminal has, or pixels.
    var target: PlotKind.Target {
        if case let .dumb(columns, lines, _) = gnuplot { return .init(text: true, columns: columns, lines: lines) }
        return .init(text: false)
    }

    /// The terminal, as many lines tall as a text plot asked for in `target`.
    func sized(for target: PlotKind.Target) -> GnuplotTerminal {
        if case let .dumb(columns, _, color) = gnuplot { return .dumb(columns: columns, lines: target.lines, color: color) }
        return gnuplot
    }

    /// A line of text without its ANSI escape sequences (ESC [ … letter).
    static func withoutColor(_ line: String) -> String {
        line.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }
}

extension CommandContext {
    /// `set terminal auto` means sixel on a terminal that shows it (and a
    /// gnuplot that draws it), text otherwise; text is in colour on a
    /// terminal that shows colour unless NO_COLOR is set, never in a pipe.
    func currentTerminal() -> PlotDestination {
        let setting = state.settings.terminal
        let columns = max(output.columns - 1, 40), lines = max(min(output.lines - 2, 40), 15)
        let (width, height) = PlotStyle.defaultSize
        let color = output.isTerminal && output.color  // the console's judgement: a terminal with colour, NO_COLOR unset
        let text = PlotDestination(gnuplot: .dumb(columns: columns, lines: lines, color: color))
        // A gnuplot built without libgd has no sixel driver: text instead.
        var sixel: PlotDestination {
            PlotDestination(gnuplot: GnuplotTerminal.sixel(width: width, height: height)
                .ifAvailable((try? gnuplot.terminals()) ?? [], else: text.gnuplot))
        }
        switch setting {
        case "dumb": return text
        case "sixel": return sixel
        case "png": return PlotDestination(gnuplot: .png(width: width, height: height), file: "png")
        case "svg": return PlotDestination(gnuplot: .svg(width: width, height: height), file: "svg")
        case "pdf": return PlotDestination(gnuplot: .pdf(width: width, height: height), file: "pdf")
        default:
            // Not a terminal (a pipe, a transcript): fixed-size text, so output is the same everywhere.
            guard output.isTerminal else { return PlotDestination(gnuplot: .dumb(columns: 79, lines: 24)) }
            return SixelSupport.detect(setting: state.settings.sixel) ? sixel : text
        }
    }

    /// Renders into a temporary file beside `path`, then renames it into place.
    ///
    /// bplab creates the temporary file itself before gnuplot runs, so a
    /// folder that cannot be written is reported with the user's path
    /// (gnuplot would name the hidden temporary file).
    func renderToFile(_ script: inout GnuplotScript, path: String, terminal: GnuplotTerminal, overwrite: Bool) throws {
        try GnuplotQuoting.validateOutputPath(path)
        try FileWriter.checkTarget(path, shownAs: displayPath(path), overwrite: overwrite)
        let temporary = FileWriter.temporaryPath(beside: path)
        let created = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard created >= 0 else { throw LabError("cannot write \(displayPath(path)): \(String(cString: strerror(errno)))") }
        close(created)
        var full = GnuplotScript()
        full.add(terminal.setup)
        full.add("set output \(GnuplotQuoting.quoted(temporary))")
        full.append(script)
        do {
            _ = try gnuplot.run(full)
            try FileWriter.moveIntoPlace(temporary, path, shownAs: displayPath(path), overwrite: overwrite)
        } catch GnuplotError.script(let message) {
            try? FileManager.default.removeItem(atPath: temporary)
            throw GnuplotError.script(message.replacingOccurrences(of: temporary, with: displayPath(path)))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}

extension Array where Element == String {
    /// Without trailing empty lines.
    func dropLastEmpty() -> [String] {
        var copy = self
        while copy.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { copy.removeLast() }
        return copy
    }
}
