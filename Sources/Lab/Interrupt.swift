import Synchronization

/// The Ctrl-C flag. The signal handler only sets it; training checks it at
/// batch boundaries and long commands between steps (STYLE 8).
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }
}
