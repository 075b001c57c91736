import Foundation
@testable import Lab

/// A session whose output is collected, for driving commands in tests.
final class SessionHarness: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    private(set) var session: Session!

    init(baseDirectory: String = FileManager.default.temporaryDirectory.path, commands: [Command] = CommandTable.all, columns: Int = 80,
         interrupt: Interrupt = Interrupt()) {
        session = Session(output: OutputTarget(write: { [unowned self] line in
            lock.lock(); collected.append(line); lock.unlock()
        }, columns: columns), baseDirectory: baseDirectory, interrupt: interrupt, commands: commands)
    }

    /// Everything printed since the last `run` began (or since the start).
    var output: [String] {
        lock.lock(); defer { lock.unlock() }
        return collected
    }

    /// Runs one line and returns what it printed.
    @discardableResult
    func run(_ line: String) -> [String] {
        lock.lock(); collected = []; lock.unlock()
        session.run(line)
        return output
    }

    /// Runs lines in order, returning the output of the last.
    @discardableResult
    func run(_ lines: [String]) -> [String] {
        var last: [String] = []
        for line in lines { last = run(line) }
        return last
    }
}

/// Lines written to one channel of an `OutputTarget`, collected thread-safely.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var append: @Sendable (String) -> Void { { [self] line in lock.withLock { lines.append(line) } } }
    var all: [String] { lock.withLock { lines } }
}
