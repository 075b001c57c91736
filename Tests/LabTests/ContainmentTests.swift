import Foundation
import Testing
@testable import Lab
import TestSupport

/// A transcript is input: replaying it writes only inside its folder (or
/// the one its directory line names), never through `..` or a symbolic link
/// out of it, replaces only the files it recorded writing, and never writes
/// the transcript being replayed or one replaying it.
@Suite struct ContainmentTests {
    /// `root/victim` holds files a hostile lesson in `root/lesson` goes after.
    static func setUp() throws -> (root: String, victim: [String: String]) {
        let root = try Support.temporaryDirectory("containment").path
        let victim = ["victim/m.json": "my model", "victim/nb.md": "my notebook", "victim/p.py": "my script",
                      "victim/other.bpl": "bp> data xor\n"]
        try FileManager.default.createDirectory(atPath: root + "/victim", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/lesson", withIntermediateDirectories: true)
        for (name, text) in victim { try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8) }
        return (root, victim)
    }

    static func replay(_ text: String, at path: String, mode: Replay.Mode = .show) throws -> [String] {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let harness = SessionHarness(baseDirectory: (path as NSString).deletingLastPathComponent)
        _ = try withExtendedLifetime(harness) { try Replay.run(file: path, in: harness.session, mode: mode) }
        return harness.output
    }

    static func unchanged(_ root: String, _ victim: [String: String]) -> Bool {
        victim.allSatisfy { (try? String(contentsOfFile: root + "/" + $0.key, encoding: .utf8)) == $0.value }
    }

    /// The directory line makes the whole file system the transcript's
    /// folder, but replacing a file there still needs the transcript's own
    /// record of writing it (or overwrite=yes, as typed): nothing is replaced.
    @Test func aHostileDirectoryLineReplacesNothing() throws {
        let (root, victim) = try Self.setUp()
        let relative = String(root.dropFirst())  // `root` as seen from `/`
        let output = try Self.replay("""
            # bplab: file names are relative to /
            bp> data xor
            bp> net 2 1
            bp> train 2
            bp> save model \(relative)/victim/m.json
            bp> export notebook \(relative)/victim/nb.md
            bp> export pytorch \(relative)/victim/p.py
            bp> save session \(relative)/victim/other.bpl
            """, at: root + "/lesson/evil.bpl")
        #expect(output.filter { $0.hasSuffix("exists; add overwrite=yes to replace it") }.count == 4, "\(output)")
        #expect(Self.unchanged(root, victim))
    }

    @Test func writesDoNotLeaveTheFolderByDotDotOrSymlink() throws {
        let (root, victim) = try Self.setUp()
        try FileManager.default.createSymbolicLink(atPath: root + "/lesson/link", withDestinationPath: root + "/victim")
        let output = try Self.replay("""
            bp> data xor
            bp> net 2 1
            bp> save model ../victim/new.json
            bp> save model link/new.json
            bp> save model sub/../../victim/m.json overwrite=yes
            bp> save model link/m.json overwrite=yes
            """, at: root + "/lesson/escape.bpl")
        #expect(output.filter { $0.contains("is outside the transcript's folder") }.count == 4, "\(output)")
        #expect(Self.unchanged(root, victim))
        #expect(!FileManager.default.fileExists(atPath: root + "/victim/new.json"))
    }

    /// Not even overwrite=yes writes a transcript that is being replayed,
    /// itself or the one replaying it; and a nested replay stays inside the
    /// folders of the one around it.
    @Test func replayedTranscriptsAreNeverWritten() throws {
        let (root, _) = try Self.setUp()
        try "bp> data xor\nbp> save session ../outer.bpl overwrite=yes\nbp> save session ./inner.bpl overwrite=yes\n"
            .write(toFile: root + "/lesson/inner.bpl", atomically: true, encoding: .utf8)
        let outer = "bp> replay lesson/inner.bpl\n"
        let output = try Self.replay(outer, at: root + "/outer.bpl")
        #expect(output.filter { $0.hasSuffix("is a transcript being replayed; a replay never writes it") }.count == 2, "\(output)")
        #expect(try String(contentsOfFile: root + "/outer.bpl", encoding: .utf8) == outer)
        let inside = try Self.replay("bp> replay ../victim/other.bpl\n", at: root + "/lesson/up.bpl")
        #expect(inside.contains { $0.hasPrefix("data xor") }, "\(inside)")  // reading outside is fine
    }

    /// What the transcript recorded writing it writes again, in place, so a
    /// lesson checks twice; the record must be the command's own and not an error.
    @Test func recordedWritesAreReplacedAndOnlyThose() throws {
        let (root, _) = try Self.setUp()
        let lesson = root + "/lesson"
        let harness = SessionHarness(baseDirectory: lesson)
        harness.run(["data xor", "net 2 1", "save model m.json", "save model m.json", "save session ./l.bpl"])
        try "mine".write(toFile: lesson + "/m.json", atomically: true, encoding: .utf8)
        let fresh = SessionHarness(baseDirectory: lesson)
        let result = try withExtendedLifetime(fresh) { try Replay.run(file: lesson + "/l.bpl", in: fresh.session, mode: .check) }
        #expect(result.differences == 0, "\(fresh.output)")
        #expect(try String(contentsOfFile: lesson + "/m.json", encoding: .utf8) != "mine")
    }
}
