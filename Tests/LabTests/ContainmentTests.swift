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
            bp> save session \(relative)/victim/other
            """, at: root + "/lesson/evil.bpl")
        #expect(output.filter { $0.hasSuffix("exists; add overwrite=yes to replace it") }.count == 3, "\(output)")
        #expect(output.last?.contains("is not a session name (a name, not a path: sessions go to sessions/)") == true, "\(output)")
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
        // Saved sessions in sessions/ name the project folder; saving by name reaches them both.
        try FileManager.default.createDirectory(atPath: root + "/sessions", withIntermediateDirectories: true)
        try "# bplab: file names are relative to ..\nbp> data xor\nbp> save session outer overwrite=yes\nbp> save session inner overwrite=yes\n"
            .write(toFile: root + "/sessions/inner.bpl", atomically: true, encoding: .utf8)
        let outer = "bp> replay inner.bpl\n"
        let output = try Self.replay(outer, at: root + "/sessions/outer.bpl")
        #expect(output.filter { $0.hasSuffix("is a transcript being replayed; a replay never writes it") }.count == 2, "\(output)")
        #expect(try String(contentsOfFile: root + "/sessions/outer.bpl", encoding: .utf8) == outer)
        let inside = try Self.replay("bp> replay ../victim/other.bpl\n", at: root + "/lesson/up.bpl")
        #expect(inside.contains { $0.hasPrefix("data xor") }, "\(inside)")  // reading outside is fine
    }

    /// What the transcript recorded writing it writes again, in place, so a
    /// lesson replays twice; the record must be the command's own and not an
    /// error. A check writes it into its scratch folder and compares it with
    /// the file in place, which it leaves as it is.
    @Test func recordedWritesAreReplacedAndOnlyThose() throws {
        let (root, _) = try Self.setUp()
        let lesson = root + "/lesson"
        let harness = SessionHarness(baseDirectory: lesson)
        harness.run(["data xor", "net 2 1", "save model m.json", "save model m.json", "save session l"])
        func replay(_ mode: Replay.Mode) throws -> (Replay.Result, [String]) {
            let fresh = SessionHarness(baseDirectory: lesson)
            let result = try withExtendedLifetime(fresh) { try Replay.run(file: lesson + "/sessions/l.bpl", in: fresh.session, mode: mode) }
            return (result, fresh.output)
        }
        try "mine".write(toFile: lesson + "/m.json", atomically: true, encoding: .utf8)
        let (checked, output) = try replay(.check)
        #expect(checked.differences == 1, "\(output)")
        #expect(output.contains("m.json: the file beside the transcript differs from the one the replay wrote"), "\(output)")
        #expect(try String(contentsOfFile: lesson + "/m.json", encoding: .utf8) == "mine")
        let (_, shown) = try replay(.show)
        // The first save is recorded writing m.json, the second refused: so they are again.
        #expect(shown.filter { $0.hasPrefix("saved the model") || $0.hasPrefix("error:") }
                == ["saved the model (3 parameters) to m.json", "error: save: m.json exists; add overwrite=yes to replace it"], "\(shown)")
        #expect(try String(contentsOfFile: lesson + "/m.json", encoding: .utf8) != "mine")
        #expect(try replay(.check).0.differences == 0)
    }

    /// Missing folders are made only inside the session's folder: elsewhere a
    /// path must name a folder that exists, and a refused write makes none.
    @Test func foldersAreMadeOnlyInsideTheSessionsFolder() throws {
        let (root, _) = try Self.setUp()
        let harness = SessionHarness(baseDirectory: root + "/lesson")
        harness.run(["data xor", "net 2 1"])
        #expect(harness.run("save model out/deep/m.json") == ["saved the model (3 parameters) to out/deep/m.json"])
        #expect(harness.run("save model \(root)/victim/m2.json") == ["saved the model (3 parameters) to \(root)/victim/m2.json"])
        // (Long paths are clipped in messages.)
        for line in ["save model \(root)/new/deeper/m.json", "export loss ../up/l.svg"] {
            let output = harness.run(line)
            #expect(output.count == 1 && output[0].hasPrefix("error: ") && output[0].contains(" the folder ")
                    && output[0].hasSuffix(" does not exist, and bplab makes folders only inside the session's folder"), "\(output)")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/new") && !FileManager.default.fileExists(atPath: root + "/up"))
    }

    /// A check that writes a file and reads it back reads its own copy, in
    /// a folder where the file never appears.
    @Test func aCheckReadsBackWhatItWrote() throws {
        let (root, _) = try Self.setUp()
        let recorder = SessionHarness(baseDirectory: root + "/lesson")
        recorder.run(["data xor", "net 2 2 1", "train 5 batch=4", "save model out/m.json", "reset", "load model out/m.json",
                      "eval", "save session t"])
        let clean = root + "/clean"
        try FileManager.default.createDirectory(atPath: clean + "/sessions", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/lesson/sessions/t.bpl", toPath: clean + "/sessions/t.bpl")
        let checker = SessionHarness(baseDirectory: clean)
        let result = try withExtendedLifetime(checker) { try Replay.run(file: clean + "/sessions/t.bpl", in: checker.session, mode: .check) }
        #expect(result.commands == 7 && result.differences == 0, "\(checker.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: clean) == ["sessions"])
    }
}
