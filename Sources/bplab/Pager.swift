import Foundation
import Lab

/// The prompt between the pages of a long help text at the REPL: one key,
/// read from the terminal without echo or line editing (no Enter needed
/// after `q`), and the prompt erased once answered, so the page reads on.
enum Pager {
    static let prompt = "-- more (Enter: next page, q: stop) --"

    /// Shows the prompt and waits for a key: Enter or space go on (true);
    /// `q`, Ctrl-C, Ctrl-D or the end of input stop (false); other keys are
    /// ignored. Ctrl-C is read as a key here (ISIG off), so stopping a page
    /// is not an interrupt of the command.
    static func nextPage() -> Bool {
        Console.emit(prompt, to: .standardOutput)
        defer { Console.emit("\r\u{1B}[K", to: .standardOutput) }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return false }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        // One byte at a time, waiting as long as it takes (poll below waits).
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return false }
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        while true {
            guard let key = readByte() else { return false }
            switch key {
            case 0x0A, 0x0D, 0x20: return true
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x03, 0x04: return false
            default: continue
            }
        }
    }

    /// One byte of standard input, or nil at its end, an error or a second
    /// Ctrl-C's interrupt. A signal (a resize) interrupting the wait retries.
    private static func readByte() -> UInt8? {
        while true {
            if Interrupt.process.isRequested { return nil }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { return nil }
            if ready <= 0 { continue }
            var byte: UInt8 = 0
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            return count == 1 ? byte : nil
        }
    }
}
