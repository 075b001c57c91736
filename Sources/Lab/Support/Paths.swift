import Foundation

/// File paths as bplab takes and shows them. A user's path is resolved
/// against the session's folder (`baseDirectory`: a replayed transcript's
/// folder, or the current directory); output shows it relative to that
/// folder, and a transcript's directory lines are written relative to the
/// transcript's own folder, so no file holds machine-specific folders.
enum Paths {
    /// `target` relative to `folder` (both made absolute): `.`, `..`, `../data`, or
    /// `target` itself when they share nothing but the root.
    static func relativePath(from folder: String, to target: String) -> String {
        let from = absolute(folder).split(separator: "/"), to = absolute(target).split(separator: "/")
        var common = 0
        while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
        if common == 0 && !from.isEmpty { return absolute(target) }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// `path` absolute (against the current directory) and standardized.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension Paths {
    /// A user's path: absolute as given, relative to `base` otherwise, `~/`
    /// expanded to `$HOME` as a shell does (the passwd entry only without one).
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") {
            guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return (path as NSString).expandingTildeInPath }
            return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        return (base as NSString).appendingPathComponent(path)
    }

    /// A path as shown in output: relative to `base` when inside it, so
    /// transcripts hold no machine-specific folders.
    static func display(_ path: String, against base: String) -> String {
        let folder = (resolve(".", against: base) as NSString).standardizingPath + "/"
        let full = (path as NSString).standardizingPath
        return full.hasPrefix(folder) ? String(full.dropFirst(folder.count)) : full
    }
}

extension CommandContext {
    /// A user's path, resolved against the session's folder; during a check,
    /// a file the check wrote is its copy in the scratch folder (`ReplayScratch`).
    public func resolve(_ path: String) -> String {
        let resolved = Paths.resolve(path, against: baseDirectory)
        guard let scratch = replayContext?.scratch else { return resolved }
        return scratch.existingCopy(of: WriteTarget.realLocation(resolved)) ?? resolved
    }
    /// A path as shown in output (a scratch copy as the file it stands for).
    public func displayPath(_ path: String) -> String {
        Paths.display(replayContext?.scratch?.original(of: path) ?? path, against: baseDirectory)
    }
}
