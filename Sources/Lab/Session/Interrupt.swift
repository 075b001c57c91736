import Synchronization

/// A Ctrl-C flag. bplab's SIGINT handler only sets the process's flag
/// (async-signal-safe); training checks it at batch boundaries, a line checks it
/// between its commands, and the command loop between lines.
///
/// A session reads its own `Session.interrupt` (the process's flag unless a
/// test gives it another), so tests can press Ctrl-C without touching the
/// process-wide flag other tests share.
public final class Interrupt: Sendable {
    /// The flag bplab's signal handler sets.
    public static let process = Interrupt()

    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
