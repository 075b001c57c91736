import Gnuplot

/// Lines of text drawn by gnuplot's dumb terminal inside a frame, each
/// where it is given: how a plot that is words rather than axes (the text
/// form of `plot net`, a plot that needs pixels) goes wherever text plots
/// go — the terminal, transcripts, replay — and still looks like a plot.
enum TextPage {
    /// The script for `lines`, and the terminal made as tall as they need
    /// (at least 10 lines, the dumb terminal's least).
    static func script(_ lines: [String], target: inout PlotTarget) throws -> GnuplotScript {
        target.lines = max(lines.count + 2, 10)
        var script = GnuplotScript()
        try script.add(["set termoption noenhanced", "set encoding utf8", "unset tics", "unset key",
                        "set lmargin at screen 0", "set rmargin at screen 1", "set tmargin at screen 1", "set bmargin at screen 0",
                        "set xrange [0:1]", "set yrange [0:1]"])
        for (k, line) in lines.enumerated() where !line.isEmpty {
            try script.add("set label \(k + 1) \(GnuplotQuoting.quoted(line)) at character 2, character \(target.lines - 2 - k) left")
        }
        try script.add("plot NaN notitle")
        return script
    }

    /// `parts` in lines that fit inside the frame of a `target.columns`-wide terminal.
    static func wrapped(_ parts: [String], target: PlotTarget) -> [String] {
        PlotStyle.wrapped(parts, width: target.columns - 4)
    }
}
