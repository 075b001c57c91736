import Synchronization

/// A Ctrl-C flag. bplab's SIGINT handler only sets the process's flag (a
/// signal handler may do nothing else safely); training checks it at batch
/// boundaries, a line checks it between its commands, and the command loop
/// between lines.
///
/// Each session is given its flag: the executable passes `process`, tests
/// their own, so they press Ctrl-C without touching the flag others share.
public final class Interrupt: Sendable {
    /// The flag bplab's signal handler sets.
    public static let process = Interrupt()

    private let flag = Atomic<Bool>(false)

    public init() {}

    public func request() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
