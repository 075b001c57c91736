import Foundation
import Gnuplot

extension ProtocolServer {
    /// Runs a cell: its lines in order, as typed, stopping at the first
    /// command that fails and at Ctrl-C (SIGINT). A `command` message goes
    /// out as each command ends, with its output and plots; the reply says
    /// how the cell ended, with what was printed after the last command
    /// (the note of an interrupt). The Ctrl-C flag is cleared on both sides,
    /// so an interrupt meant for one cell never stops the next.
    func run(_ code: String, id: RequestID?, pictures: PictureRequest) -> ProtocolReply {
        session.interrupt.clear()
        defer { session.interrupt.clear() }
        _ = collector.take()
        var commands = 0, lineNumber = 0
        var failure: ProtocolError?
        var recordedBefore = session.record.commands.count
        session.onCommandEnd = { [unowned self] text, column, ok in
            commands += 1
            var parts = collector.take()
            let message = collector.takeError()
            let error = ok ? nil : ProtocolError(message: message ?? "failed", line: lineNumber, column: column, command: text)
            attachPictures(pictures, to: &parts, recordedAfter: recordedBefore)
            recordedBefore = session.record.commands.count
            failure = error ?? failure
            emit(CommandMessage(id: id, line: lineNumber, column: column, command: text, status: ok ? "ok" : "error",
                                output: parts, error: error))
        }
        defer { session.onCommandEnd = nil }
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var status = "ok"
        for (index, line) in lines.enumerated() {
            lineNumber = index + 1
            let ok = session.run(line)
            if session.interrupt.isRequested { status = "interrupted"; break }
            if !ok { status = "error"; break }
            if session.quitRequested { break }
        }
        let skipped = lines.dropFirst(lineNumber).filter { !$0.allSatisfy(\.isWhitespace) }.count
        return ProtocolReply(status: status, error: status == "error" ? failure : nil, commands: commands,
                             skippedLines: skipped, output: collector.take())
    }

    /// Draws the plots recorded since command number `number` as the asked
    /// pictures: the first into the first plot drawn in text, and so on;
    /// a plot that went to a file (no text) becomes a plot of its own.
    private func attachPictures(_ request: PictureRequest, to parts: inout [OutputPart], recordedAfter number: Int) {
        let scripts = session.recordedPlots.filter { $0.key > number }.sorted { $0.key < $1.key }.map(\.value)
        var next = scripts.makeIterator()
        for index in parts.indices {
            guard case .plot(var plot) = parts[index], let script = next.next() else { continue }
            request.draw(script, into: &plot, renderer: session.context.plotRenderer)
            parts[index] = .plot(plot)
        }
        while let script = next.next() {
            var plot = PlotData(text: "")
            request.draw(script, into: &plot, renderer: session.context.plotRenderer)
            parts.append(.plot(plot))
        }
    }
}

/// What a `run` request asked of its plots: which pictures, how large.
struct PictureRequest {
    var formats: [String] = []
    var width = PlotStyle.defaultSize.width
    var height = PlotStyle.defaultSize.height

    init(_ request: PlotRequest?) throws {
        guard let request else { return }
        if let unknown = request.formats.first(where: { !ProtocolServer.pictureFormats.contains($0) }) {
            throw LabError("plots: '\(Arguments.clip(unknown))' is not a picture format (png, svg)")
        }
        formats = request.formats
        width = request.width ?? width
        height = request.height ?? height
        guard (50...10000).contains(width), (50...10000).contains(height) else {
            throw LabError("plots: width and height are pixels, each 50…10000")
        }
    }

    /// Adds the pictures of `script` to `plot`, or why gnuplot could not draw them.
    func draw(_ script: GnuplotScript, into plot: inout PlotData, renderer: PlotRenderer) {
        guard !formats.isEmpty else { return }
        do {
            if formats.contains("png") {
                plot.png = try renderer.picture(script, on: .png(width: width, height: height)).base64EncodedString()
            }
            if formats.contains("svg") {
                plot.svg = try NotebookExport.svg(script, renderer: renderer, width: width, height: height)
            }
            (plot.width, plot.height) = (width, height)
        } catch {
            (plot.png, plot.svg) = (nil, nil)
            plot.error = error.userMessage
        }
    }
}

/// Collects a session's output for the protocol: text lines (merged into
/// one part while no plot comes between), plots in their text form, and
/// the error line of a failed command, apart.
final class OutputCollector: @unchecked Sendable {
    private var parts: [OutputPart] = []
    private var error: String?

    var target: OutputTarget {
        OutputTarget(write: { [unowned self] line in
            if case .text(let text)? = parts.last { parts[parts.count - 1] = .text(text + line + "\n") } else { parts.append(.text(line + "\n")) }
        }, writeError: { [unowned self] line in
            error = line.hasPrefix("error: ") ? String(line.dropFirst("error: ".count)) : line
        }, writePlot: { [unowned self] lines in
            parts.append(.plot(PlotData(text: lines.map { $0 + "\n" }.joined())))
        })
    }

    /// The parts collected since the last call.
    func take() -> [OutputPart] {
        defer { parts = [] }
        return parts
    }

    /// The error of the command that just failed.
    func takeError() -> String? {
        defer { error = nil }
        return error
    }
}
