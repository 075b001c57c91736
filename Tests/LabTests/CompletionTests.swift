import Foundation
import Testing
@testable import Lab

/// Tab completion: the words offered for the position being typed, and file paths.
@Suite struct CompletionTests {
    static let activations = ["sigmoid", "tanh", "relu", "leaky-relu", "linear", "softmax"]

    /// (line up to the cursor, the words offered) on a session with data and a 2-2-1 network.
    static let cases: [(String, [String])] = [
        ("tra", ["train"]),
        ("train 10 o", ["opt="]),
        ("train 10 opt=a", ["adam"]),
        ("train 10 opt=adam o", []),
        ("he", ["help"]),
        ("help tr", ["train"]),
        ("help train ", []),
        // the second word of `set` depends on the first
        ("set opt ", ["sgd", "momentum", "nesterov", "adam"]),
        ("set terminal s", ["sixel", "svg"]),
        ("set pre", ["precision"]),
        ("set b", ["b1[", "b1", "b2[", "b2", "batch"]),
        ("set l", ["lr", "l1", "l2"]),
        // after a parameter or a setting comes a value: nothing to offer
        ("set w1[1,1] = ", []),
        ("set w1[1,1] =", []),
        ("set w1[1,1]=", []),
        ("set w1[1,1] ", []),
        ("set w1 = [[0.1, ", []),
        ("set w1=", []),
        ("set w1=0.5 ", []),
        ("set lr ", []),
        ("set lr=", []),
        ("set opt=a", ["adam"]),
        // once settings are given as key=value, the others are offered as key=
        ("set lr=0.5 ", ["precision=", "batch=", "epochs=", "opt=", "momentum=", "l1=", "l2=", "seed=", "shuffle-seed=", "terminal=", "sixel=", "memory="]),
        ("set lr=0.5 l", ["l1=", "l2="]),
        ("set lr= 0.5 batch=4 b", []),
        ("set lr=0.5 opt=a", ["adam"]),
        ("set lr=0.5 opt= ", ["sgd", "momentum", "nesterov", "adam"]),
        ("set opt = ", ["sgd", "momentum", "nesterov", "adam"]),
        ("set lr= ", []),
        ("set w1=0.5 l", []),
        // later words are not the first word's choices again
        ("show data ", []),
        ("show w", ["weights", "w1[", "w1", "w2[", "w2"]),
        // each plot kind offers only its own options
        ("plot loss ", ["log="]),
        ("plot loss log=yes ", []),
        ("plot boundary ", ["res="]),
        ("plot boundary log=", []),
        ("plot grads ", ["by="]),
        ("plot grads by=", ["epoch", "layer"]),
        ("plot landscape w1[1,1] ", ["range="]),
        ("plot fit ", []),
        ("plot weights 1 ", []),
        ("plot r", []),
        ("plot activation t", ["tanh"]),
        ("plot landscape w2", ["w2[", "w2"]),
        // layers: SIZE:ACTIVATION at any size
        ("net 2 8:ta", ["8:tanh"]),
        ("net 2 16:s", ["16:sigmoid", "16:softmax"]),
        ("net 2 8", activations.map { "8:" + $0 }),
        ("net ", []),
        ("layer ", []),
        ("layer 4 l", ["leaky-relu", "linear"]),
        ("loss ", ["mse", "bce", "ce"]),
        ("loss mse ", []),
        ("init u", ["uniform("]),
        ("save ", ["session", "model"]),
        ("save model m.json o", ["overwrite="]),
        ("init ", ["xavier", "he", "uniform(", "zeros"]),
        ("init s", ["seed="]),
        ("grad w1[1,1] ", ["sample=", "penalty="]),
        ("data xor; net 2 4:re", ["4:relu"]),
        ("nosuch ", []),
        // indices of the network's own shape (2-2-1): w1[i, then w1[i,j]; b2[j]; x[i] where an input is meant
        ("set w1[", ["w1[1,", "w1[2,"]),
        ("set w1[2", ["w1[2,"]),
        ("set w1[2,", ["w1[2,1]", "w1[2,2]"]),
        ("set w2[1,", ["w2[1,1]"]),
        ("set w1[3,", []),
        ("set b2[", ["b2[1]"]),
        ("set w3[", []),
        ("grad w2[2,", ["w2[2,1]"]),
        ("grad x", ["x["]),
        ("grad x[", ["x[1]", "x[2]"]),
        ("paths b1[", ["b1[1]", "b1[2]"]),
        // set changes parameters and settings, never an input
        ("set x", []),
        ("set ", ["w1[", "b1[", "w1", "b1", "w2[", "b2[", "w2", "b2"] + SetCommand.settings.map(\.key)),
        ("freeze x", []),
        // show: topics, parameters, inputs and the layer values of a forward pass
        ("show z", ["z1", "z2"]),
        ("show a", ["a0", "a1", "a2"]),
        ("show d", ["data", "d1", "d2"]),
        ("show x[", ["x[1]", "x[2]"]),
    ]

    @Test(arguments: cases)
    func offersTheWordsOfThePosition(_ line: String, _ expected: [String]) {
        let harness = SessionHarness()
        harness.run(["data xor", "net 2 2 1"])
        // What readline passes as the word: the text after the last space or `=`.
        let word = String(line.reversed().prefix { $0 != " " && $0 != "=" }.reversed())
        #expect(Completion.candidates(linePrefix: line, word: word, session: harness.session) == expected)
    }

    /// File paths, relative to the session's folder or absolute; folders end in `/`.
    @Test func completesFilePaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("runs"), withIntermediateDirectories: true)
        for name in ["results.csv", "resume.txt", ".secret", "runs/a.bpl"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = SessionHarness(baseDirectory: folder.path)
        harness.run(["data xor", "net 2 2 1"])
        let cases: [(String, String, [String])] = [
            ("load r", "r", ["results.csv", "resume.txt", "runs/"]),
            ("load mo", "mo", ["model"]),
            ("load model r", "r", ["results.csv", "resume.txt", "runs/"]),
            ("load .", ".", [".secret"]),
            ("save model ru", "ru", ["runs/"]),
            ("export loss \(folder.path)/res", "\(folder.path)/res", ["\(folder.path)/results.csv", "\(folder.path)/resume.txt"]),
            ("export activation tanh runs/", "runs/", ["runs/a.bpl"]),
            ("replay runs/", "runs/", ["runs/a.bpl"]),
            // replay offers transcripts (and folders to look in), nothing else
            ("replay r", "r", ["runs/"]),
            ("replay runs/a", "runs/a", ["runs/a.bpl"]),
            ("replay runs/a.bpl ", "", ["step", "check"]),
            ("replay nowhere/x", "nowhere/x", []),
            ("save session ", "", ["overwrite="]),
            // export: the plot kind's options and the file's
            ("export loss l", "l", ["log="]),
            ("export boundary l", "l", []),
            ("export boundary out.png s", "s", ["size="]),
            ("export fit out.png o", "o", ["overwrite="]),
            ("export pytorch net.py s", "s", []),
            ("export notebook run.md o", "o", ["overwrite="]),
        ]
        for (line, word, expected) in cases {
            #expect(Completion.candidates(linePrefix: line, word: word, session: harness.session) == expected, "\(line)")
        }
    }
}
