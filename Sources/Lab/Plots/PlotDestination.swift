import Foundation
import Gnuplot

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
    var target: PlotTarget {
        if case let .dumb(columns, lines, _) = gnuplot { return .init(text: true, columns: columns, lines: lines) }
        return .init(text: false)
    }

    /// This destination, as many lines tall as a text plot asked for in `target`.
    func sized(for target: PlotTarget) -> PlotDestination {
        guard case let .dumb(columns, _, color) = gnuplot else { return self }
        return PlotDestination(gnuplot: .dumb(columns: columns, lines: target.lines, color: color), file: file)
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
        let columns = max(output.columns - 1, 40), lines = max(min(output.lines - 2, 40), 15)
        let (width, height) = PlotStyle.defaultSize
        let color = output.isTerminal && output.color  // the console's judgement: a terminal with colour, NO_COLOR unset
        let text = PlotDestination(gnuplot: .dumb(columns: columns, lines: lines, color: color))
        // A gnuplot built without libgd has no sixel driver: text instead.
        var sixel: PlotDestination {
            PlotDestination(gnuplot: GnuplotTerminal.sixel(width: width, height: height)
                .ifAvailable(plotRenderer.drivers(), else: text.gnuplot))
        }
        switch state.settings.terminal {
        case .dumb: return text
        case .sixel: return sixel
        case .png: return PlotDestination(gnuplot: .png(width: width, height: height), file: "png")
        case .svg: return PlotDestination(gnuplot: .svg(width: width, height: height), file: "svg")
        case .pdf: return PlotDestination(gnuplot: .pdf(width: width, height: height), file: "pdf")
        case .auto:
            // Not a terminal (a pipe, a transcript): fixed-size text, so output is the same everywhere.
            guard output.isTerminal else { return PlotDestination(gnuplot: .dumb(columns: 79, lines: 24)) }
            return SixelSupport.detect(setting: state.settings.sixel) ? sixel : text
        }
    }
}
