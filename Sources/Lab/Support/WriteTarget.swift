import Foundation

/// A file a command is about to write, checked: every path a command writes
/// goes through `CommandContext.writeTarget`, the one place these rules live.
///
/// - An existing file is replaced only when asked (overwrite=yes), and never
///   when it is not a regular file (a folder, a symbolic link, a FIFO, a
///   device) or is read-only — not even as root, who could write it.
/// - A missing folder is made only inside the session's folder (plots/,
///   sessions/, `export notebook out/nb.md`): a path elsewhere must name a
///   folder that exists, so a typo never leaves a tree of folders behind.
/// - During a replay (`ReplayContext`) the transcript is input, so it is
///   contained: a write must resolve — after `..` and symbolic links — inside
///   the transcript's folder or a folder its directory line names; it may
///   replace, beyond overwrite=yes, only a file that the transcript recorded
///   this command writing; and it never touches the transcript being
///   replayed nor one replaying it, whatever it asks. A check writes
///   into its scratch folder instead (`ReplayScratch`), after every rule
///   above held for the file it stands for.
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

    /// The folders above `path` that do not exist yet, outermost first: the ones a write makes.
    static func missingFolders(of path: String) -> [String] {
        var missing: [String] = []
        var folder = (Paths.absolute(path) as NSString).deletingLastPathComponent
        var info = stat()
        while folder != "/" && stat(folder, &info) != 0 {
            missing.insert(folder, at: 0)
            folder = (folder as NSString).deletingLastPathComponent
        }
        return missing
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
        // A file a check wrote is named by its copy (`resolve`): the rules are those of the file it stands for.
        let path = replayContext?.scratch?.original(of: path) ?? path
        let shown = displayPath(path)
        var granted = asked
        let location = WriteTarget.realLocation(path)
        if let replay = replayContext {
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
        if let folder = WriteTarget.missingFolders(of: path).first,
           !WriteTarget.isInside(WriteTarget.realLocation(folder), WriteTarget.realLocation(baseDirectory)) {
            throw LabError("cannot write \(shown): the folder \(displayPath(folder)) does not exist, "
                           + "and bplab makes folders only inside the session's folder")
        }
        let target = WriteTarget(path: path, shown: shown, overwrite: granted)
        try target.checkReplaceable()
        guard let scratch = replayContext?.scratch else { return target }
        let copy = WriteTarget(path: scratch.copy(of: location), shown: shown, overwrite: granted)
        try copy.checkReplaceable()
        return copy
    }
}
