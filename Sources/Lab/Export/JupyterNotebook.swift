import Foundation
import Gnuplot

/// `export notebook FILE.ipynb`: the session as a Jupyter notebook (nbformat
/// 4.5) for the bplab kernel (kernel/). Prose is Markdown; each command is a
/// code cell with its execution count and the outputs the kernel gives when
/// the cell runs: its text as a stream, its plot as PNG and SVG with the text
/// form beside, its error as an error (and the cell tagged
/// `raises-exception`, so a headless run of the notebook goes on past it, as
/// the session did). Cells are numbered, so a session writes the same file
/// every time. A plot gnuplot cannot draw keeps only its text form.
enum JupyterNotebook {
    /// The notebook's bytes, and why the plots that kept only their text could not be drawn.
    static func file(of context: CommandContext, title: String) -> (Data, textOnly: [String]) {
        var cells = [markdown(["# \(title)"])]
        var textOnly: [String] = []
        var prose: [String] = []
        var count = 0
        for entry in context.record.entries {
            if case .prose(let line) = entry {
                prose.append(String(line.drop { $0 == "#" }.drop { $0 == " " }))
                continue
            }
            guard case let .command(command, number, output) = entry else { continue }
            if !prose.isEmpty { cells.append(markdown(prose)) }
            prose = []
            count += 1
            let failed = context.failedCommands.contains(number)
            var outputs = self.outputs(output, failed: failed)
            if let script = context.recordedPlots[number] {
                do { outputs = [try picture(script, text: output, renderer: context.plotRenderer)] } catch {
                    textOnly.append(error.userMessage)
                }
            }
            cells.append(.object(["cell_type": .string("code"), "execution_count": .number(count),
                                  "metadata": .object(failed ? ["tags": .array([.string("raises-exception")])] : [:]),
                                  "source": NotebookJSON.lines(command), "outputs": .array(outputs)]))
        }
        if !prose.isEmpty { cells.append(markdown(prose)) }
        let numbered = cells.enumerated().map { index, cell -> NotebookJSON in
            guard case .object(var members) = cell else { return cell }
            members["id"] = .string("cell-\(index + 1)")
            return .object(members)
        }
        let notebook = NotebookJSON.object([
            "cells": .array(numbered), "metadata": metadata, "nbformat": .number(4), "nbformat_minor": .number(5),
        ])
        return (Data((notebook.rendered() + "\n").utf8), textOnly)
    }

    /// The kernel the notebook runs on (kernel/ installs it as `bplab`).
    static let metadata = NotebookJSON.object([
        "kernelspec": .object(["display_name": .string("bplab"), "language": .string("bplab"), "name": .string("bplab")]),
        "language_info": .object(["file_extension": .string(".bpl"), "mimetype": .string("text/x-bplab"), "name": .string("bplab"),
                                  "pygments_lexer": .string("text")]),
    ])

    static func markdown(_ lines: [String]) -> NotebookJSON {
        .object(["cell_type": .string("markdown"), "metadata": .object([:]), "source": NotebookJSON.lines(lines.joined(separator: "\n"))])
    }

    /// A command's text as a stream; a failed command's last line (its
    /// `error: …`) as an error, as the kernel reports it.
    static func outputs(_ lines: [String], failed: Bool) -> [NotebookJSON] {
        var text = lines
        var outputs: [NotebookJSON] = []
        var error: NotebookJSON?
        if failed, let last = text.last, last.hasPrefix("error: ") {
            text.removeLast()
            error = .object(["output_type": .string("error"), "ename": .string("error"),
                             "evalue": .string(String(last.dropFirst("error: ".count))), "traceback": .array([.string(last)])])
        }
        if !text.isEmpty {
            outputs.append(.object(["output_type": .string("stream"), "name": .string("stdout"),
                                    "text": NotebookJSON.lines(text.map { $0 + "\n" }.joined())]))
        }
        return outputs + (error.map { [$0] } ?? [])
    }

    /// The size of a notebook's plots, as the kernel draws them by default:
    /// matplotlib's inline size, which fits a notebook's column and a printed page.
    static let plotSize = (width: 640, height: 480)

    /// A plot as the kernel shows it: PNG (which untrusted notebooks show)
    /// and SVG, with the text form for readers that show text only.
    static func picture(_ script: GnuplotScript, text: [String], renderer: PlotRenderer) throws -> NotebookJSON {
        let (width, height) = plotSize
        let png = try renderer.picture(script, on: .png(width: width, height: height)).base64EncodedString()
        let svg = try NotebookExport.svg(script, renderer: renderer, width: width, height: height)
        var data: [String: NotebookJSON] = ["image/png": .string(png), "image/svg+xml": NotebookJSON.lines(svg)]
        if !text.isEmpty { data["text/plain"] = NotebookJSON.lines(text.joined(separator: "\n")) }
        return .object(["output_type": .string("display_data"), "data": .object(data), "metadata": .object([:])])
    }
}
