import Foundation

/// The server's request lines, read from a file descriptor (standard input).
///
/// Unlike `readLine`, a read interrupted by a signal (a notebook's
/// interrupt arriving between cells) is tried again rather than taken for
/// the end of the input, and a line longer than `limit` bytes is skipped to
/// its end instead of filling memory.
public struct ProtocolInput {
    public static let defaultLimit = 64 << 20
    private let descriptor: Int32
    private let limit: Int
    private var buffer: [UInt8] = []
    private var ended = false

    public init(descriptor: Int32 = STDIN_FILENO, limit: Int = ProtocolInput.defaultLimit) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// The next line without its newline; nil at the end of the input.
    public mutating func next() -> RequestLine? {
        var skipping = false
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[..<newline]
                defer { buffer.removeSubrange(...newline) }
                return skipping || line.count > limit ? .tooLong(limit: limit) : .text(String(decoding: line, as: UTF8.self))
            }
            if buffer.count > limit {
                buffer.removeAll(keepingCapacity: true)
                skipping = true
            }
            if ended {
                defer { buffer = [] }
                if skipping { return .tooLong(limit: limit) }
                return buffer.isEmpty ? nil : .text(String(decoding: buffer, as: UTF8.self))
            }
            fill()
        }
    }

    /// Reads what is there (at most 64 KiB), retrying after a signal.
    private mutating func fill() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return }
        if count <= 0 { ended = true; return }
        buffer += chunk[..<count]
    }
}
