import Foundation

/// Whether the terminal can show sixel graphics.
///
/// Asking the terminal (DA1, ESC [ c) would need a raw read with a timeout
/// while readline owns the terminal, so bplab decides from the environment:
/// `set sixel yes|no` wins; otherwise BPLAB_SIXEL=1, or a TERM / TERM_PROGRAM
/// known to draw sixels (mlterm, foot, WezTerm, contour, yaft, xterm started
/// as a vt340).
enum SixelSupport {
    static let knownTerminals = ["mlterm", "foot", "wezterm", "contour", "yaft", "vt340", "sixel", "mintty", "konsole"]

    static func detect(setting: String) -> Bool {
        switch setting {
        case "yes": return true
        case "no": return false
        default:
            let environment = ProcessInfo.processInfo.environment
            if environment["BPLAB_SIXEL"] == "1" { return true }
            let names = [environment["TERM"], environment["TERM_PROGRAM"]].compactMap { $0?.lowercased() }
            return names.contains { name in knownTerminals.contains { name.contains($0) } }
        }
    }
}
