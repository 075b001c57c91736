import Foundation
import Gnuplot

/// The one look every plot shares: a white background, a light grid, a
/// boxed key, and a colour-blind-safe palette (Okabe–Ito) for classes and lines.
enum PlotStyle {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
    /// Shading characters for heat maps on a text terminal, light to dark.
    static let shades = Array(" .:-=+*#%@")

    static func color(_ k: Int) -> String { colors[k % colors.count] }

    /// Class k's colour mixed with white, for the regions under the points.
    static func tint(_ k: Int, amount: Double = 0.7) -> String {
        let hex = colors[k % colors.count].dropFirst()
        let channels = stride(from: 0, to: 6, by: 2).map { i -> Int in
            let start = hex.index(hex.startIndex, offsetBy: i)
            let value = Double(Int(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!)
            return Int((value + (255 - value) * amount).rounded())
        }
        return "#" + channels.map { String(format: "%02X", $0) }.joined()
    }

    /// Commands every script starts with (after the terminal). Text plots
    /// get no grid (its dots would drown the curves) and an unboxed key.
    static func preamble(title: String, xlabel: String, ylabel: String, text: Bool) -> [String] {
        if text {
            return [
                "set termoption noenhanced",
                "set title \(GnuplotQuoting.quoted(title))",
                "set xlabel \(GnuplotQuoting.quoted(xlabel))",
                "set ylabel \(GnuplotQuoting.quoted(ylabel))",
                "set key top right nobox",
            ]
        }
        return [
            "set termoption noenhanced",
            "set encoding utf8",
            "set title \(GnuplotQuoting.quoted(title)) font ',12'",
            "set xlabel \(GnuplotQuoting.quoted(xlabel))",
            "set ylabel \(GnuplotQuoting.quoted(ylabel))",
            "set grid lc rgb '#e0e0e0' lt 1",
            "set border lc rgb '#404040'",
            "set key top right box lc rgb '#a0a0a0' opaque",
        ] + colors.enumerated().map { "set style line \($0 + 1) lc rgb '\($1)' lw 2 pt 7 ps 0.8" }
    }

    /// A blue–white–red palette centred on 0.5 for network outputs in [0, 1].
    static let outputPalette = "set palette defined (0 '#2166AC', 0.5 '#F7F7F7', 1 '#B2182B')"
    /// A diverging palette for weights, symmetric around 0.
    static let weightPalette = "set palette defined (-1 '#2166AC', 0 '#F7F7F7', 1 '#B2182B')"
}
