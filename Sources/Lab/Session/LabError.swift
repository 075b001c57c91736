import BackpropCore

/// A user's mistake in a command: printed as `error: <message>` in one place
/// (`Session.run`), after which the session goes on exactly as before.
public struct LabError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    /// The column of the line the mistake is at, when it is one place: the
    /// session then quotes the line with a caret under it.
    public var column: Int?

    public init(_ message: String) {
        self.message = message
    }

    /// "column N: …", pointing at column N of the line.
    public init(at column: Int, _ message: String) {
        self.message = "column \(column): \(message)"
        self.column = column
    }

    public var description: String { message }

    /// A long command that saw Ctrl-C between its steps: it stops, and the
    /// session puts the state back as it was before it.
    static let stopped = LabError("stopped by Ctrl-C; nothing changed")
}

extension Error {
    /// The text after `error: ` for any error a command can throw.
    public var userMessage: String {
        switch self {
        case let error as LabError: return error.message
        case let error as CoreError: return error.description
        default: return String(describing: self)
        }
    }
}
