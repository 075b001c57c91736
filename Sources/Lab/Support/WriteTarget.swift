import Foundation

/// A file a command is about to write, checked: every path a command writes
/// goes through `CommandContext.writeTarget`, the one place these rules live.
///
/// - An existing file is replaced only when asked (overwrite=yes), and never
///   when it is not a regular file (a folder, a symbolic link, a FIFO, a
///   device) or is read-only — not even as root, who could write it.
/// - During a replay (`ReplayContext`) the transcript is input, so it is
///   contained: a write must resolve — after `..` and symbolic links — inside
///   the transcript's folder or a folder its directory line names; it may
///   replace, beyond overwrite=yes, only a file that the transcript recorded
///   this command writing; and it never touches the transcript being
///   replayed nor one replaying it, whatever it asks.
struct WriteTarget {
    /// The path, as resolved against the session's folder.
    let path: String
    /// The path as messages show it (relative to the session's folder).
    let shown: String
    /// Whether an existing regular file at `path` may be replaced.
    let overwrite: Bool

    /// Throws when `path` now holds something that may not be replaced: for
    /// the writer to check again just before it renames.
    func checkReplaceable() throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { throw LabError("\(shown) \(Self.describe(kind)); bplab replaces only regular files") }
        guard info.st_mode & 0o222 != 0 else { throw LabError("\(shown) is read-only; bplab does not replace it") }
        guard overwrite else { throw LabError("\(shown) exists; add overwrite=yes to replace it") }
    }

    /// "is a directory", "is a FIFO (named pipe)": what a non-regular file is.
    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "is a directory"
        case S_IFLNK: "is a symbolic link"
        case S_IFIFO: "is a FIFO (named pipe)"
        case S_IFCHR: "is a character device"
        case S_IFBLK: "is a block device"
        case S_IFSOCK: "is a socket"
        default: "is not a regular file"
        }
    }

    /// `path` with its existing part's symbolic links and `..` resolved (the
    /// rest does not exist yet, so it holds none): where a write really lands.
    static func realLocation(_ path: String) -> String {
        var existing = Paths.absolute(path), rest: [String] = []
        while existing != "/", realpath(existing, nil) == nil {
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = realpath(existing, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? existing
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// Whether `path` (a real location) is `folder` or lies below it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder + "/")
    }
}

extension CommandContext {
    /// The checked target for writing the user's `path` (already resolved)
    /// with overwrite=yes `asked`. `recordedAs` is the file whose recorded
    /// mention grants a replay the replacement (a notebook's, for its plots).
    func writeTarget(_ path: String, overwrite asked: Bool, recordedAs named: String? = nil) throws -> WriteTarget {
        let shown = displayPath(path)
        var granted = asked
        if let replay = replayContext {
            let location = WriteTarget.realLocation(path)
            // A transcript's own name may be a symbolic link too: compare where both really are.
            if replay.transcripts.contains(where: { WriteTarget.realLocation($0) == location }) {
                throw LabError("\(shown) is a transcript being replayed; a replay never writes it")
            }
            guard replay.allows(location) else {
                throw LabError("\(shown) is outside the transcript's folder; a replayed transcript writes only inside it "
                               + "(or the folder its directory line names)")
            }
            granted = granted || replay.recordedWriting(displayPath(named ?? path))
        }
        let target = WriteTarget(path: path, shown: shown, overwrite: granted)
        try target.checkReplaceable()
        return target
    }
}
