import Foundation

/// Where command lines come from: readline on a terminal (in the bplab
/// executable), plain lines otherwise, or a fixed list (-c, a command file,
/// tests). The command loop reads every kind the same way.
public protocol LineReader {
    /// The next line without its newline, or nil at end of input (Ctrl-D).
    mutating func readLine() -> String?
}

/// Plain lines from standard input: no prompt, no echo, nothing but the
/// commands' own output, so pipes, scripts and CI see clean text.
public struct StandardInputReader: LineReader {
    public init() {}

    public mutating func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }
}

/// Lines given in advance: the commands of `-c`, the lines of a command file.
public struct ListReader: LineReader {
    private var lines: ArraySlice<String>

    public init(_ lines: [String]) {
        self.lines = lines[...]
    }

    public mutating func readLine() -> String? {
        lines.popFirst()
    }
}

/// Answers typed while a command waits (the `replay FILE step` prompt, the
/// offer to restore a journal), read from standard input without readline.
public enum KeyLine {
    /// One line typed on file descriptor `fd` (standard input): nil at end
    /// of input or when Ctrl-C is pressed. Unlike `Swift.readLine`, it waits
    /// with `poll` and looks at the Ctrl-C flag between waits, so an
    /// interrupted read (EINTR) can never spin or hang.
    public static func readLine(from fd: Int32 = STDIN_FILENO, interrupt: Interrupt = .process) -> String? {
        var bytes: [UInt8] = []
        while true {
            if interrupt.isRequested { return nil }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 && errno != EINTR { return nil }
            if ready <= 0 { continue }
            var byte: UInt8 = 0
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
