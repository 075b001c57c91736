import Foundation

/// Reads a file the user named, with errors in words: "sessions is a
/// directory, not a transcript" rather than Foundation's "NSCocoaErrorDomain
/// error 256". `name` is how the path is shown; `what` names the kind of file
/// expected ("a transcript", "a model file").
public enum FileReader {
    /// Throws unless `path` names a file (not a folder): for readers that open it themselves.
    public static func requireFile(at path: String, shownAs name: String, what: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LabError("\(name): no such file")
        }
        guard !isDirectory.boolValue else { throw LabError("\(name) is a directory, not \(what)") }
    }

    public static func data(at path: String, shownAs name: String, what: String) throws -> Data {
        try requireFile(at: path, shownAs: name, what: what)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoPermission {
            throw LabError("\(name): permission denied")
        } catch {
            throw LabError("cannot read \(name): \(error.localizedDescription)")
        }
    }

    /// The text of `path`, which must be UTF-8.
    public static func text(at path: String, shownAs name: String, what: String) throws -> String {
        guard let text = String(data: try data(at: path, shownAs: name, what: what), encoding: .utf8) else {
            throw LabError("\(name) is not UTF-8 text (is it \(what)?)")
        }
        return text
    }
}
