import Foundation

/// One long-lived gnuplot process behind pipes, started on first use.
///
/// Starting gnuplot costs tens of milliseconds and a REPL draws many plots,
/// so one process serves every script (the design of Gaston.jl and
/// gnuplot-iostream). The price is that scripts share a process, so each
/// script is framed:
///
/// 1. `reset session` and `set terminal unknown`: every script starts from
///    gnuplot's defaults, whatever the previous one set (a script that names
///    no terminal draws nothing rather than spilling the last PNG's bytes).
///    An SVG script gets a fresh gnuplot (see `drawsSVG`).
/// 2. The script is written to a private temporary file and run with
///    `load`. gnuplot then names the failing line ("…" line 12: undefined
///    function), stops the script at its first error, and reads inline data
///    from the file, never from our command pipe.
/// 3. `unset output` closes the output file, so a PNG is complete on return.
/// 4. A marker is printed on stdout (`set print '-'`) and on stderr (`print`
///    goes to stderr by default). Reading both streams up to their markers
///    collects exactly this script's text output (the dumb and sixel
///    terminals write to stdout while `set output` is unset) and its error
///    messages, with no sleeps. End of file before a marker means gnuplot
///    died: that is reported, and the next script starts a new gnuplot.
///
/// The binary is the initializer's `binary`, else the environment variable
/// `BPLAB_GNUPLOT`, else `gnuplot` on PATH. It runs with `-d` (no init files),
/// so a user's `~/.gnuplot` cannot change bplab's plots.
///
/// Writing to a gnuplot that has died raises SIGPIPE, whose default action
/// would kill the REPL with it; the initializer therefore sets SIGPIPE to
/// ignored for the whole process, turning it into an `EPIPE` write error.
///
/// `@unchecked Sendable`: all mutable state (the child process, its pipes,
/// the script counter, the cached terminal list) is touched only while
/// `lock` is held, so scripts from several threads run one after another.
public final class GnuplotProcess: @unchecked Sendable {
    /// The program started: a path, or a name looked up on PATH.
    public let binary: String
    /// Seconds one script may take before gnuplot is declared hung, killed,
    /// and restarted on next use.
    public let timeout: Double
    /// gnuplot's working directory (relative output paths resolve there);
    /// nil keeps the host's.
    public let workingDirectory: String?

    private let lock = NSLock()
    private var child: GnuplotPipes?
    private var scriptCount = 0
    /// Scripts the running gnuplot has been given (an SVG needs it to be 0, see `drawsSVG`).
    private var scriptsByThisChild = 0
    private var drivers: Set<String>?
    /// Random per instance, so no script output can fake the end marker.
    private let token = String(UInt64.random(in: .min ... .max), radix: 36)
    private let scratch: URL

    /// - Parameters:
    ///   - binary: the gnuplot to run; nil means `BPLAB_GNUPLOT` or `gnuplot`.
    ///   - timeout: seconds per script before gnuplot counts as hung.
    ///   - workingDirectory: gnuplot's current directory; nil keeps the host's.
    public init(binary: String? = nil, timeout: Double = 60, workingDirectory: String? = nil) {
        self.binary = GnuplotProcess.resolveBinary(binary, environment: ProcessInfo.processInfo.environment)
        self.timeout = timeout
        self.workingDirectory = workingDirectory
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("bplab-gnuplot-\(getpid())-\(UUID().uuidString.prefix(8))")
        // A write to a gnuplot that died must be an EPIPE error, not a signal that kills the REPL.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        child?.stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The explicit binary, else a non-empty `BPLAB_GNUPLOT`, else `gnuplot`.
    static func resolveBinary(_ explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let named = environment["BPLAB_GNUPLOT"], !named.isEmpty { return named }
        return "gnuplot"
    }

    /// The process id while gnuplot runs (tests kill it to simulate a crash).
    public var processIdentifier: Int32? {
        lock.withLock { child?.isRunning == true ? child?.processIdentifier : nil }
    }

    /// Runs a script and returns what gnuplot printed on stdout: the drawing
    /// of the dumb or sixel terminal when no output file is set, else "".
    ///
    /// - Throws: `GnuplotError.script` with gnuplot's message and the
    ///   offending line; `.crashed` when gnuplot died or hung (the next call
    ///   starts a new one); `.missing` when gnuplot cannot be started.
    public func run(_ script: GnuplotScript) throws -> String {
        // Only the preamble can set a terminal (`add` refuses it in a command), so
        // only it is read: scanning a 40,000-line grid cost a boundary 120 ms.
        try lock.withLock { try runLocked(script.render(), fresh: GnuplotProcess.drawsSVG(script.preamble.joined(separator: "\n"))) }
    }

    /// The terminal drivers this gnuplot was built with (`GPVAL_TERMINALS`):
    /// "dumb", "pngcairo", "sixelgd", … Asked once, then remembered.
    public func terminals() throws -> Set<String> {
        try lock.withLock {
            if let drivers { return drivers }
            let listed = try runLocked("set print '-'\nprint GPVAL_TERMINALS\nset print\n", fresh: false)
            let found = Set(listed.split(whereSeparator: \.isWhitespace).map(String.init))
            drivers = found
            return found
        }
    }

    /// Stops gnuplot now; the next `run` starts a new one.
    public func stop() {
        lock.withLock {
            child?.stop()
            child = nil
        }
    }

    // MARK: - Framing one script (lock held)

    /// Runs `text`; `fresh` (an SVG) in a gnuplot that has run nothing before.
    private func runLocked(_ text: String, fresh: Bool) throws -> String {
        if fresh, let child, child.isRunning, scriptsByThisChild > 0 {
            child.stop()
            self.child = nil
        }
        let pipes = try startedLocked()
        scriptsByThisChild += 1
        scriptCount += 1
        let marker = "BPLAB-\(token)-\(scriptCount)"
        // Scripts are private: a directory (mode 0700) only we can read or replace files in.
        let file = scratch.appendingPathComponent("script-\(scriptCount).gp")
        do {
            // Recreated each time: a temporary-file cleaner may have removed it.
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try Data(text.utf8).write(to: file)
        } catch {
            throw GnuplotError.io("cannot write the script to \(file.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let frame = """
            reset session
            set terminal unknown
            load \(GnuplotQuoting.quoted(file.path))
            unset output
            set print '-'
            print '\(marker)'
            set print
            print '\(marker)'

            """
        guard pipes.writeAll(frame) else { throw diedLocked(stderr: "") }
        let reply = pipes.read(until: marker, timeout: timeout)
        switch reply.ending {
        case .marker:
            if let message = GnuplotMessages.error(in: reply.stderr, script: text) {
                throw GnuplotError.script(message)
            }
            return reply.stdout
        case .endOfFile:
            throw diedLocked(stderr: reply.stderr)
        case .timeout:
            child?.stop()
            child = nil
            throw GnuplotError.crashed("no answer within \(Self.seconds(timeout)); gnuplot was stopped and will be restarted on next use")
        }
    }

    /// True when `script` draws SVG, which needs a gnuplot of its own.
    ///
    /// gnuplot 5.4's SVG driver keeps drawing state (colour mode, last
    /// colour, pen position, line width) in static variables that no `reset`
    /// or `set terminal` clears, and the next SVG starts from them: the same
    /// plot comes out as `stroke="currentColor"` in a new process and
    /// `stroke="black"` or `rgb(…)` after other plots. So that an SVG is the
    /// same bytes on every run — and the same as `gnuplot FILE.gp` gives —
    /// an SVG script runs in a freshly started gnuplot (tens of
    /// milliseconds, for an export).
    static func drawsSVG(_ script: String) -> Bool {
        script.split(separator: "\n").contains { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.count >= 3 && words[0] == "set" && "terminal".hasPrefix(words[1]) && words[1].count >= 4 && words[2] == "svg"
        }
    }

    /// Reaps a gnuplot that closed its pipes and describes how it ended.
    private func diedLocked(stderr: String) -> GnuplotError {
        let how = child?.stop() ?? "ended"
        child = nil
        let said = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(3).joined(separator: "; ")
        return GnuplotError.crashed("gnuplot \(how) before finishing the script"
            + (said.isEmpty ? "" : " (it said: \(said))") + "; it will be restarted on next use")
    }

    /// The running gnuplot, started if there is none or it has died.
    private func startedLocked() throws -> GnuplotPipes {
        if let child, child.isRunning { return child }
        child?.stop()
        child = nil
        guard let executable = GnuplotProcess.locate(binary) else { throw GnuplotError.missing(binary) }
        let started = try GnuplotPipes.start(executable: executable, arguments: ["-d"], directory: workingDirectory)
        guard let started else { throw GnuplotError.missing(binary) }
        child = started
        scriptsByThisChild = 0
        return started
    }

    /// The executable file for `binary`: itself if it holds a `/`, else the
    /// first match on PATH; nil when there is none.
    static func locate(_ binary: String) -> String? {
        if binary.contains("/") { return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(binary)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
