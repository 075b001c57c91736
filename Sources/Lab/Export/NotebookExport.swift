import Foundation
import Gnuplot

/// `export notebook FILE.md|FILE.html|FILE.ipynb`: the session so far as a
/// notebook — prose comments as text, each command with its output as a code
/// block, and each plot drawn again from the script recorded when it was
/// made, as SVG: inline in the HTML (one self-contained file), as files
/// `STEM-plot-N.svg` beside the Markdown (never over existing ones unless
/// overwrite=yes). A plot gnuplot cannot draw (gnuplot missing or failing) is
/// left out with a note in its place; the text of the notebook is written all
/// the same. A Jupyter notebook (.ipynb) is `JupyterNotebook`'s.
enum NotebookExport {
    static func export(context: CommandContext, to path: String, overwrite asked: Bool) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["md", "html", "ipynb"].contains(ext) else { throw LabError("a notebook is .md, .html or .ipynb, got '.\(ext)'") }
        let target = try context.writeTarget(path, overwrite: asked)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = (path as NSString).deletingLastPathComponent
        let plotFile = { (n: Int) in (folder as NSString).appendingPathComponent("\(stem)-plot-\(n).svg") }
        // Every plot file is checked before anything is written.
        let plotTargets = try ext != "md" ? [] : (0..<context.recordedPlots.count).map {
            try context.writeTarget(plotFile($0 + 1), overwrite: asked, recordedAs: path)
        }
        if ext == "ipynb" {
            let (notebook, textOnly) = JupyterNotebook.file(of: context, title: stem)
            try FileWriter.write(notebook, to: target)
            reportExport(context, path: path)
            if let why = textOnly.first { context.print("note: \(Format.count(textOnly.count, "plot")) kept as text only: \(why)") }
            return
        }
        let (blocks, omitted) = self.blocks(of: context)
        if ext == "html" {
            try FileWriter.write(Data(html(blocks, title: stem).utf8), to: target)
        } else {
            let text = try markdown(blocks, title: stem) { n, svg in
                let plot = plotTargets[n - 1]
                try FileWriter.write(Data(svg.utf8), to: plot)
                return (plot.path as NSString).lastPathComponent
            }
            try FileWriter.write(Data(text.utf8), to: target)
        }
        reportExport(context, path: path)
        if let why = omitted.first {
            context.print("note: \(Format.count(omitted.count, "plot")) left out, with a note in its place: \(why)")
        }
    }

    private static func reportExport(_ context: CommandContext, path: String) {
        context.print("exported the notebook (\(Format.count(context.record.commands.count, "command"))) to \(context.displayPath(path))")
    }

    /// The session's record as notebook blocks, each recorded plot drawn
    /// again as SVG; also the reasons of the plots that could not be drawn.
    static func blocks(of context: CommandContext) -> (blocks: [Block], omitted: [String]) {
        var blocks: [Block] = []
        var omitted: [String] = []
        for entry in context.record.entries {
            switch entry {
            case .prose(let line):
                let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if case .prose(let previous)? = blocks.last { blocks[blocks.count - 1] = .prose(previous + " " + text) } else { blocks.append(.prose(text)) }
            case .directory:
                continue
            case let .command(command, number, output):
                var plot = Plot.none
                if let script = context.recordedPlots[number] {
                    do { plot = .svg(try render(script, context: context)) } catch {
                        plot = .omitted(error.userMessage)
                        omitted.append(error.userMessage)
                    }
                }
                if case .svg = plot { blocks.append(.command(command, output: [], plot: plot)) } else {
                    blocks.append(.command(command, output: output, plot: plot))
                }
            }
        }
        return (blocks, omitted)
    }

    /// The Markdown notebook; `writePlot(n, svg)` writes plot n beside it and returns its file name.
    static func markdown(_ blocks: [Block], title: String, writePlot: (Int, String) throws -> String) throws -> String {
        var text = "# \(title)\n\n"
        var plotNumber = 0
        for block in blocks {
            switch block {
            case .prose(let prose): text += prose + "\n\n"
            case let .command(command, output, plot):
                let fence = self.fence(for: [command] + output)
                text += "\(fence)\nbp> \(command)\n" + output.map { $0 + "\n" }.joined() + "\(fence)\n\n"
                switch plot {
                case .none: break
                case .omitted(let why): text += "*(plot omitted: \(why))*\n\n"
                case .svg(let svg):
                    plotNumber += 1
                    text += "![plot \(plotNumber)](\(try writePlot(plotNumber, svg)))\n\n"
                }
            }
        }
        return text
    }

    enum Plot {
        case none
        case svg(String)
        /// Could not be drawn; why.
        case omitted(String)
    }

    enum Block {
        case prose(String)
        case command(String, output: [String], plot: Plot)
    }

    /// A Markdown code fence longer than any run of backticks in `lines`, so output cannot close it.
    static func fence(for lines: [String]) -> String {
        var longest = 0
        for line in lines {
            var run = 0
            for character in line {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// The plot as SVG text, drawn by the session's gnuplot.
    static func render(_ script: GnuplotScript, context: CommandContext) throws -> String {
        try svg(script, renderer: context.plotRenderer, width: PlotStyle.defaultSize.width, height: PlotStyle.defaultSize.height)
    }

    /// The plot as SVG text of the given size, without the XML prologue and
    /// DOCTYPE (which inline SVG does not need).
    static func svg(_ script: GnuplotScript, renderer: PlotRenderer, width: Int, height: Int) throws -> String {
        let svg = String(decoding: try renderer.picture(script, on: .svg(width: width, height: height)), as: UTF8.self)
        guard let start = svg.range(of: "<svg") else { return svg }
        return String(svg[start.lowerBound...])
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func html(_ blocks: [Block], title: String) -> String {
        var body = ""
        for block in blocks {
            switch block {
            case .prose(let prose): body += "<p>\(escape(prose))</p>\n"
            case let .command(command, output, plot):
                body += "<pre class=\"cell\"><span class=\"prompt\">bp&gt;</span> <b>\(escape(command))</b>"
                if !output.isEmpty { body += "\n" + output.map(escape).joined(separator: "\n") }
                body += "</pre>\n"
                switch plot {
                case .none: break
                case .svg(let svg): body += "<figure>\(svg)</figure>\n"
                case .omitted(let why): body += "<p class=\"note\">(plot omitted: \(escape(why)))</p>\n"
                }
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title)) — bplab notebook</title>
            <style>
            body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 860px; margin: 2.5em auto; padding: 0 1em; color: #1d1d1f; background: #fff; }
            h1 { font-weight: 600; border-bottom: 1px solid #e3e3e3; padding-bottom: .3em; }
            p { margin: 1em 0; }
            pre.cell { font: 13px/1.45 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 6px; padding: .8em 1em; overflow-x: auto; }
            .prompt { color: #0072B2; }
            .note { color: #6a737d; font-style: italic; }
            figure { margin: 1em 0 2em; text-align: center; }
            figure svg { max-width: 100%; height: auto; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            \(body)</body>
            </html>

            """
    }
}
