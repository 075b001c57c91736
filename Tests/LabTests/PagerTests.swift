import Foundation
import Testing
@testable import Lab

/// Long help at the prompt pages through the window's height where the
/// output can ask for the next page (`OutputTarget.nextPage`, the REPL's
/// terminal), is recorded whole, and is never paged inside a replay.
@Suite struct PagerTests {
    /// A terminal of `lines` lines (wide enough for help's lines whole)
    /// whose reader answers `answers` in turn, then goes on.
    final class Reader: @unchecked Sendable {
        let shown = LockedLines()
        private let lock = NSLock()
        private var answers: [Bool]
        private(set) var pages: [Int] = []  // lines shown before each prompt
        init(_ answers: [Bool]) { self.answers = answers }

        func output(lines: Int) -> OutputTarget {
            OutputTarget(write: shown.append, isTerminal: true, columns: 200, lines: lines, wrapsLines: true,
                         nextPage: { [self] in
                             lock.withLock {
                                 pages.append(shown.all.count - pages.reduce(0, +))
                                 return answers.isEmpty ? true : answers.removeFirst()
                             }
                         })
        }
    }

    @Test func helpAllPagesThroughTheWindow() throws {
        let reader = Reader([])
        let session = Session(output: reader.output(lines: 10))
        session.run("help all")
        let whole = Help.everyCommand(CommandTable.all)
        #expect(whole.count > 30)
        // The first page leaves a line for the command typed, every page one for the prompt.
        #expect(reader.pages.first == 8 && reader.pages.dropFirst().allSatisfy { $0 == 9 }, "\(reader.pages)")
        #expect(reader.pages.count == (whole.count - 8 + 8) / 9, "\(reader.pages)")
        #expect(reader.shown.all == whole)
        #expect(session.record.commands.last?.output == whole)
    }

    @Test func stoppingShowsNoMoreButRecordsAll() throws {
        let reader = Reader([true, false])
        let session = Session(output: reader.output(lines: 8))
        session.run("help set")
        #expect(reader.pages == [6, 7])
        #expect(reader.shown.all.count == 13)
        let whole = Help.page(try #require(session.lookup("set")))
        #expect(whole.count > 13 && session.record.commands.last?.output == whole)
        // The session goes on as before: nothing was interrupted.
        #expect(session.run("help notation") && !session.interrupt.isRequested)
    }

    @Test func aShortPageIsNotPaged() {
        let reader = Reader([false])
        let session = Session(output: reader.output(lines: 40))
        session.run("help")
        #expect(reader.pages.isEmpty && reader.shown.all == Help.overview(CommandTable.all))
    }

    /// A replayed transcript's help is written whole, without a prompt.
    @Test func aReplayIsNotPaged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-pager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("bp> help all\n".utf8).write(to: folder.appendingPathComponent("long.bpl"))
        let reader = Reader([false])
        let session = Session(output: reader.output(lines: 10), baseDirectory: folder.path)
        session.run("replay long.bpl")
        #expect(reader.pages.isEmpty)
        #expect(reader.shown.all.count > Help.everyCommand(CommandTable.all).count, "\(reader.shown.all)")
    }
}
