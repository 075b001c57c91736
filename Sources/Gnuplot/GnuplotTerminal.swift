import Foundation

/// Where gnuplot draws: text or sixel graphics in the terminal, or a file.
///
/// Every terminal is set `noenhanced`, so user text is drawn literally
/// (enhanced mode would turn `w_1^2` into sub- and superscripts). Fonts are
/// named explicitly, so a plot does not depend on gnuplot's compiled-in
/// default. Sizes: characters for `dumb`, pixels for the bitmaps and SVG,
/// and points (1/72 inch) for PDF, so that `size=800x600` means the same
/// proportions in every format.
public enum GnuplotTerminal: Equatable, Sendable {
    /// Characters in the terminal (`set terminal dumb`): `columns` × `lines`,
    /// as the REPL measures its window. `color` uses ANSI colour escapes;
    /// without it the text is plain (transcripts, pipes, `NO_COLOR`).
    case dumb(columns: Int, lines: Int, color: Bool = false)
    /// Sixel graphics, drawn inline by terminals that show them (xterm -ti
    /// vt340, mlterm, foot, WezTerm…), through gnuplot's `sixelgd` driver.
    /// Check `GnuplotProcess.terminals()` and use `ifAvailable(_:else:)`:
    /// a gnuplot built without libgd has no `sixelgd`.
    case sixel(width: Int, height: Int)
    /// A PNG file (`pngcairo`, antialiased).
    case png(width: Int, height: Int)
    /// An SVG file of fixed size. gnuplot's SVG carries no timestamp and no
    /// random ids, so the same plot gives the same bytes on every run.
    case svg(width: Int, height: Int)
    /// A PDF file (`pdfcairo`); `width` × `height` in points, 72 per inch.
    /// `fontscale 1`: pdfcairo would otherwise draw text at half its size.
    case pdf(width: Int, height: Int)

    /// True when the output is a file, which `set output` must name.
    public var writesFile: Bool {
        switch self {
        case .dumb, .sixel: return false
        case .png, .svg, .pdf: return true
        }
    }

    /// gnuplot's name for the driver, as listed by `GnuplotProcess.terminals()`.
    public var driver: String {
        switch self {
        case .dumb: return "dumb"
        case .sixel: return "sixelgd"
        case .png: return "pngcairo"
        case .svg: return "svg"
        case .pdf: return "pdfcairo"
        }
    }

    /// The `set terminal` command. Internal: scripts get it only through
    /// `GnuplotScript(terminal:output:)`, together with a checked output.
    var setup: String {
        switch self {
        case let .dumb(columns, lines, color):
            // At least 20×10: gnuplot needs room for the border and tick labels.
            return "set terminal dumb size \(max(columns, 20)),\(max(lines, 10)) noenhanced \(color ? "ansi" : "mono")"
        case let .sixel(width, height):
            return "set terminal sixelgd size \(width),\(height) truecolor noenhanced font 'DejaVu Sans,10'"
        case let .png(width, height):
            return "set terminal pngcairo size \(width),\(height) noenhanced font 'DejaVu Sans,10'"
        case let .svg(width, height):
            return "set terminal svg size \(width),\(height) fixed noenhanced font 'DejaVu Sans,10' background '#ffffff'"
        case let .pdf(width, height):
            return String(format: "set terminal pdfcairo size %.2fin,%.2fin noenhanced font 'DejaVu Sans,10' fontscale 1",
                          Double(width) / 72, Double(height) / 72)
        }
    }

    /// The first commands of a script drawing on this terminal:
    /// `set terminal …` and `set output '…'`, or `unset output` (drawing to
    /// stdout, which `GnuplotProcess.run` returns) when `path` is nil.
    ///
    /// - Throws: `GnuplotError.unsafePath` when `path` would run a command or
    ///   holds control characters (`GnuplotQuoting.validateOutputPath`), or
    ///   when a file format (png, svg, pdf) is given no path: its bytes would
    ///   come back as garbled text.
    func preamble(output path: String?) throws -> [String] {
        guard let path else {
            if writesFile { throw GnuplotError.unsafePath("\(driver) writes a file: give an output file name") }
            return [setup, "unset output"]
        }
        try GnuplotQuoting.validateOutputPath(path)
        return [setup, "set output \(GnuplotQuoting.quoted(path))"]
    }

    /// This terminal if gnuplot has its driver (`drivers` from
    /// `GnuplotProcess.terminals()`), else `fallback` — typically sixel
    /// falling back to `.dumb` text on a gnuplot built without libgd.
    public func ifAvailable(_ drivers: Set<String>, else fallback: GnuplotTerminal) -> GnuplotTerminal {
        drivers.contains(driver) ? self : fallback
    }

    /// The file terminal for a path's extension (.png, .svg, .pdf), or nil.
    public static func forFile(_ path: String, width: Int, height: Int) -> GnuplotTerminal? {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return .png(width: width, height: height)
        case "svg": return .svg(width: width, height: height)
        case "pdf": return .pdf(width: width, height: height)
        default: return nil
        }
    }
}
