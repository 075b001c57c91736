import Foundation

/// Every file bplab writes — models, sessions, scripts, notebooks, and the
/// plots gnuplot draws — is put in place the same way (`replace`): written
/// to a temporary file beside the target (`TemporaryFiles`), checked,
/// forced to disk, then renamed over the target in one step. Any failure,
/// a full disk included, is an error, the temporary file is removed, and the
/// old file stays as it was: a file is either the old one or the whole new one.
///
/// Messages name the file as `WriteTarget.shown` (relative to the session),
/// so transcripts hold no machine paths.
enum FileWriter {
    static func write(_ data: Data, to target: WriteTarget) throws {
        try write(to: target) { put in try put(data) }
    }

    /// Writes the pieces `produce` puts, one after another, so a large file
    /// (a model of millions of weights) never has to be held whole; `produce`
    /// may throw between pieces (Ctrl-C) and the old file stays as it was.
    static func write(to target: WriteTarget, produce: (_ put: (Data) throws -> Void) throws -> Void) throws {
        try replace(target) { temporary in
            let file = open(temporary, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard file >= 0 else { throw failure(target.shown, errno) }
            var open = true
            defer { if open { close(file) } }
            try produce { data in try writeAll(data, to: file, shownAs: target.shown) }
            open = false
            guard close(file) == 0 else { throw failure(target.shown, errno) }
        }
    }

    /// Makes the target's folder, lets `fill` write the temporary file (its
    /// path given), `verify` check it, then syncs and renames it into place.
    /// Without overwrite the file is linked into place, which fails if one
    /// appeared meanwhile, so nothing is ever replaced unasked (the link is
    /// then left behind when the temporary name is removed).
    static func replace(_ target: WriteTarget, fill: (String) throws -> Void, verify: (String) throws -> Void = { _ in }) throws {
        try createFolder(of: target)
        let temporary = try TemporaryFiles.create(beside: target.path, shownAs: target.shown)
        defer { unlink(temporary) }  // gone after a rename; after a link, the target keeps the data
        try fill(temporary)
        try verify(temporary)
        try sync(temporary, shownAs: target.shown)
        try target.checkReplaceable()
        if target.overwrite || link(temporary, target.path) != 0 {
            // A file system without hard links (FAT, some shares) gets the checked rename.
            if !target.overwrite && (errno == EEXIST || access(target.path, F_OK) == 0) {
                throw LabError("\(target.shown) exists; add overwrite=yes to replace it")
            }
            guard rename(temporary, target.path) == 0 else { throw failure(target.shown, errno) }
        }
        syncFolder(of: target.path)
    }

    /// "cannot write NAME: no space left on device": an errno in words.
    static func failure(_ shown: String, _ code: Int32) -> LabError {
        var reason = String(cString: strerror(code))
        reason = reason.prefix(1).lowercased() + reason.dropFirst()
        if code == EACCES { reason += " (is its folder read-only?)" }
        return LabError("cannot write \(shown): \(reason)")
    }

    /// Makes the target's folder and the folders above it that are missing
    /// (`WriteTarget` allowed them: inside the session's folder).
    private static func createFolder(of target: WriteTarget) throws {
        for folder in WriteTarget.missingFolders(of: target.path) where mkdir(folder, 0o777) != 0 && errno != EEXIST {
            throw LabError(failure(target.shown, errno).message.replacingOccurrences(of: "cannot write", with: "cannot create the folder of"))
        }
    }

    /// Writes all of `data` (a short write or ENOSPC is an error, not a shorter file).
    private static func writeAll(_ data: Data, to file: Int32, shownAs shown: String) throws {
        var failed: Int32 = 0
        data.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let n = Foundation.write(file, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { failed = n < 0 ? errno : ENOSPC; return }
                done += n
            }
        }
        if failed != 0 { throw failure(shown, failed) }
    }

    /// Forces a written file's data to disk before it replaces anything.
    private static func sync(_ path: String, shownAs shown: String) throws {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { throw failure(shown, errno) }
        defer { close(file) }
        guard fsync(file) == 0 else { throw failure(shown, errno) }
    }

    /// Makes the rename itself durable (best effort: a folder may refuse fsync).
    private static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let file = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard file >= 0 else { return }
        fsync(file)
        close(file)
    }
}
