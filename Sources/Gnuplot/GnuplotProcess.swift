import Foundation

/// One long-lived gnuplot process behind pipes, started on first use.
///
/// Each script is written to a private temporary file and run with `load`,
/// so gnuplot names the failing line ("…" line 12: undefined function) and
/// stops the script there. After it, a marker is printed on stdout and on
/// stderr; reading both streams up to their markers collects the script's
/// text output (the dumb terminal) and its error messages, and tells a
/// finished script from a crashed gnuplot (end of file before the marker).
/// A dead gnuplot is restarted on the next script.
///
/// The binary is `gnuplot` from PATH unless the environment variable
/// `BPLAB_GNUPLOT` names another; it runs with `-d` (no init files), so a
/// user's ~/.gnuplot cannot change bplab's plots.
public final class GnuplotProcess {
    public let binary: String
    private var process: Process?
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var errors: Int32 = -1
    private var scriptCount = 0
    private let scratch: URL
    /// Seconds to wait for a script before declaring gnuplot hung.
    public var timeout: Double = 60

    public init(binary: String? = nil) {
        self.binary = binary ?? ProcessInfo.processInfo.environment["BPLAB_GNUPLOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "gnuplot"
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-gnuplot-\(getpid())-\(UUID().uuidString.prefix(8))")
        // A write to a gnuplot that died must be an error, not a SIGPIPE that kills the REPL.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The process id while gnuplot runs (tests use it to kill gnuplot).
    public var processIdentifier: Int32? { process?.isRunning == true ? process?.processIdentifier : nil }

    /// Runs a script; returns what gnuplot printed on stdout (text plots).
    /// Throws `GnuplotError.script` with gnuplot's message and the offending
    /// line, `.crashed` when gnuplot died, `.missing` when it is not installed.
    public func run(_ script: GnuplotScript) throws -> String {
        try start()
        scriptCount += 1
        let marker = "BPLAB-DONE-\(scriptCount)"
        let file = scratch.appendingPathComponent("script-\(scriptCount).gp")
        let text = script.render()
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let commands = """
            reset session
            load \(GnuplotQuoting.quoted(file.path))
            unset output
            set print '-'
            print '\(marker)'
            set print
            print '\(marker)'

            """
        guard writeAll(commands) else {
            stop()
            throw GnuplotError.crashed("gnuplot stopped before the plot was drawn; it will be restarted")
        }
        let (out, err, finished) = readUntil(marker)
        guard finished else {
            stop()
            throw GnuplotError.crashed(err.isEmpty ? "gnuplot ended unexpectedly; it will be restarted"
                                                   : "gnuplot ended: \(err.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        if let message = GnuplotProcess.errorMessage(err, script: text, file: file.path) {
            throw GnuplotError.script(message)
        }
        return out
    }

    /// Stops gnuplot; the next `run` starts a new one.
    public func stop() {
        if input >= 0 { close(input) }
        if output >= 0 { close(output) }
        if errors >= 0 { close(errors) }
        input = -1; output = -1; errors = -1
        if let process, process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        process = nil
    }

    private func start() throws {
        if let process, process.isRunning { return }
        stop()
        guard let executable = GnuplotProcess.locate(binary) else { throw GnuplotError.missing(binary) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-d"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw GnuplotError.missing(binary) }
        // Own the descriptors directly: FileHandle traps on a write to a closed pipe.
        input = dup(stdin.fileHandleForWriting.fileDescriptor)
        output = dup(stdout.fileHandleForReading.fileDescriptor)
        errors = dup(stderr.fileHandleForReading.fileDescriptor)
        try? stdin.fileHandleForWriting.close()
        try? stdout.fileHandleForReading.close()
        try? stderr.fileHandleForReading.close()
        self.process = process
    }

    static func locate(_ binary: String) -> String? {
        if binary.contains("/") { return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(binary)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func writeAll(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(input, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Reads stdout and stderr until each has printed `marker` on a line of
    /// its own; `finished` is false if gnuplot closed them first or timed out.
    private func readUntil(_ marker: String) -> (String, String, finished: Bool) {
        var out = Data(), err = Data()
        var outDone = false, errDone = false
        let deadline = Date().addingTimeInterval(timeout)
        let tail = Data((marker + "\n").utf8)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !(outDone && errDone) {
            var fds = [pollfd(fd: outDone ? -1 : output, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: errDone ? -1 : errors, events: Int16(POLLIN), revents: 0)]
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            let ready = poll(&fds, 2, remaining)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), false) }
            for (index, fd) in fds.enumerated() where fd.revents != 0 {
                let n = read(fd.fd, &buffer, buffer.count)
                guard n > 0 else {
                    return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), false)
                }
                if index == 0 {
                    out.append(contentsOf: buffer[0..<n])
                    if out.suffix(tail.count) == tail { out.removeLast(tail.count); outDone = true }
                } else {
                    err.append(contentsOf: buffer[0..<n])
                    if err.suffix(tail.count) == tail { err.removeLast(tail.count); errDone = true }
                }
            }
        }
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), true)
    }

    /// gnuplot's complaint, if any, with the script line it points at:
    /// `line 12: undefined function: foo (in: plot foo(x))`. gnuplot marks
    /// every error with "line N:"; other messages (warnings) are not errors.
    static func errorMessage(_ stderr: String, script: String, file: String) -> String? {
        let scriptLines = script.split(separator: "\n", omittingEmptySubsequences: false)
        for line in stderr.split(separator: "\n") {
            // gnuplot: "/tmp/…/script-3.gp" line 12: undefined function: foo
            guard let range = line.range(of: #"line (\d+): "#, options: .regularExpression) else { continue }
            let number = Int(line[range].dropFirst(5).dropLast(2)) ?? 0
            let message = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if message.lowercased().hasPrefix("warning") { continue }
            let offending = number >= 1 && number <= scriptLines.count ? scriptLines[number - 1].trimmingCharacters(in: .whitespaces) : ""
            return "line \(number): \(message)" + (offending.isEmpty ? "" : " (in: \(offending.prefix(120)))")
        }
        return nil
    }
}
