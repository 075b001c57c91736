import Testing
@testable import Lab

@Suite struct LineParserTests {
    static let cases: [(String, [[String]])] = [
        ("train 10 lr=0.5", [["train", "10", "lr=0.5"]]),
        ("data xor; net 2 2:sigmoid 1:sigmoid", [["data", "xor"], ["net", "2", "2:sigmoid", "1:sigmoid"]]),
        ("show w1 # the first layer", [["show", "w1"]]),
        ("# only a comment", []),
        ("   ", []),
        (";;", []),
        // A literal keeps its blanks (they may separate numbers); an index drops them.
        ("set w1 = [[1, 2], [3, 4]]", [["set", "w1", "=", "[[1, 2], [3, 4]]"]]),
        ("set w1=[[1 2] [3 4]]", [["set", "w1=[[1 2] [3 4]]"]]),
        ("grad w2[1, 2]", [["grad", "w2[1,2]"]]),
        ("grad w2[1,2]", [["grad", "w2[1,2]"]]),
        ("export loss 'my plot; #1.png'", [["export", "loss", "my plot; #1.png"]]),
        ("plot loss title=\"a b\"", [["plot", "loss", "title=\"a b\""]]),
        ("data 0.05 0.10 -> 0.01 0.99", [["data", "0.05", "0.10", "->", "0.01", "0.99"]]),
    ]

    @Test(arguments: cases)
    func splitsCommandsAndWords(_ line: String, _ expected: [[String]]) throws {
        #expect(try LineParser.parse(line).map { $0.map(\.text) } == expected)
    }

    static let failures: [(String, String)] = [
        ("plot loss 'unterminated", "column 11: unterminated quote"),
        ("set w1 = [[1,2]", "column 10: '[' is never closed"),
        ("show w1]", "column 8: ']' without a matching '['"),
        (String(repeating: "x", count: 100_001), "line too long"),
    ]

    @Test(arguments: failures)
    func reportsTheColumn(_ line: String, _ message: String) {
        #expect {
            _ = try LineParser.parse(line)
        } throws: { error in
            (error as? LabError)?.message.contains(message) == true
        }
    }

    @Test func tokensRememberTheirColumns() throws {
        let tokens = try LineParser.parse("train  10 lr=2")[0]
        #expect(tokens.map(\.column) == [1, 8, 11])
        #expect(tokens[2].option?.key == "lr" && tokens[2].option?.value == "2")
        #expect(Token("x=1", quoted: true, column: 1).option == nil)
    }

    @Test func eachCommandOfALineHasItsOwnText() throws {
        let line = "data xor; net 2 2 1 ;; set title='a;b' ; eval # the end"
        let parsed = try LineParser.parse(line)
        #expect(LineParser.commandTexts(of: line, parsed) == ["data xor", "net 2 2 1", "set title='a;b'", "eval # the end"])
    }
}
