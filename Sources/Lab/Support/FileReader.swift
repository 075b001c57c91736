import Foundation

/// Reads a file the user named, with errors in words: "sessions is a
/// directory, not a transcript" rather than Foundation's "NSCocoaErrorDomain
/// error 256". `name` is how the path is shown; `what` names the kind of file
/// expected ("a transcript", "a model file").
///
/// Only regular files are read: a FIFO would block until a writer comes,
/// `/dev/zero` never ends, a directory is no file; each is refused saying
/// what it is. The file is opened without blocking and read to its end, not
/// to the size `stat` reports (files in /proc report 0), and at most `limit`
/// bytes (the memory budget), so reading never hangs nor exhausts memory.
public enum FileReader {
    /// The most any file read is allowed, whatever the budget says.
    public static let defaultLimit = 1 << 40

    /// Throws unless `path` names a regular file: for readers that open it themselves.
    public static func requireFile(at path: String, shownAs name: String, what: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw openFailure(name, errno) }
        try requireRegular(info, shownAs: name, what: what)
    }

    /// The whole file, read as `requireFile` and the type's comment describe.
    public static func data(at path: String, shownAs name: String, what: String, limit: Int = defaultLimit) throws -> Data {
        let (bytes, count) = try contents(at: path, shownAs: name, what: what, limit: limit)
        return Data(bytesNoCopy: bytes, count: count, deallocator: .free)
    }

    /// The text of `path`, which must be UTF-8.
    public static func text(at path: String, shownAs name: String, what: String) throws -> String {
        guard let text = String(data: try data(at: path, shownAs: name, what: what), encoding: .utf8) else {
            throw LabError("\(name) is not UTF-8 text (is it \(what)?)")
        }
        return text
    }

    /// The file's bytes in memory from `malloc` (the caller frees it), followed
    /// by one NUL byte beyond `count` (so C's strtod stops at the end).
    static func contents(at path: String, shownAs name: String, what: String, limit: Int) throws -> (UnsafeMutableRawPointer, Int) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused right after).
        let file = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { throw openFailure(name, errno) }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0 else { throw openFailure(name, errno) }
        try requireRegular(info, shownAs: name, what: what)
        _ = fcntl(file, F_SETFL, fcntl(file, F_GETFL) & ~O_NONBLOCK)
        let tooLarge = LabError("\(name) is larger than \(MemoryBudget.describe(Double(limit))), the most bplab reads (set memory)")
        // The size stat reports is refused before reading; a file that reports
        // less (/proc) or grows meanwhile is stopped at the limit as it is read.
        guard Int(info.st_size) <= limit else { throw tooLarge }
        var capacity = min(max(Int(info.st_size), 4096), limit) + 1, count = 0
        guard var buffer = malloc(capacity) else { throw tooLarge }
        while true {
            if count + 1 == capacity {
                guard count < limit else {
                    free(buffer)
                    throw tooLarge
                }
                capacity = min(capacity * 2, limit + 1)
                guard let larger = realloc(buffer, capacity) else {
                    free(buffer)
                    throw tooLarge
                }
                buffer = larger
            }
            let n = read(file, buffer + count, capacity - 1 - count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                let code = errno
                free(buffer)
                throw LabError("cannot read \(name): \(String(cString: strerror(code)))")
            }
            if n == 0 { break }
            count += n
        }
        buffer.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
        return (buffer, count)
    }

    private static func requireRegular(_ info: stat, shownAs name: String, what: String) throws {
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG else { throw LabError("\(name) \(WriteTarget.describe(kind)), not \(what)") }
    }

    /// "NAME: no such file", "NAME: permission denied": why a path cannot be opened.
    private static func openFailure(_ name: String, _ code: Int32) -> LabError {
        switch code {
        case ENOENT: LabError("\(name): no such file")
        case EACCES: LabError("\(name): permission denied")
        case ENOTDIR: LabError("\(name): a folder on the way is a file")
        default: LabError("cannot open \(name): \(String(cString: strerror(code)))")
        }
    }
}
