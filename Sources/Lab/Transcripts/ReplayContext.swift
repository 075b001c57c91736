import Foundation

/// What a session knows about the transcript it is replaying.
final class ReplayContext {
    /// The transcript's folder and those its directory lines name: files
    /// under them may be replaced (the transcript wrote them when recorded).
    var folders: [String]
    /// The output recorded for the transcript command being replayed, less
    /// the lines taken from it (`takeRecorded`).
    var recordedOutput: [String] = []

    init(folders: [String]) {
        self.folders = folders
    }

    /// Whether `path` lies in one of the folders or below.
    func contains(_ path: String) -> Bool {
        let full = Paths.absolute(path)
        return folders.contains { full.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    /// Takes out the first recorded output line that `value` reads, and
    /// returns what it read (a command that writes two plots takes two lines).
    func takeRecorded<T>(_ value: (String) -> T?) -> T? {
        for (index, line) in recordedOutput.enumerated() {
            if let found = value(line) {
                recordedOutput.remove(at: index)
                return found
            }
        }
        return nil
    }
}
