import Foundation

/// A started gnuplot and the three pipes to it: commands in, text out,
/// messages out.
///
/// The pipes are used through their raw descriptors, not `FileHandle`:
/// `FileHandle.write` traps on a closed pipe, and the REPL must survive a
/// gnuplot that died. Descriptors are duplicated close-on-exec, so a second
/// gnuplot (another `GnuplotProcess`, or a restart) does not inherit them —
/// an inherited stdin write end would keep an old gnuplot from ever seeing
/// end of file.
final class GnuplotPipes {
    private let process: Process
    private var input: Int32
    private var output: Int32
    private var errors: Int32

    private init(process: Process, input: Int32, output: Int32, errors: Int32) {
        self.process = process
        self.input = input
        self.output = output
        self.errors = errors
    }

    /// Starts `executable`; nil when it cannot be run.
    static func start(executable: String, arguments: [String], directory: String?) throws -> GnuplotPipes? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true) }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return nil }
        let pipes = GnuplotPipes(process: process,
                                 input: fcntl(stdin.fileHandleForWriting.fileDescriptor, F_DUPFD_CLOEXEC, 3),
                                 output: fcntl(stdout.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 3),
                                 errors: fcntl(stderr.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 3))
        try? stdin.fileHandleForWriting.close()
        try? stdout.fileHandleForReading.close()
        try? stderr.fileHandleForReading.close()
        guard pipes.input >= 0, pipes.output >= 0, pipes.errors >= 0 else {
            pipes.stop()
            return nil
        }
        return pipes
    }

    var isRunning: Bool { process.isRunning }
    var processIdentifier: Int32 { process.processIdentifier }

    /// Closes the pipes and ends gnuplot (SIGTERM, then SIGKILL after a
    /// second); returns how it ended, e.g. "was killed by signal 9".
    @discardableResult
    func stop() -> String {
        for fd in [input, output, errors] where fd >= 0 { close(fd) }
        input = -1; output = -1; errors = -1
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(1)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus)"
            : "exited with status \(process.terminationStatus)"
    }

    /// Writes all of `text` to gnuplot's stdin; false when gnuplot is gone
    /// (`EPIPE`, SIGPIPE being ignored).
    func writeAll(_ text: String) -> Bool {
        guard input >= 0 else { return false }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                write(input, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// How reading a reply ended.
    enum Ending { case marker, endOfFile, timeout }

    /// What gnuplot printed for one script, up to (and without) the markers.
    struct Reply {
        var stdout: String
        var stderr: String
        var ending: Ending
    }

    /// Reads stdout and stderr until each ends with `marker` on a line of
    /// its own. Both are read in the same `poll` loop, so a script that
    /// fills one pipe cannot deadlock us while we wait on the other.
    func read(until marker: String, timeout: Double) -> Reply {
        var streams = [Stream(fd: output), Stream(fd: errors)]
        let tail = Array((marker + "\n").utf8)
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var ending = Ending.marker
        reading: while streams.contains(where: { !$0.done }) {
            var fds = streams.map { pollfd(fd: $0.done ? -1 : $0.fd, events: Int16(POLLIN), revents: 0) }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { ending = .timeout; break }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000, 1_000_000)) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { ending = .endOfFile; break }
            for index in fds.indices where fds[index].revents != 0 {
                let n = Foundation.read(fds[index].fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { ending = .endOfFile; break reading }
                streams[index].bytes.append(contentsOf: buffer[0..<n])
                if streams[index].bytes.count >= tail.count && streams[index].bytes.suffix(tail.count).elementsEqual(tail) {
                    streams[index].bytes.removeLast(tail.count)
                    streams[index].done = true
                }
            }
        }
        if ending == .endOfFile { drainErrors(into: &streams[1]) }
        return Reply(stdout: String(decoding: streams[0].bytes, as: UTF8.self),
                     stderr: String(decoding: streams[1].bytes, as: UTF8.self), ending: ending)
    }

    /// After gnuplot died, whatever it still had to say on stderr (its last
    /// words explain the crash), waiting at most a moment.
    private func drainErrors(into stream: inout Stream) {
        guard !stream.done else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(0.5)
        while Date() < deadline {
            var fd = pollfd(fd: stream.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, 100) > 0 else { continue }
            let n = Foundation.read(stream.fd, &buffer, buffer.count)
            guard n > 0 else { return }
            stream.bytes.append(contentsOf: buffer[0..<n])
        }
    }

    private struct Stream {
        let fd: Int32
        var bytes: [UInt8] = []
        var done = false
    }
}
