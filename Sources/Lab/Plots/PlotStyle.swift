import Foundation
import Gnuplot

/// The one look every plot shares: a white background, a light grid behind
/// the data, outward ticks, the legend below the plot (where it can hide
/// nothing), and a colour-blind-safe palette (Okabe–Ito) for classes and
/// lines. Classes differ in shape as well as colour, so a plot still reads
/// in grey or on a text terminal.
enum PlotStyle {
    /// The size of every picture unless `size=` says otherwise: `export`,
    /// `set terminal png|svg|pdf|sixel`, and the plots of notebooks.
    static let defaultSize = (width: 800, height: 600)

    /// Okabe–Ito without its yellow (#F0E442 is unreadable on white), then a dark wine.
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255"]

    static func color(_ k: Int) -> String { colors[k % colors.count] }

    /// Class k's colour mixed with white, for the regions under the points.
    static func tint(_ k: Int, amount: Double = 0.7) -> String {
        mix(color(k), amount: amount)
    }

    /// `hex` (#RRGGBB) mixed with white: 0 keeps it, 1 is white.
    static func mix(_ hex: String, amount: Double) -> String {
        let digits = hex.dropFirst()
        let channels = stride(from: 0, to: 6, by: 2).map { i -> Int in
            let start = digits.index(digits.startIndex, offsetBy: i)
            let value = Double(Int(digits[start..<digits.index(start, offsetBy: 2)], radix: 16) ?? 0)
            return Int((value + (255 - value) * amount).rounded())
        }
        return "#" + channels.map { String(format: "%02X", $0) }.joined()
    }

    // MARK: Markers

    /// Filled point types per class (circle, triangle, square, diamond,
    /// triangle down, pentagon); the open outline of each is one less.
    static let filledPoints = [7, 9, 5, 13, 11, 15]

    static func filledPoint(_ k: Int) -> Int { filledPoints[k % filledPoints.count] }
    static func openPoint(_ k: Int) -> Int { filledPoint(k) - 1 }

    /// Characters for classes on a text terminal: letters, so they never
    /// look like the shading characters of a heat map (` .:-=+*#`). Held-out
    /// test samples get the capital.
    static let textSymbols = ["o", "x", "v", "s", "d", "z", "w", "e"]

    static func textSymbol(_ k: Int, test: Bool) -> String {
        let symbol = textSymbols[k % textSymbols.count]
        return test ? symbol.uppercased() : symbol
    }

    /// Point size for `count` samples: large and few, or small and many.
    static func pointSize(count: Int) -> Double {
        switch count {
        case ..<30: return 1.8
        case ..<300: return 1.2
        case ..<1500: return 0.9
        default: return 0.6
        }
    }

    /// A name fit for a legend entry: at most `limit` characters.
    static func legendName(_ name: String, text: Bool, limit: Int = 24) -> String {
        guard name.count > limit else { return name }
        return String(name.prefix(limit - (text ? 3 : 1))) + (text ? "..." : "…")
    }

    // MARK: Commands

    /// Commands every script starts with (after the terminal).
    ///
    /// Text plots get no grid (its dots would drown the curves), and their
    /// y label goes above the axis: the dumb terminal cannot turn text, and
    /// drops a horizontal label wider than the left margin.
    static func preamble(title: String, xlabel: String, ylabel: String, text: Bool) -> [String] {
        if text {
            return [
                "set termoption noenhanced",
                "set title \(GnuplotQuoting.quoted(title)) offset 0,1",
                "set xlabel \(GnuplotQuoting.quoted(xlabel))",
                "set label 1 \(GnuplotQuoting.quoted(ylabel)) at screen 0, graph 1 left offset character 1, character 1",
                "set tics nomirror",
                "set key bmargin center horizontal nobox Left reverse",
            ]
        }
        return [
            "set termoption noenhanced",
            "set encoding utf8",
            "set title \(GnuplotQuoting.quoted(title)) font ',12'",
            "set xlabel \(GnuplotQuoting.quoted(xlabel))",
            "set ylabel \(GnuplotQuoting.quoted(ylabel))",
            "set grid back lc rgb '#e0e0e0' lt 1",
            "set border lc rgb '#404040'",
            "set tics out nomirror",
            "set key bmargin center horizontal nobox Left reverse samplen 2 height 1.5",
        ] + colors.enumerated().map { "set style line \($0 + 1) lc rgb '\($1)' lw 2 pt \(filledPoint($0)) ps 1" }
    }

    /// `set key maxcols N` for the plot `layers`, so the legend has `rows`
    /// rows. gnuplot fills a wrapped legend column by column, so entries
    /// listed in pairs (a class's train, then its test samples) stand one
    /// above the other with two rows.
    static func keyColumns(_ layers: [String], rows: Int) -> String {
        let titled = layers.filter { !$0.hasSuffix(" notitle") }.count
        return "set key maxcols \(max(1, (titled + rows - 1) / max(rows, 1)))"
    }

    /// `parts` joined by spaces in lines of at most `width` characters, a
    /// part never broken (a text terminal drops a centred label wider than
    /// itself; a command broken over two lines could not be copied).
    static func wrapped(_ parts: [String], width: Int) -> [String] {
        var lines: [String] = []
        for part in parts {
            if let last = lines.last, last.count + 1 + part.count <= width {
                lines[lines.count - 1] += " " + part
            } else {
                lines.append(part)
            }
        }
        return lines
    }

    /// `set xtics (1, 5, 10, …, n)`: ticks on the 1-based indices of
    /// neurons, layers or epochs (never 0.5 or 1.5), at most about
    /// `labels` of them, always the first and the last.
    static func indexTics(_ axis: String, count n: Int, labels: Int = 20) -> String {
        "set \(axis)tics (" + indexTicks(count: n, labels: labels).map(String.init).joined(separator: ", ") + ")"
    }

    /// The indices `indexTics` puts ticks on.
    static func indexTicks(count n: Int, labels: Int = 20) -> [Int] {
        let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000]
            .first { n / $0 < labels } ?? max(1, n / labels)
        var ticks = [1] + stride(from: step, through: n, by: step).filter { $0 > 1 }
        if let last = ticks.last, last != n {
            if n - last < step / 2 && ticks.count > 1 { ticks.removeLast() }
            ticks.append(n)
        }
        return ticks
    }

    /// Tick format and spacing for a log axis holding `values` (> 0): plain
    /// numbers over a few decades, `1e-40` style beyond, and over many
    /// decades a major tick every few decades and no minor ticks (nine per
    /// decade would pile into black bars).
    static func logAxis(_ axis: String, values: [Double]) -> [String] {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let low = positive.min(), let high = positive.max() else { return ["set logscale \(axis)"] }
        let decades = Int((log10(high).rounded(.up) - log10(low).rounded(.down)).clamped(to: 0...10000))
        var commands = ["set logscale \(axis)"]
        commands.append(low >= 1e-4 && high <= 1e5 ? "set format \(axis) '%g'" : "set format \(axis) '1e%L'")
        if decades > 8 {
            // Listed, not `set ytics 1e10`: gnuplot 5.4 hangs on a multiplicative tick step that large.
            let step = [2, 5, 10, 20, 50, 100].first { decades / $0 <= 8 } ?? decades / 8
            let first = Int(log10(low).rounded(.down)), last = Int(log10(high).rounded(.up))
            let bottom = Int((Double(first) / Double(step)).rounded(.down)) * step
            let top = Int((Double(last) / Double(step)).rounded(.up)) * step
            commands.append("set \(axis)range [1e\(bottom):1e\(top)]")
            commands.append("set \(axis)tics (" + stride(from: bottom, through: top, by: step).map { "1e\($0)" }.joined(separator: ", ") + ")")
            commands.append("unset m\(axis)tics")
        }
        return commands
    }

    /// Output in [0, 1] of a two-class network: class 0's colour through
    /// white (0.5, undecided) to class 1's, light enough that the outlined
    /// points in full colour stand out on it.
    static var outputPalette: String {
        "set palette defined (0 '\(tint(0, amount: 0.45))', 0.5 '#FFFFFF', 1 '\(tint(1, amount: 0.45))')"
    }
    /// A sequential palette (light yellow to dark blue, ColorBrewer YlGnBu) for a numeric output.
    static let sequentialPalette = "set palette defined (0 '#FFFFD9', 0.35 '#C7E9B4', 0.65 '#41B6C4', 1 '#0C2C84')"
    /// A diverging palette for weights, symmetric around 0: blue negative, red positive.
    static let weightPalette = "set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 '#B2182B')"
}


fileprivate extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
