import Foundation
import Testing
@testable import Lab
import TestSupport

/// Writes on a full disk: a 256 KiB tmpfs holding valid files, filled up to
/// its last 4 KiB. Every write that no longer fits — plots from gnuplot
/// included, which truncates silently — is an error, the old file is intact
/// byte for byte, and no temporary file is left; the journal warns once and
/// catches up when there is room again. Mounting needs root (CAP_SYS_ADMIN):
/// elsewhere these tests are skipped with that reason.
@Suite(.enabled(if: SmallDisk.mountsAllowed, "mounting a tmpfs is not allowed here (needs root with CAP_SYS_ADMIN)"))
struct FullDiskTests {
    @Test func noFileIsCorruptedWhenTheDiskIsFull() throws {
        try SmallDisk.with { folder in
            let harness = SessionHarness(baseDirectory: folder)
            harness.run(["data xor", "net 2 2 1", "train 3 batch=4", "export loss old.svg", "export loss old.png",
                         "export loss old.pdf", "export loss old.gp", "save model m.json", "export pytorch p.py",
                         "export notebook nb.md", "save session s"])
            let before = SmallDisk.contents(folder)
            #expect(before.count == 9, "\(before.keys.sorted())")  // export pytorch writes p.py and p.npz
            harness.run(["net 2 8 1", "train 20 batch=4"])
            // With 4 KiB free gnuplot writes 4 KiB of each plot and reports nothing; with none, the rest fails too.
            let plots = ["export loss old.svg overwrite=yes", "export loss old.png overwrite=yes",
                         "export loss old.pdf overwrite=yes", "set terminal svg; plot loss", "set terminal png; plot loss"]
            let others = ["export weights 1 old.gp overwrite=yes", "save model m.json overwrite=yes", "export pytorch p.py overwrite=yes",
                          "export notebook nb.md overwrite=yes", "save session s overwrite=yes"]
            for (left, lines) in [(4096, plots), (0, plots + others)] {
                try SmallDisk.fill(folder, leaving: left)
                for line in lines {
                    let output = harness.run(line)
                    #expect(output.last?.hasPrefix("error: ") == true && output.last?.contains("cannot write") == true, "\(line): \(output)")
                }
                try FileManager.default.removeItem(atPath: folder + "/filler")
            }
            let after = SmallDisk.contents(folder)
            #expect(after == before, "changed or left: \(Set(after.keys).symmetricDifference(before.keys).sorted())")
            // With room again, the same writes succeed.
            #expect(harness.run("export loss old.svg overwrite=yes") == ["exported loss to old.svg"])
        }
    }

    @Test func theJournalWarnsOnceAndCatchesUp() throws {
        try SmallDisk.with { folder in
            let journal = try Journal(folder: folder + "/state")
            var warnings: [String] = []
            journal.warn = { warnings.append($0) }
            let entry = Transcript.Entry.command("eval", line: 1, output: [String(repeating: "x", count: 3000)])
            try SmallDisk.fill(folder, leaving: 0)
            for _ in 0..<5 { journal.append([entry]) }
            #expect(warnings.count == 1 && warnings[0].contains("cannot be written"), "\(warnings)")
            try FileManager.default.removeItem(atPath: folder + "/filler")
            journal.append([.prose("# after")])
            let text = try String(contentsOfFile: journal.path, encoding: .utf8)
            #expect(Transcript(parsing: Data(text.utf8)).commands.count == 5)
            #expect(text.hasSuffix("# after\n"))
            journal.finish()
        }
    }
}

/// A small tmpfs of its own for a test.
enum SmallDisk {
    static let mountsAllowed: Bool = {
        guard let folder = try? Support.temporaryDirectory("mount-probe").path else { return false }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", folder]) else { return false }
        return run("/bin/umount", [folder])
    }()

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A fresh 256 KiB tmpfs, given to `body`, unmounted after.
    static func with(_ body: (String) throws -> Void) throws {
        let folder = try Support.temporaryDirectory("full-disk").path
        try #require(run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", folder]))
        defer { run("/bin/umount", [folder]) }
        try body(folder)
    }

    /// Fills the disk of `folder` until `left` bytes are free.
    static func fill(_ folder: String, leaving left: Int) throws {
        var info = statvfs()
        try #require(statvfs(folder, &info) == 0)
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        try Data(count: max(0, free - left)).write(to: URL(fileURLWithPath: folder + "/filler"))
    }

    static func contents(_ folder: String) -> [String: Data] {
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        return Dictionary(uniqueKeysWithValues: names.compactMap { name in
            (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))).map { (name, $0) }
        })
    }
}
