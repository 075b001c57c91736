import BackpropCore
import Foundation
import Gnuplot

/// `plot`, `export`: network state drawn by gnuplot, inline or into files.
enum PlotCommands {
    /// `plot loss [log=yes] | boundary [res=200] | …`: one form per kind, from the table.
    static let forms = PlotKind.all.enumerated().map { k, kind in
        UsageForm((k == 0 ? "plot " : "") + kind.label, kind.options)
    }
    /// Every kind's options, each once (several kinds read sample=).
    static let plotOptions = PlotKind.all.flatMap(\.options).reduce(into: [OptionSpec]()) { all, option in
        if !all.contains(where: { $0.key == option.key }) { all.append(option) }
    }
    static let fileOptions = [
        OptionSpec("size", "width×height in pixels, each 50…10000", .text("WxH"),
                   default: "\(PlotStyle.defaultSize.width)x\(PlotStyle.defaultSize.height)"),
        SessionCommands.overwrite,
    ]
    /// `export pytorch` and `export notebook` read only overwrite=.
    static let documentOptions = [SessionCommands.overwrite]
    static let fileForm = UsageForm("export PLOT [ARGS] FILE.png|.svg|.pdf|.gp", fileOptions)
    static let pytorchForm = UsageForm("export pytorch FILE.py", documentOptions)
    static let notebookForm = UsageForm("export notebook FILE.md|.html|.ipynb", documentOptions)

    /// The options of `export KIND FILE`: the plot's and the file's.
    static func exportOptions(of kind: PlotKind) -> [OptionSpec] {
        kind.options + fileOptions
    }

    static let all: [Command] = [
        Command("plot", group: "Plots", forms: forms,
                summary: "draw a plot with gnuplot, in the terminal or into a file (set terminal)",
                example: "plot boundary",
                details: PlotKind.all.map { "\($0.label): \($0.summary)" }.joined(separator: " ") + " " + """
                `set terminal` chooses where plots go: auto (sixel where the terminal shows it, else text), \
                dumb, sixel, or png/svg/pdf files under plots/; `set sixel` overrides the detection.
                """,
                options: plotOptions, optionsAfter: { kind(of: $0)?.options ?? [] },
                completion: .after { kindCompletion($0, then: .none) }) { context, args in
            let kind = try kindWord(args)
            try args.restrict(to: kind.options, of: "plot \(kind.name)")
            let destination = context.currentTerminal()
            var target = destination.target
            let input = PlotInput(context)
            let script = try kind.script(args, from: input, target: &target)
            let notebookPlot = destination.isText ? try kind.picture(args, from: input) : script
            if let file = destination.file {
                let path = context.nextPlotFile(kind: kind, extension: file)
                try context.plotRenderer.write(script, on: destination.gnuplot, to: context.writeTarget(path, overwrite: false))
                context.print(PlotFiles.writtenLine(kind, context.displayPath(path)))
            } else {
                let drawn = try context.plotRenderer.inline(script, on: destination.sized(for: target), kind: kind.name)
                context.print(shown: drawn.shown, recorded: drawn.recorded)
            }
            context.recordPlot(notebookPlot)
        },
        Command("export", group: "Plots", forms: [fileForm, pytorchForm, notebookForm],
                summary: "write a plot to a file (the extension picks the format), the network as a PyTorch script, or the session as a notebook",
                example: "export loss loss.svg size=800x500",
                details: """
                .gp writes the gnuplot script with its data (run it with `gnuplot FILE.gp`; it draws FILE.png). \
                `export pytorch FILE.py` writes a PyTorch script and its numbers in FILE.npz (weights, optimizer state, \
                shuffle, data): `python3 FILE.py N` trains N more epochs as `train N` would, `torchrun` shares them \
                among processes, --onnx writes the model for raw inputs. `export notebook` writes \
                this session as a notebook: prose as text, commands and outputs as code, plots as SVG (inline in \
                .html, files beside a .md); .ipynb is a Jupyter notebook for the bplab kernel (kernel/), plots as \
                PNG and SVG. Existing files are kept \
                unless overwrite=yes.
                """,
                options: plotOptions + fileOptions,
                optionsAfter: { words in
                    switch words.first?.lowercased() {
                    case "pytorch", "notebook": documentOptions
                    default: kind(of: words).map(exportOptions(of:)) ?? []
                    }
                },
                completion: .after { $0.isEmpty ? .choices(PlotKind.names + ["pytorch", "notebook"]) : kindCompletion($0, then: .files) }) { context, args in
            switch args.words.first?.text.lowercased() {
            case "notebook":
                let (file, overwrite) = try documentFile(args, form: notebookForm)
                return try NotebookExport.export(context: context, to: context.resolve(file), overwrite: overwrite)
            case "pytorch":
                let (file, overwrite) = try documentFile(args, form: pytorchForm)
                return try PyTorchExport.export(context: context, to: context.resolve(file), overwrite: overwrite)
            default: break
            }
            let kind = try kindWord(args)
            try args.restrict(to: exportOptions(of: kind), of: "export \(kind.name)")
            guard args.words.count >= 2, let fileWord = args.words.last else {
                throw args.missing("file name", usage: fileForm.text)
            }
            let (width, height) = try size(args)
            let path = context.resolve(fileWord.text), shown = context.displayPath(path)
            let ext = (path as NSString).pathExtension.lowercased()
            let plotArgs = try plotArguments(args, kind: kind)
            let target = try context.writeTarget(path, overwrite: try args.flag("overwrite", default: false))
            if ext == "gp" {
                let script = try kind.picture(plotArgs, from: PlotInput(context))
                // The script draws a PNG named like itself, in the folder where gnuplot runs it.
                let picture = (((path as NSString).deletingPathExtension + ".png") as NSString).lastPathComponent
                try context.plotRenderer.writeScript(script, drawing: picture, width: width, height: height, to: target)
            } else {
                guard let terminal = GnuplotTerminal.forFile(path, width: width, height: height) else {
                    throw LabError("column \(fileWord.column): '\(ext)' is not a plot format (use .png, .svg, .pdf or .gp)")
                }
                let script = try kind.picture(plotArgs, from: PlotInput(context))
                try context.plotRenderer.write(script, on: terminal, to: target)
            }
            context.print("exported \(kind.name) to \(shown)")
        },
    ]

    /// Completion after `plot`: the kind, then its argument (an activation,
    /// a parameter), then `rest` (a file for `export`).
    static func kindCompletion(_ words: [String], then rest: WordCompletion) -> WordCompletion {
        guard !words.isEmpty else { return .choices(PlotKind.names) }
        guard words.count == 1, let completion = kind(of: words)?.argument?.completion else { return rest }
        return completion
    }

    /// The plot kind named by the first of the positional words typed so far.
    static func kind(of words: [String]) -> PlotKind? {
        words.first.flatMap(PlotKind.named)
    }

    static func kindWord(_ args: Arguments) throws -> PlotKind {
        let kinds = PlotKind.names.joined(separator: ", ")
        guard let word = args.words.first else { throw LabError("missing plot kind (\(kinds))") }
        guard let kind = PlotKind.named(word.text) else {
            throw LabError("column \(word.column): unknown plot '\(Arguments.clip(word.text))' (plots: \(kinds))")
        }
        return kind
    }

    /// The FILE of `export pytorch|notebook FILE` as typed, and whether overwrite= was given.
    static func documentFile(_ args: Arguments, form: UsageForm) throws -> (file: String, overwrite: Bool) {
        try args.restrict(to: documentOptions, of: form.words.split(separator: " ").prefix(2).joined(separator: " "))
        try args.expectAtMost(2, usage: form.text)
        guard args.words.count == 2 else { throw args.missing("file name", usage: form.text) }
        return (args.words[1].text, try args.flag("overwrite", default: false))
    }

    /// The arguments of `export KIND … FILE` that the plot reads: its words without the file,
    /// its options without size= and overwrite=.
    static func plotArguments(_ args: Arguments, kind: PlotKind) throws -> Arguments {
        let accepted = kind.options
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
