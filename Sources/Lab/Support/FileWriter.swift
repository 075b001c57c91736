import Foundation

/// Files written atomically (a temporary file beside the target, then a
/// rename), and never over an existing file unless asked. Messages name the
/// file as `shownAs` (relative to the session), so transcripts hold no machine paths.
enum FileWriter {
    static func write(_ data: Data, to path: String, shownAs name: String, overwrite: Bool) throws {
        try checkTarget(path, shownAs: name, overwrite: overwrite)
        let temporary = temporaryPath(beside: path)
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            try moveIntoPlace(temporary, path, shownAs: name, overwrite: overwrite)
        } catch let error as LabError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw LabError("cannot write \(name): \(error.localizedDescription)")
        }
    }

    /// Throws when `path` exists (and `overwrite` is off), is a directory, or its folder cannot be made.
    static func checkTarget(_ path: String, shownAs name: String, overwrite: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw LabError("\(name) is a directory") }
            if !overwrite { throw LabError("\(name) exists; add overwrite=yes to replace it") }
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw LabError("cannot create the folder of \(name): \(error.localizedDescription)")
            }
        }
    }

    static func temporaryPath(beside path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = ".\((path as NSString).lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        return folder.isEmpty ? name : folder + "/" + name
    }

    static func moveIntoPlace(_ temporary: String, _ path: String, shownAs name: String, overwrite: Bool) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw LabError("\(name) exists; add overwrite=yes to replace it")
        }
        guard rename(temporary, path) == 0 else {
            throw LabError("cannot write \(name): \(String(cString: strerror(errno)))")
        }
    }
}
