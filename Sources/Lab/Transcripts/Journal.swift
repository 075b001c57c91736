import Foundation

/// The journal: every interactive session appends each command and its
/// output to `$XDG_STATE_HOME/bplab/journal-PID-RANDOM.bpl` as it goes,
/// forced to disk per command, so a crash or `kill -9` loses at most the
/// command in progress. A clean exit deletes it; at start, bplab offers the
/// journals of sessions that ended otherwise.
///
/// A session holds its journal locked (`flock`) while it runs. The lock goes
/// with the process however it ends, so a journal nobody holds is one whose
/// session is gone — whatever process now has its PID. A write that fails
/// (a full disk) is kept and retried with the next entry, and `warn` is
/// told once, so the journal never goes silent.
public final class Journal {
    public let path: String
    private let file: Int32
    /// Text not yet written (after a failed write), written before anything new.
    private var pending = Data()
    private var warned = false
    /// Says, once per run of failures, that the journal cannot be written.
    public var warn: ((String) -> Void)?

    /// Opens a new journal for this process in `folder`, locked.
    public init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = "journal-\(getpid())-\(UUID().uuidString.prefix(8)).bpl"
        path = (folder as NSString).appendingPathComponent(name)
        // Locked under a hidden name, then renamed: no other bplab sees it unlocked.
        let hidden = (folder as NSString).appendingPathComponent("." + name)
        file = open(hidden, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw LabError("cannot write the journal \(path): \(String(cString: strerror(errno)))") }
        guard flock(file, LOCK_EX | LOCK_NB) == 0, rename(hidden, path) == 0 else {
            close(file)
            unlink(hidden)
            throw LabError("cannot lock the journal \(path)")
        }
    }

    /// Appends entries and forces them to disk; what cannot be written now is retried next time.
    public func append(_ entries: [Transcript.Entry]) {
        pending.append(Data(Transcript(entries: entries).render().utf8))
        var failure: Int32 = 0
        while !pending.isEmpty {
            let n = pending.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { failure = n < 0 ? errno : ENOSPC; break }
            pending.removeFirst(n)
        }
        if failure == 0 && fsync(file) != 0 { failure = errno }
        if failure == 0 {
            warned = false
        } else if !warned {
            warned = true
            warn?("the journal \(path) cannot be written (\(String(cString: strerror(failure)))); "
                  + "bplab keeps what it could not write and tries again after each command")
        }
    }

    /// Ends the journal after a clean exit.
    public func finish() {
        unlink(path)
        close(file)
    }

    /// Journals in `folder` that no running session holds, newest first.
    public static func unfinished(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("journal-") && $0.hasSuffix(".bpl") }.compactMap { name -> (String, Date)? in
            let path = (folder as NSString).appendingPathComponent(name)
            let file = open(path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else { return nil }
            defer { close(file) }
            guard flock(file, LOCK_SH | LOCK_NB) == 0 else { return nil }  // its session still runs
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            return (path, date)
        }.sorted { $0.1 > $1.1 }.map(\.0)
    }
}
