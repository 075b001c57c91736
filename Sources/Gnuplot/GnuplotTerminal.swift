import Foundation

/// Where gnuplot draws: text in the terminal, sixel graphics, or a file.
public enum GnuplotTerminal: Equatable, Sendable {
    /// Characters on the terminal (`set terminal dumb`), no colour codes.
    case dumb(columns: Int, lines: Int)
    /// Sixel graphics for terminals that show them (xterm -ti vt340, mlterm, foot, WezTerm…).
    case sixel(width: Int, height: Int)
    case png(width: Int, height: Int)
    /// SVG without timestamps or random ids: the same plot gives the same bytes.
    case svg(width: Int, height: Int)
    /// PDF size in pixels at 72 per inch.
    case pdf(width: Int, height: Int)

    /// True when the output is a file that needs `set output`.
    public var writesFile: Bool {
        switch self {
        case .dumb, .sixel: return false
        case .png, .svg, .pdf: return true
        }
    }

    /// The `set terminal` command.
    public var setup: String {
        switch self {
        case let .dumb(columns, lines):
            return "set terminal dumb size \(max(columns, 20)),\(max(lines, 10)) mono"
        case let .sixel(width, height):
            return "set terminal sixelgd size \(width),\(height) truecolor font 'DejaVu Sans,10'"
        case let .png(width, height):
            return "set terminal pngcairo size \(width),\(height) noenhanced font 'DejaVu Sans,10'"
        case let .svg(width, height):
            return "set terminal svg size \(width),\(height) fixed font 'DejaVu Sans,10' background '#ffffff'"
        case let .pdf(width, height):
            return String(format: "set terminal pdfcairo size %.2fin,%.2fin font 'DejaVu Sans,10'", Double(width) / 72, Double(height) / 72)
        }
    }

    /// The terminal for a file name's extension (.png, .svg, .pdf), or nil.
    public static func forFile(_ path: String, width: Int, height: Int) -> GnuplotTerminal? {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return .png(width: width, height: height)
        case "svg": return .svg(width: width, height: height)
        case "pdf": return .pdf(width: width, height: height)
        default: return nil
        }
    }
}
