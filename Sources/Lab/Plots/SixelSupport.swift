import Foundation

/// Whether the terminal can show sixel graphics, for `set terminal auto`.
///
/// In order:
/// 1. `set sixel yes|no` wins; `BPLAB_SIXEL=1|0` in the environment likewise.
/// 2. Environment hints of terminals known to draw sixels, which also catch
///    one that does draw them but does not say so in DA1: TERM (mlterm,
///    foot, yaft, contour, xterm run as a vt340), TERM_PROGRAM (iTerm.app,
///    WezTerm, mintty, contour), Konsole from 22.04 (KONSOLE_VERSION ≥ 220400,
///    since Konsole sets TERM=xterm-256color). A hint is enough: the
///    terminal is then not asked.
/// 3. Otherwise the terminal is asked, when stdin and stdout are both a
///    terminal and TERM names one that answers (set, and not `dumb`): Primary Device Attributes (DA1, `ESC [ c`) is answered by
///    every VT100-style terminal with `ESC [ ? 62 ; 4 ; 22 c` or the like,
///    and attribute 4 means sixel graphics. The question goes to /dev/tty
///    with echo off and the answer is awaited for at most `timeout`; it is
///    asked once per process (the answer does not change) and only between
///    commands, when readline does not own the terminal.
///
/// So a terminal shows sixels when a hint or its answer says so; `set sixel
/// no` is the way out when a guess is wrong.
enum SixelSupport {
    static let knownTERM = ["mlterm", "foot", "yaft", "contour", "vt340", "sixel"]
    static let knownTERMPROGRAM = ["iterm.app", "wezterm", "mintty", "contour"]
    static let timeout = 0.3

    static func detect(setting: SixelSetting) -> Bool {
        detect(setting: setting, environment: ProcessInfo.processInfo.environment, ask: cachedAnswer)
    }

    /// The decision, with the environment and the terminal's answer (nil:
    /// none, no terminal or no reply) given, so it can be tested.
    static func detect(setting: SixelSetting, environment: [String: String], ask: () -> Bool?) -> Bool {
        switch setting {
        case .yes: return true
        case .no: return false
        case .auto:
            if let forced = environment["BPLAB_SIXEL"], forced == "1" || forced == "0" { return forced == "1" }
            if environmentSuggestsSixel(environment) { return true }
            return ask() ?? false
        }
    }

    static func environmentSuggestsSixel(_ environment: [String: String]) -> Bool {
        let term = environment["TERM"]?.lowercased() ?? "", program = environment["TERM_PROGRAM"]?.lowercased() ?? ""
        if knownTERM.contains(where: term.contains) || knownTERMPROGRAM.contains(program) { return true }
        if let konsole = environment["KONSOLE_VERSION"].flatMap(Int.init), konsole >= 220400 { return true }
        return false
    }

    /// Whether a DA1 reply (`ESC [ ? 62 ; 4 ; 22 c`) lists attribute 4;
    /// nil when `reply` holds no such answer.
    static func sixelInAttributes(_ reply: String) -> Bool? {
        guard let start = reply.range(of: "\u{1B}[?"),
              let end = reply[start.upperBound...].firstIndex(of: "c") else { return nil }
        let attributes = reply[start.upperBound..<end].split(separator: ";").map(String.init)
        guard attributes.allSatisfy({ Int($0) != nil }) else { return nil }
        return attributes.dropFirst().contains("4")  // the first number is the terminal's class (62, 64…)
    }

    // MARK: Asking the terminal

    /// Whether the terminal may be sent a question: a person's terminal on
    /// stdin and stdout whose TERM says it answers (a dumb one would only
    /// show the escape, and the first plot would wait out the timeout).
    static func mayAsk(_ environment: [String: String]) -> Bool {
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var answer: Bool??

    /// The terminal's answer, asked on first use only.
    private static func cachedAnswer() -> Bool? {
        lock.withLock {
            if let answer { return answer }
            let asked = mayAsk(ProcessInfo.processInfo.environment) ? queryTerminal() : nil
            answer = .some(asked)
            return asked
        }
    }

    /// Sends DA1 to /dev/tty and reads the reply with echo and line editing
    /// off, restoring the terminal's settings after; nil without a reply in time.
    private static func queryTerminal() -> Bool? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
        defer {
            tcflush(fd, TCIFLUSH)  // nothing of the reply may reach the next prompt
            var restore = saved
            tcsetattr(fd, TCSANOW, &restore)
        }
        let question = Array("\u{1B}[c".utf8)
        guard write(fd, question, question.count) == question.count else { return nil }
        var reply: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 64)
        while reply.count < 256 {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(remaining * 1000) + 1)
            if polled < 0 && errno == EINTR { continue }
            guard polled > 0 else { return nil }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { return nil }
            reply += buffer[0..<n]
            if let answer = sixelInAttributes(String(decoding: reply, as: UTF8.self)) { return answer }
        }
        return nil
    }
}
