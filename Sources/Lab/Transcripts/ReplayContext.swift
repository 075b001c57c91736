import Foundation

/// What a session knows about the transcript it is replaying: where its
/// commands may write (`WriteTarget` enforces it) and what they recorded.
final class ReplayContext {
    /// The transcript's folder and those its directory lines name: writes
    /// must land inside one of them.
    var folders: [String]
    /// The transcript, and those replaying it (outermost first): never written.
    let transcripts: [String]
    /// The output recorded for the transcript command being replayed.
    var recordedOutput: [String] = [] {
        didSet { (untaken, mentioned) = (recordedOutput, nil) }
    }
    /// `recordedOutput` less the lines taken from it (`takeRecorded`).
    private var untaken: [String] = []
    /// The words of `recordedOutput`, split when first asked.
    private var mentioned: Set<Substring>?

    /// The replay running this one's `replay` line, whose limits hold here too.
    let enclosing: ReplayContext?
    /// Where a check writes instead (`ReplayScratch`), shared with the replays it runs; nil: in place.
    let scratch: ReplayScratch?

    init(folders: [String], transcripts: [String], enclosing: ReplayContext?, scratch: ReplayScratch? = nil) {
        self.folders = folders
        self.transcripts = transcripts
        self.enclosing = enclosing
        self.scratch = scratch ?? enclosing?.scratch
    }

    /// Whether a write to `location` (a real path: `WriteTarget.realLocation`)
    /// lands inside this transcript's folders, and those of every replay around it.
    func allows(_ location: String) -> Bool {
        folders.contains { WriteTarget.isInside(location, WriteTarget.realLocation($0)) } && enclosing?.allows(location) != false
    }

    /// Whether the recorded output of the command being replayed names the
    /// file shown as `shown` ("saved the model … to m.json") and is no error:
    /// then the transcript wrote it when recorded, and may write it again.
    func recordedWriting(_ shown: String) -> Bool {
        if mentioned == nil {
            let separators = CharacterSet(charactersIn: " ;,()")
            let failed = recordedOutput.contains { $0.hasPrefix("error:") }
            mentioned = failed ? [] : Set(recordedOutput.flatMap { $0.split { $0.unicodeScalars.allSatisfy(separators.contains) } })
        }
        return mentioned!.contains(Substring(shown))
    }

    /// Takes out the first recorded output line that `value` reads, and
    /// returns what it read (a command that writes two plots takes two lines).
    func takeRecorded<T>(_ value: (String) -> T?) -> T? {
        for (index, line) in untaken.enumerated() {
            if let found = value(line) {
                untaken.remove(at: index)
                return found
            }
        }
        return nil
    }
}
