import Foundation
import Testing
@testable import Lab
import TestSupport

/// The malformed-file corpus (Tests/LabTests/Corpus): CSV files, model files
/// and transcripts that are broken in one way each, listed in expected.tsv
/// with the command that reads them and the error it must give. Each is read
/// in a session that has data, a network and a training history: the error
/// is the last line, and the state is exactly as it was.
@Suite struct CorpusTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus").path

    /// The corpus copied once into a scratch folder (`work/corpus`), so what a
    /// transcript tries to write lands there, never in the repository.
    static let copy: String = {
        let work = (try! Support.temporaryDirectory("corpus")).path
        try! FileManager.default.copyItem(atPath: source, toPath: work + "/corpus")
        return work + "/corpus"
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String, command: String, expected: String
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let text = (try? String(contentsOfFile: source + "/expected.tsv", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(file: fields[0], command: fields[1], expected: fields[2])
        }
    }()

    @Test func theCorpusHasSixtyFilesAtLeast() {
        #expect(Self.cases.count >= 60)
        #expect(Set(Self.cases.map { ($0.file as NSString).pathExtension }).isSuperset(of: ["csv", "json", "bpl"]))
    }

    @Test(arguments: cases)
    func malformedFilesGiveTheirErrorAndChangeNothing(_ item: Case) throws {
        let harness = SessionHarness(baseDirectory: Self.copy)
        harness.run(["data xor", "net 2 2:tanh 1:sigmoid", "train 2 batch=4"])
        let before = harness.session.state
        let saved = try? Data(contentsOf: URL(fileURLWithPath: Self.copy + "/" + item.file))
        let output = harness.run(item.command.replacingOccurrences(of: "{}", with: item.file))
        let last = try #require(output.last, "\(item.file): no output")
        #expect(last.hasPrefix("error: "), "\(item.file): \(output.suffix(5))")
        let errors = output.filter { $0.hasPrefix("error: ") }.joined(separator: "\n")
        #expect(errors.contains(item.expected) || output.joined(separator: "\n").contains(item.expected),
                "\(item.file): expected '\(item.expected)', got \(output.suffix(5))")
        #expect(harness.session.state == before, "\(item.file) changed the state")
        // Nothing a transcript tried was written: not over itself, not outside its folder.
        #expect((try? Data(contentsOf: URL(fileURLWithPath: Self.copy + "/" + item.file))) == saved)
        #expect(!FileManager.default.fileExists(atPath: (Self.copy as NSString).deletingLastPathComponent + "/corpus-outside.json"))
    }
}
