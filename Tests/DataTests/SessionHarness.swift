import Foundation
@testable import Lab

/// A session whose output is collected, for driving commands in tests.
final class SessionHarness: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []
    private(set) var session: Session!

    init(baseDirectory: String = FileManager.default.temporaryDirectory.path) {
        session = Session(output: OutputTarget(write: { [unowned self] line in
            lock.lock(); collected.append(line); lock.unlock()
        }), baseDirectory: baseDirectory)
    }

    /// Runs one line and returns what it printed.
    @discardableResult
    func run(_ line: String) -> [String] {
        lock.lock(); collected = []; lock.unlock()
        session.run(line)
        lock.lock(); defer { lock.unlock() }
        return collected
    }

    /// Runs lines in order, returning the output of the last.
    @discardableResult
    func run(_ lines: [String]) -> [String] {
        var last: [String] = []
        for line in lines { last = run(line) }
        return last
    }
}
