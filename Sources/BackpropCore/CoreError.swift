/// A user's mistake detected by the numeric core: impossible sizes, unknown
/// names, malformed model files, non-finite data. The REPL prints
/// `error: <description>`; nothing in the core traps on user input.
public enum CoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidSize(String)
    case unknownName(String)
    case incompatible(String)
    case shapeMismatch(String)
    case nonFinite(String)
    case malformedModel(String)

    public var description: String {
        switch self {
        case .invalidSize(let m), .unknownName(let m), .incompatible(let m),
             .shapeMismatch(let m), .nonFinite(let m):
            return m
        case .malformedModel(let m):
            return "malformed model file: \(m)"
        }
    }
}
