import Foundation
import Testing
@testable import Lab
import TestSupport

/// What bplab keeps in its state folder to survive being killed: the
/// journal, and the lists of its temporary files. Both go by locks that die
/// with their process, never by PID numbers, which other processes reuse.
@Suite(.serialized) struct StateFilesTests {
    /// A journal held by a running session is not offered; one nobody holds
    /// is, even when its name carries the PID of a process that runs (1).
    @Test func journalsAreOfferedByLockNotByPID() throws {
        let folder = try Support.temporaryDirectory("journals").path
        let running = try Journal(folder: folder)
        try "bp> data xor\n".write(toFile: folder + "/journal-1.bpl", atomically: true, encoding: .utf8)
        #expect(Journal.unfinished(in: folder) == [folder + "/journal-1.bpl"])
        running.finish()
        #expect(!FileManager.default.fileExists(atPath: running.path))
    }

    /// A killed bplab's list names its temporary files: the next start removes
    /// them (and only names of temporary files), and leaves lists that a
    /// running bplab holds locked.
    @Test func temporaryFilesOfAKilledBplabAreRemovedAtStart() throws {
        let state = try Support.temporaryDirectory("temporaries").path
        let work = try Support.temporaryDirectory("temporaries-work").path
        let leftover = work + "/.m.json.999.abcd1234.tmp", kept = work + "/notes.txt", held = work + "/.p.py.998.dcba4321.tmp"
        for file in [leftover, kept, held] { try "x".write(toFile: file, atomically: true, encoding: .utf8) }
        try "\(leftover)\n\(kept)\n".write(toFile: state + "/999-abcd1234", atomically: true, encoding: .utf8)
        try "\(held)\n".write(toFile: state + "/998-dcba4321", atomically: true, encoding: .utf8)
        let lock = open(state + "/998-dcba4321", O_RDONLY)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX) == 0)
        #expect(TemporaryFiles.start(in: state) == 1)
        defer { TemporaryFiles.finish() }
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(FileManager.default.fileExists(atPath: kept) && FileManager.default.fileExists(atPath: held))
        #expect(!FileManager.default.fileExists(atPath: state + "/999-abcd1234"))
        // This process's own list: the temporary file of a write is listed before it exists.
        let harness = SessionHarness(baseDirectory: work)
        harness.run(["data xor", "net 2 1", "save model own.json"])
        let lists = try FileManager.default.contentsOfDirectory(atPath: state).filter { !$0.hasPrefix("998-") }
        let listed = try String(contentsOfFile: state + "/" + #require(lists.first), encoding: .utf8)
        #expect(listed.contains("/.own.json.") && listed.hasSuffix(".tmp\n"), "\(listed)")
    }

    /// The executable does it at every start, whatever it is asked to do.
    @Test func theExecutableCleansUpAtStart() throws {
        let state = try Support.temporaryDirectory("bplab-state").path
        let work = try Support.temporaryDirectory("temporaries-left").path
        let leftover = work + "/.big.json.4242.0badf00d.tmp"
        try Data(count: 8 << 20).write(to: URL(fileURLWithPath: leftover))
        try FileManager.default.createDirectory(atPath: state + "/bplab/temporary-files", withIntermediateDirectories: true)
        try "\(leftover)\n".write(toFile: state + "/bplab/temporary-files/4242-0badf00d", atomically: true, encoding: .utf8)
        let run = try ExecutableTests.run(["-c", "help"], environment: ["XDG_STATE_HOME": state])
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/bplab/temporary-files").isEmpty)
    }
}
