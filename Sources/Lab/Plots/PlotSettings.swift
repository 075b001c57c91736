/// `set terminal`: where plots go. The raw values are the words users type
/// and `show settings` prints.
public enum TerminalSetting: String, CaseIterable, Sendable {
    /// Sixel graphics where the terminal shows them, else text.
    case auto
    /// Text in the terminal.
    case dumb
    /// Sixel graphics in the terminal.
    case sixel
    /// A file under plots/ per plot.
    case png, svg, pdf
}

/// `set sixel`: whether `set terminal auto` may draw sixel graphics. The raw
/// values are the words users type and `show settings` prints.
public enum SixelSetting: String, CaseIterable, Sendable {
    /// Ask the environment, then the terminal (`SixelSupport`).
    case auto
    case yes, no
}
