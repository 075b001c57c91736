import Foundation

/// Where the files of `replay FILE check` go: a temporary folder, so a
/// check has no side effects — a read-only or shared lessons folder is
/// checked as it is, and nothing beside the transcript changes.
///
/// A write the replay's containment allows (`WriteTarget`) lands at its
/// real location mirrored inside `folder` (`/tmp/bplab-check-…/home/me/
/// lessons/xor.svg`); messages still name the file as the transcript does,
/// and a command that reads a file the replay wrote reads its copy
/// (`CommandContext.resolve`). At the end each copy is compared with the
/// file of its name beside the transcript, when there is one (a PDF is
/// written but not compared: it holds the time it was drawn), and the
/// folder is removed. Replays nested in a check share its scratch folder.
final class ReplayScratch {
    let folder: String
    /// Real locations written, in order, and where each copy is.
    private var written: [String] = []
    private var copies: [String: String] = [:]

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("bplab-check-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw LabError("cannot make a temporary folder for the check: \(String(cString: strerror(errno)))")
        }
        folder = WriteTarget.realLocation(String(cString: made))
    }

    /// Where a write to `location` (a real path) goes instead.
    func copy(of location: String) -> String {
        if let copy = copies[location] { return copy }
        let copy = folder + location
        copies[location] = copy
        written.append(location)
        return copy
    }

    /// The copy of `location` written so far in this check, if any (a failed write left none).
    func existingCopy(of location: String) -> String? {
        copies[location].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// The real location whose copy `path` is (nil: not a copy).
    func original(of path: String) -> String? {
        guard WriteTarget.isInside(path, folder), path != folder else { return nil }
        return String(path.dropFirst(folder.count))
    }

    /// The written files (real locations) whose copy differs from the file
    /// at that location, where both exist (PDFs left out).
    func differences() -> [String] {
        written.filter { location in
            // Only regular files are read (FileReader): a FIFO there would never end.
            // A write that failed left no copy: its command's error is the replay's difference, if any.
            guard (location as NSString).pathExtension.lowercased() != "pdf", let copy = copies[location],
                  let new = try? FileReader.data(at: copy, shownAs: copy, what: "a file"),
                  let old = try? FileReader.data(at: location, shownAs: location, what: "a file") else { return false }
            return new != old
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
