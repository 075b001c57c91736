import Foundation

/// The journal: every interactive session appends each command and its
/// output to `$XDG_STATE_HOME/bplab/journal-PID.bpl` as it goes, flushed to
/// disk per command, so a crash or `kill -9` loses at most the command in
/// progress. A clean exit deletes it; at start, bplab offers to restore a
/// journal whose process is gone.
public final class Journal {
    public let path: String
    private let handle: FileHandle

    /// Opens a new journal for this process in `folder`.
    public init(folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = (folder as NSString).appendingPathComponent("journal-\(getpid()).bpl")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw LabError("cannot write the journal \(path)")
        }
        self.handle = handle
    }

    /// Appends one entry and forces it to disk.
    public func append(_ entry: Transcript.Entry) {
        let text = Transcript(entries: [entry]).render()
        try? handle.write(contentsOf: Data(text.utf8))
        fsync(handle.fileDescriptor)
    }

    /// Ends the journal after a clean exit.
    public func finish() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Journals in `folder` left by processes that no longer run, newest first.
    public static func unfinished(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("journal-") && $0.hasSuffix(".bpl") }.compactMap { name -> (String, Date)? in
            let pid = Int32(name.dropFirst("journal-".count).dropLast(".bpl".count)) ?? 0
            // This process's own journal is not unfinished; kill(pid, 0) fails with ESRCH when no such process exists.
            if pid == getpid() || (pid > 0 && kill(pid, 0) == 0) { return nil }
            let path = (folder as NSString).appendingPathComponent(name)
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            return (path, date)
        }.sorted { $0.1 > $1.1 }.map(\.0)
    }
}
