import Foundation
import Gnuplot

/// `export notebook FILE.md|FILE.html`: the session so far as a notebook —
/// prose comments as text, each command with its output as a code block, and
/// each plot drawn again from the script recorded when it was made, as SVG:
/// inline in the HTML (one self-contained file), as files beside the Markdown.
enum NotebookExport {
    static func write(session: Session, to path: String, overwrite: Bool) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "md" || ext == "html" else { throw LabError("a notebook is .md or .html, got '.\(ext)'") }
        try FileWriter.checkTarget(path, shownAs: session.displayPath(path), overwrite: overwrite)
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = (path as NSString).deletingLastPathComponent
        var blocks: [Block] = []
        for (index, entry) in session.record.entries.enumerated() {
            switch entry {
            case .prose(let line):
                let text = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if case .prose(let previous)? = blocks.last { blocks[blocks.count - 1] = .prose(previous + " " + text) } else { blocks.append(.prose(text)) }
            case let .command(command, _, output):
                var svg: String?
                if let script = session.recordedPlots[index] { svg = try render(script, session: session) }
                blocks.append(.command(command, output: svg == nil ? output : [], svg: svg))
            }
        }
        if ext == "html" {
            try FileWriter.write(Data(html(blocks, title: stem).utf8), to: path, shownAs: session.displayPath(path), overwrite: overwrite)
            return
        }
        var text = "# \(stem)\n\n"
        var plotNumber = 0
        for block in blocks {
            switch block {
            case .prose(let prose): text += prose + "\n\n"
            case let .command(command, output, svg):
                text += "```\nbp> \(command)\n" + output.map { $0 + "\n" }.joined() + "```\n\n"
                if let svg {
                    plotNumber += 1
                    let name = "\(stem)-plot-\(plotNumber).svg"
                    let file = (folder as NSString).appendingPathComponent(name)
                    try FileWriter.write(Data(svg.utf8), to: file, shownAs: session.displayPath(file), overwrite: true)
                    text += "![plot \(plotNumber)](\(name))\n\n"
                }
            }
        }
        try FileWriter.write(Data(text.utf8), to: path, shownAs: session.displayPath(path), overwrite: overwrite)
    }

    enum Block {
        case prose(String)
        case command(String, output: [String], svg: String?)
    }

    /// The plot as SVG text, drawn by the session's gnuplot into a temporary file.
    static func render(_ script: GnuplotScript, session: Session) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-notebook-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var full = GnuplotScript()
        full.add(GnuplotTerminal.svg(width: PlotStyle.defaultSize.width, height: PlotStyle.defaultSize.height).setup)
        full.add("set output \(GnuplotQuoting.quoted(file))")
        full.append(script)
        _ = try session.gnuplot.run(full)
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        // Inline SVG needs no XML prologue or DOCTYPE.
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
            case let .command(command, output, svg):
                body += "<pre class=\"cell\"><span class=\"prompt\">bp&gt;</span> <b>\(escape(command))</b>"
                if !output.isEmpty { body += "\n" + output.map(escape).joined(separator: "\n") }
                body += "</pre>\n"
                if let svg { body += "<figure>\(svg)</figure>\n" }
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
