import Foundation
import Testing
@testable import Lab
import TestSupport

/// How output is laid out on a terminal of a given width, while the record
/// keeps one form at every width: an error's quoted line cut around its
/// caret (never wrapped), its message word-wrapped, matrices in column
/// blocks, vectors continued under their first value.
@Suite struct TerminalLayoutTests {
    /// A line with the mistake far from both ends.
    static let line = "set w1 = [[" + (1...40).map { "0.\($0)" }.joined(separator: ",") + ",1e999," + (1...30).map { "\($0)" }.joined(separator: ",") + "]]"
    /// The column of its `1e999`.
    static var column: Int { line.components(separatedBy: "1e999")[0].count + 1 }

    /// At every width from 12 columns more than the `FILE:LINE` in front
    /// (if any) to 200, each caret line fits and the caret is under the
    /// character at fault, with the whole number around it from 30 columns.
    @Test(arguments: [nil, "lesson.txt:12"])
    func caretStaysUnderItsCharacterAtEveryWidth(_ location: String?) {
        let characters = Array(Self.line)
        #expect(String(characters[(Self.column - 1)..<(Self.column + 4)]) == "1e999")
        let diagnostic = Diagnostic(message: "error: set: column \(Self.column): w1 value must be a finite number, got '1e999'",
                                    isError: true, caret: (Self.line, Self.column), location: location)
        for width in (12 + (location.map { $0.count + 2 } ?? 0))...200 {
            let shown = diagnostic.lines(width: width)
            #expect(shown.caret.count == 2)
            guard shown.caret.count == 2 else { return }
            let quote = Array(shown.caret[0]), caret = Array(shown.caret[1])
            #expect(quote.count <= width && caret.count <= width, "width \(width): \(shown.caret)")
            #expect(caret.last == "^" && caret.dropLast().allSatisfy { $0 == " " } == (location == nil))
            #expect(quote[caret.count - 1] == "1", "width \(width): \(shown.caret)")
            if width >= 30 { #expect(String(quote[(caret.count - 1)...].prefix(5)) == "1e999", "width \(width): \(shown.caret)") }
            // Cut where it does not fit, with … on each side cut.
            #expect(quote.contains("…") == (characters.count + 2 + (location.map { $0.count + 2 } ?? 0) > width))
            for piece in shown.message { #expect(piece.count <= max(width, 20), "width \(width): \(piece)") }
            #expect(shown.message.joined(separator: " ").split(separator: " ") == (
                (location.map { "\($0): " } ?? "") + diagnostic.message).split(separator: " "))
        }
    }

    /// The record has the quote cut at the same 74 characters whatever the
    /// window, the message whole, and no place in front.
    @Test func theRecordIsTheSameAtEveryWidth() {
        let wide = SessionHarness(columns: 200), narrow = SessionHarness(columns: 30)
        for harness in [wide, narrow] { harness.run(["data xor", "net 2 40 1"]) }
        let outputs = [wide, narrow].map { $0.run(Self.line) }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].count == 3 && outputs[0][1].count <= Caret.recordWidth, "\(outputs[0])")
        #expect(outputs[0][0] == "error: set: column \(Self.column): w1 value must be a finite number, got '1e999'")
        #expect([wide, narrow].map { $0.session.record.commands.last?.output } == [outputs[0], outputs[0]])
    }

    /// Shown on a terminal of 40 columns where there is no diagnostic
    /// channel: the message wrapped between words, the quote cut to fit.
    @Test func aTerminalWithoutADiagnosticChannelLaysErrorsOutToo() {
        let shown = LockedLines()
        let session = Session(output: OutputTarget(write: shown.append, isTerminal: true, columns: 40, lines: 24, wrapsLines: true))
        for line in ["data xor", "net 2 40 1", Self.line] { session.run(line) }
        let lines = shown.all.drop { !$0.hasPrefix("error: ") }
        #expect(lines.count >= 4 && lines.allSatisfy { $0.count <= 40 }, "\(lines)")
        let caret = Array(lines.last ?? ""), quote = Array(lines.dropLast().last ?? "")
        #expect(String(quote[(caret.count - 1)...].prefix(5)) == "1e999", "\(lines)")
        #expect(session.record.commands.last?.output.first?.count ?? 0 > 40)
    }

    /// A 3×8 matrix at 50 columns: blocks of the columns that fit, each
    /// labelled, every number once; the record's form is the one table.
    @Test func aWideMatrixIsShownInColumnBlocks() {
        let m = (0..<3).map { i in (0..<8).map { j in Double(i * 8 + j) / 7 - 1.5 } }
        let whole = Format.matrix(m)
        #expect(whole.count == 4 && whole[0].count > 50)
        let blocks = Format.matrix(m, width: 50)
        #expect(blocks.allSatisfy { $0.count <= 50 }, "\(blocks)")
        let headers = blocks.filter { $0.contains("j=") }
        #expect(headers.count >= 2)
        #expect(headers.flatMap { $0.split(separator: " ") } == whole[0].split(separator: " "))
        for i in 1...3 {
            let rows = blocks.filter { $0.hasPrefix("  i=\(i) ") }
            #expect(rows.count == headers.count)
            #expect(rows.flatMap { $0.split(separator: " ").dropFirst() } == Array(whole[i].split(separator: " ").dropFirst()))
        }
        #expect(Format.matrix(m, width: 1000) == whole)
    }

    /// `show weights` on a 60-column terminal shows the blocks and records the table.
    @Test func showWeightsFitsTheWindow() {
        let shown = LockedLines()
        let session = Session(output: OutputTarget(write: shown.append, isTerminal: true, columns: 60, lines: 24, wrapsLines: true))
        for line in ["data xor", "net 2 8 8 1"] { session.run(line) }
        session.run("show weights")
        #expect(shown.all.drop { !$0.hasPrefix("W2") }.allSatisfy { $0.count <= 60 }, "\(shown.all)")
        let recorded = session.record.commands.last?.output ?? []
        #expect(recorded.contains { $0.count > 60 && $0.contains("j=8") })
        #expect(!shown.all.contains { $0.count > 60 })
    }

    /// A 30-column CSV on a 60-column terminal: the samples' table cut to
    /// 60 columns with a note saying so (the note wrapped); the record's cut at 79.
    @Test func showDataFitsTheWindow() throws {
        let folder = try Support.temporaryDirectory("wide-csv")
        let header = (1...30).map { "input\($0)" } + ["y"]
        let rows = (0..<4).map { r in (1...30).map { "\(Double(r * 30 + $0) / 8)" } + ["\(r % 2)"] }
        let text = ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("wide.csv"))
        let shown = LockedLines()
        let session = Session(output: OutputTarget(write: shown.append, isTerminal: true, columns: 60, lines: 24, wrapsLines: true),
                              baseDirectory: folder.path)
        session.run("load wide.csv test=0")
        let before = shown.all.count
        session.run("show data")
        let table = Array(shown.all.dropFirst(before))
        #expect(table.allSatisfy { $0.count <= 60 }, "\(table)")
        let words = table.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(words.contains("and the target to fit 60 columns"), "\(table)")
        let recorded = session.record.commands.last?.output ?? []
        #expect(recorded.contains { $0.hasSuffix("and the target to fit 79 columns") } && recorded.contains { $0.count > 60 }, "\(recorded)")
    }

    @Test func aLabelledLineContinuesAfterItsLabel() {
        let line = "usage: train [EPOCHS] [lr=] [batch=] [opt=sgd|momentum|nesterov|adam] [l1=] [l2=] [momentum=]"
        let lines = TextWrap.lines(line, width: 50)
        #expect(lines.count >= 2 && lines.allSatisfy { $0.count <= 50 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("       [") } && lines.joined(separator: " ").split(separator: " ") == line.split(separator: " "), "\(lines)")
    }

    @Test func aWrappedVectorContinuesUnderItsFirstValue() {
        let line = "b2 = [" + (1...12).map { "-0.12345\($0)" }.joined(separator: "  ") + "]"
        let lines = TextWrap.lines(line, width: 60)
        #expect(lines.count >= 2 && lines.allSatisfy { $0.count <= 60 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      -0.12345") }, "\(lines)")
    }
}
