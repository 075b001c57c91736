import Foundation
import Synchronization

/// The temporary files bplab writes beside the files it replaces
/// (`.NAME.PID.RANDOM.tmp`), and the ones a killed bplab left behind.
///
/// A running bplab lists each temporary file it creates, before creating
/// it, in a list of its own in the state folder, which it holds locked
/// (`flock`) as long as it runs. A lock dies with its process however the
/// process ends — unlike a PID, which another process may get — so at its
/// start bplab takes over every list nobody holds, removes the files listed
/// there that are still present, and deletes the list (`adopt`). Without a
/// registry (tests, `--command-reference`) nothing is listed.
public enum TemporaryFiles {
    private struct Registry {
        var list: Int32
        var path: String
    }

    private static let registry = Mutex<Registry?>(nil)

    /// Starts this process's list in `folder` and removes what killed bplabs
    /// left (listed in lists nobody holds). Returns how many files it removed.
    @discardableResult
    public static func start(in folder: String) -> Int {
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return 0 }
        let removed = adopt(in: folder)
        // Locked under a hidden name, then renamed: no other bplab ever sees it unlocked.
        let name = "\(getpid())-\(UUID().uuidString.prefix(8))"
        let pending = folder + "/." + name, path = folder + "/" + name
        let list = open(pending, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND, 0o600)
        guard list >= 0 else { return removed }
        guard flock(list, LOCK_EX | LOCK_NB) == 0, rename(pending, path) == 0 else {
            close(list)
            unlink(pending)
            return removed
        }
        registry.withLock { $0 = Registry(list: list, path: path) }
        return removed
    }

    /// Deletes this process's list on a clean exit (its files are all gone).
    public static func finish() {
        registry.withLock { state in
            guard let current = state else { return }
            unlink(current.path)
            close(current.list)
            state = nil
        }
    }

    /// A new, empty temporary file beside `path`, listed first; throws with `shown` in the message.
    static func create(beside path: String, shownAs shown: String) throws -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = ".\((path as NSString).lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        let temporary = folder.isEmpty ? name : folder + "/" + name
        registry.withLock { state in
            guard let current = state else { return }
            let line = Data((Paths.absolute(temporary) + "\n").utf8)
            _ = line.withUnsafeBytes { write(current.list, $0.baseAddress, $0.count) }
        }
        let created = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard created >= 0 else { throw FileWriter.failure(shown, errno) }
        close(created)
        return temporary
    }

    /// Removes the temporary files of the lists in `folder` that no running bplab holds.
    private static func adopt(in folder: String) -> Int {
        var removed = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let list = open(path, O_RDONLY | O_CLOEXEC)
            guard list >= 0 else { continue }
            defer { close(list) }
            guard flock(list, LOCK_EX | LOCK_NB) == 0 else { continue }  // its bplab still runs
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for file in text.split(separator: "\n").map(String.init) where isTemporaryName(file) {
                if unlink(file) == 0 { removed += 1 }
            }
            unlink(path)
        }
        return removed
    }

    /// Only names bplab gives its temporary files are ever removed.
    static func isTemporaryName(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return path.hasPrefix("/") && name.hasPrefix(".") && name.hasSuffix(".tmp")
    }
}
