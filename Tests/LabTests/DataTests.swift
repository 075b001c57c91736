import Foundation
import Testing
@testable import BackpropCore
@testable import Lab
import TestSupport

@Suite struct CSVTests {
    static func file(_ text: String, name: String = "data.csv") throws -> (SessionHarness, String) {
        try file(bytes: Array(text.utf8), name: name)
    }

    /// A session in a fresh folder holding one file of these bytes.
    static func file(bytes: [UInt8], name: String = "data.csv") throws -> (SessionHarness, String) {
        let folder = try Support.temporaryDirectory("csv")
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return (SessionHarness(baseDirectory: folder.path), name)
    }

    /// Files that load, and what they hold: (contents, inputs, targets, first input row).
    static let good: [(String, Int, Int, [Double])] = [
        ("a,b,y\n1,2,0\n3,4,1\n", 2, 1, [1, 2]),
        ("a,b,y\r\n1,2,0\r\n3,4,1\r\n", 2, 1, [1, 2]),
        ("\u{FEFF}a,b,y\n1,2,0\n3,4,1\n", 2, 1, [1, 2]),
        ("a,b,y\n\n1,2,0\n\n3,4,1\n\n", 2, 1, [1, 2]),
        ("a,b,y\n1,2,0,\n3,4,1,\n", 2, 1, [1, 2]),
        ("\"a, with comma\",\"b\nwith newline\",y\n\"1\",2,cat\n3,4,dog\n", 2, 2, [1, 2]),
        ("a,b,y\n1e300,-2.5e-10,0\n3,4,1\n", 2, 1, [1e300, -2.5e-10]),
        // A trailing separator on the header too, with or without one on the data lines.
        ("a,b,y,\n1,2,0,\n3,4,1\n", 2, 1, [1, 2]),
        ("a,\"b\",y,\n1,2,0,\n3,4,1\n", 2, 1, [1, 2]),
        // CR alone ends lines (classic Mac), on both readers.
        ("a,b,y\r1,2,0\r3,4,1\r", 2, 1, [1, 2]),
        ("\"a\",b,y\r1,2,0\r3,4,1", 2, 1, [1, 2]),
    ]

    @Test(arguments: good)
    func loads(_ text: String, _ inputs: Int, _ targets: Int, _ first: [Double]) throws {
        let (harness, name) = try Self.file(text)
        let output = harness.run("load \(name) test=0")
        #expect(output.first?.hasPrefix("data \(name): 2 samples") == true, "\(output)")
        let data = try #require(harness.session.state.data)
        #expect(data.train.inputs.columns == inputs && data.train.targets.columns == targets)
        #expect(data.train.inputs.row(0) == first)
    }

    static let bad: [(String, String)] = [
        ("", "data.csv: the file is empty"),
        ("\u{FEFF}", "data.csv: the file is empty"),
        ("a,b,y\n", "a header but no samples"),
        ("a,b,y\n1,x,0\n", "data.csv:2:2: column 'b' must be a number, got 'x'"),
        ("a,b,y\n1,2\n", "data.csv:2: 2 fields, but the header has 3"),
        ("a,b,y\n1,2,3,4,5\n", "data.csv:2: 5 fields, but the header has 3"),
        ("a,a,y\n1,2,0\n", "data.csv:1:2: duplicate column name 'a'"),
        ("a,b,y\n1e400,2,0\n", "data.csv:2:1: column 'a' must be a finite number, got '1e400'"),
        ("\"a\",b,y\n1,2,0\n-1e400,2,0\n", "data.csv:3:1: column 'a' must be a finite number, got '-1e400'"),
        // Lines are file lines, also after a quoted field that spans two.
        ("a,b,y\n\"1\n\",2,0\n3,4,0\n5,x,1\n", "data.csv:2:1: column 'a' must be a number, got '1\\n'"),
        ("a,b,y\n1,\"2\n\n\",cat\n3,4,dog\n5,x,dog\n", "data.csv:2:2: column 'b' must be a number, got '2\\n\\n'"),
        ("a,\"b\",y\n1,2,cat\n3,4,dog\n\n5,x,dog\n", "data.csv:5:2: column 'b' must be a number, got 'x'"),
        ("a,b,y\r\n1,2,0\r\n3,x,1\r\n", "data.csv:3:2: column 'b' must be a number, got 'x'"),
        ("a,b,y\n1,2,0\n3,4\n", "data.csv:3: 2 fields, but the header has 3"),
        ("a,\"b\",y\n1,2,0\n3,4\n", "data.csv:3: 2 fields, but the header has 3"),
        ("a,\"a\",y\n1,2,0\n", "data.csv:1:2: duplicate column name 'a'"),
        ("a,b,y\n1,2,0\n\"3,4,1\n5,6,0\n", "data.csv:3:1: the quote that opens this field is never closed"),
        // The unclosed quote swallows the rest of the file, yet the record still has 3 fields.
        ("a,b,y\n1,2,cat\n3,4,\"dog\n5,6,cat\n7,8,dog\n", "data.csv:3:3: the quote that opens this field is never closed"),
        ("a,b,y\n1,2,\"ca\"\"t\"\n3,4,\"d\"og\n", "data.csv:3:3: the quote that opens this field is never closed"),
        // One bad cell in a numeric target is a typo to report, not a reason to make classes.
        ("a,y\n1,0.5\n2,0.7\n3,0.7x\n4,0.9\n", "data.csv:4:2: column 'y' must be a number, got '0.7x'"),
        ("\"a\",y\n1,0.5\n2,0.7\n3,0.7x\n4,0.9\n", "data.csv:4:2: column 'y' must be a number, got '0.7x'"),
        ("a,y\n1,0.5\n2,1e400\n3,0.9\n", "data.csv:3:2: column 'y' must be a finite number, got '1e400'"),
        ("a,b,y\n1,2,3\n4,5,-inf\n", "data.csv:3:3: column 'y' must be a finite number, got '-inf'"),
        ("a,y\n1,0.5\n2,1,5\n", "data.csv:3: 3 fields, but the header has 2"),
        // Separators other than commas, binary files.
        ("a;b;y\n1;2;0\n", "data.csv:1: the header is one column, 'a;b;y': bplab reads comma-separated files, and this one looks separated by semicolons"),
        ("a\tb\ty\n1\t2\t0\n", "looks separated by tabs"),
        ("y\n1\n2\n", "data.csv:1: the header has only one column, 'y'"),
        ("a,b,y\n1,2\u{0}3,0\n", "data.csv:2:2: a NUL byte; is this a binary file?"),
        // Control characters in a cell are escaped in the message.
        ("a,b,y\n1,\u{1B}[31m\u{7},0\n", "data.csv:2:2: column 'b' must be a number, got '\\u{1b}[31m\\u{7}'"),
        ("a,b,y\n1,,0\n2,3,1\n,4,0\n", "missing values on lines 2, 4; add dropmissing=yes"),
        ("a,b,y\n1,2,same\n3,4,same\n", "has only one class"),
        ("a,y\n" + (0...1000).map { "\($0),c\($0)" }.joined(separator: "\n"), "data.csv: the target column 'y' has more than 1000 classes"),
    ]

    @Test(arguments: bad)
    func rejectsWithFileLineColumn(_ text: String, _ message: String) throws {
        let (harness, name) = try Self.file(text)
        harness.run("data xor")
        let before = harness.session.state
        let output = harness.run("load \(name) test=0")
        #expect(output.count == 1 && output[0].contains(message), "\(output)")
        #expect(output.first?.hasPrefix("error: load: ") == true)
        #expect(harness.session.state == before)
    }

    @Test func missingFileDirectoryAndOptions() throws {
        let (harness, name) = try Self.file("a,b,y\n1,,0\n2,3,1\n4,5,0\n")
        #expect(harness.run("load nosuch.csv").first?.contains("nosuch.csv: no such file") == true)
        #expect(harness.run("load .").first?.contains("is a directory") == true)
        #expect(harness.run("load \(name) target=z").first?.contains("no target column 'z' (columns: a, b, y)") == true)
        let output = harness.run("load \(name) dropmissing=yes test=0")
        #expect(output.last == "dropped 1 row with missing values (line 2)")
        #expect(harness.session.state.data?.train.count == 2)
        harness.run("load \(name) dropmissing=yes test=0 target=1 features=b")
        #expect(harness.session.state.data?.train.featureNames == ["b"])
    }

    /// sessions/data, found from this file's path so the tests run from any clone.
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sessions/data")

    @Test func irisReachesNinetyPercentOnTheTestSplit() throws {
        let harness = SessionHarness(baseDirectory: Self.shipped.path)
        harness.run(["load iris.csv target=species test=0.2 normalize=zscore", "net 4 8:tanh 3:softmax",
                     "train 200 lr=0.05 batch=16 opt=adam"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let accuracy = try #require(Metrics.evaluate(network, on: data.test!).accuracy)
        #expect(accuracy > 0.9, "iris test accuracy \(accuracy)")
        #expect(harness.run("predict 6.7 3.0 5.2 2.3").first?.hasSuffix("→ class virginica") == true)
        // eval's confusion matrix names the classes; its counts add up to the test split, its diagonal to Metrics' accuracy.
        let lines = harness.run("eval")
        let start = try #require(lines.firstIndex(of: "test confusion matrix (rows: true class, columns: predicted):"))
        #expect(lines[start + 1].split(separator: " ") == ["setosa", "versicolor", "virginica", "right"])
        let rows = lines[(start + 2)...].map { $0.split(separator: " ").dropFirst().dropLast().map { Int($0)! } }
        #expect(rows.count == 3 && rows.joined().reduce(0, +) == data.test!.count)
        #expect(abs(Double((0..<3).reduce(0) { $0 + rows[$1][$1] }) / Double(data.test!.count) - accuracy) < 1e-12)
    }

    @Test func digitsReachNinetyFivePercentOnTheTestSplit() throws {
        let harness = SessionHarness(baseDirectory: Self.shipped.path)
        harness.run(["load digits.csv target=label classes=yes test=0.2 normalize=minmax", "net 64 64:relu 10:softmax",
                     "train 30 lr=0.002 batch=32 opt=adam"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let accuracy = try #require(Metrics.evaluate(network, on: data.test!).accuracy)
        #expect(accuracy > 0.95, "digits test accuracy \(accuracy)")
    }

    @Test func normalisationIsFittedOnTrainingOnlyAndTravelsWithTheModel() throws {
        let (harness, name) = try Self.file("a,y\n0,0\n10,1\n20,0\n30,1\n")
        harness.run("load \(name) test=0.5 seed=1 normalize=minmax")
        let data = try #require(harness.session.state.data)
        let train = data.rawTrain.inputs.storage
        #expect(data.mapping.normalization?.offset == [train.min()!])
        harness.run("net 1 1:sigmoid")
        #expect(harness.session.state.network?.inputMapping.normalization == data.mapping.normalization)
    }

    @Test func featuresMapInputsEverywhere() throws {
        let harness = SessionHarness()
        harness.run(["data xor", "features x1 x2 x1*x2 sin(x1) x2^2"])
        let data = try #require(harness.session.state.data)
        #expect(data.train.inputs.row(3) == [1, 1, 1, sin(1), 1])
        #expect(harness.run("features x3").first?.contains("inputs are x1…x2") == true)
        harness.run("net 5 1:sigmoid")
        #expect(harness.run("predict 1 1").first?.hasPrefix("output") == true)
    }
}

/// The byte-level reader (files without quotes) and CSV.swift (files with
/// quotes) must give the same samples: the same file is loaded both ways,
/// once with a quoted header, and compared with values written by the test.
@Suite struct CSVReaderAgreementTests {
    @Test func bothReadersGiveTheSameSamples() throws {
        var rng = SplitMix64(seed: 11)
        let rows = (0..<2000).map { r in (0..<3).map { _ in (rng.uniform(-1e6, 1e6) * 1e3).rounded() / 1e3 } + [Double(r % 3)] }
        let body = rows.map { row in row.prefix(3).map { "\($0)" }.joined(separator: ",") + ",c\(Int(row[3]))" }.joined(separator: "\r\n")
        let (plain, name) = try CSVTests.file("\u{FEFF}a,b,c,class\r\n" + body + "\r\n")
        let (quoted, _) = try CSVTests.file("\u{FEFF}\"a\",b,c,\"class\"\r\n" + body + "\r\n")
        plain.run("load \(name) test=0")
        quoted.run("load \(name) test=0")
        let a = try #require(plain.session.state.data?.train), b = try #require(quoted.session.state.data?.train)
        #expect(a == b)
        #expect(a.count == 2000 && a.featureNames == ["a", "b", "c"] && a.classNames == ["c0", "c1", "c2"])
        for r in [0, 1, 999, 1999] {
            #expect(a.inputs.row(r) == Array(rows[r].prefix(3)))
            #expect(a.targets.row(r) == (0..<3).map { $0 == Int(rows[r][3]) ? 1 : 0 })
        }
    }

    @Test func spacesAroundFieldsAndMissingMarkers() throws {
        let (harness, name) = try CSVTests.file("a , b,y\n 1 ,\t2 ,0\nNA,3,1\n4,?,0\n5,nan,1\n6,7,1\n")
        let output = harness.run("load \(name) test=0")
        #expect(output.first?.contains("missing values on lines 3, 4, 5; add dropmissing=yes") == true, "\(output)")
        harness.run("load \(name) test=0 dropmissing=yes")
        let data = try #require(harness.session.state.data?.train)
        #expect(data.featureNames == ["a", "b"] && data.inputs.storage == [1, 2, 6, 7])
    }
}

@Suite struct ScalingFollowsTheDataTests {
    /// A network not yet trained follows the data: after `split` refits the
    /// scaling, the network's copy (saved with the model) is the new fit.
    @Test func splitRefitsAndAnUntrainedNetworkFollows() throws {
        let harness = SessionHarness()
        harness.run(["data gauss n=100 normalize=zscore", "net 2 3:tanh 1:sigmoid"])
        let before = try #require(harness.session.state.network?.inputMapping.normalization)
        harness.run("split test=0.5 seed=9")
        let data = try #require(harness.session.state.data)
        let train = data.rawTrain.inputs
        let mean = (0..<train.rows).map { train[$0, 0] }.reduce(0, +) / Double(train.rows)
        #expect(abs(data.mapping.normalization!.offset[0] - mean) < 1e-12)
        #expect(harness.session.state.network?.inputMapping == data.mapping)
        #expect(data.mapping.normalization != before)
    }

    /// A trained network keeps the scaling it learned with: `split` scales the
    /// new splits with it, says so, and predictions do not move.
    @Test func splitKeepsATrainedNetworksScaling() throws {
        let harness = SessionHarness()
        harness.run(["data gauss n=100 normalize=zscore", "net 2 3:tanh 1:sigmoid", "train 5"])
        let learned = try #require(harness.session.state.network?.inputMapping)
        let prediction = harness.run("predict 0.3 -0.2")
        let output = harness.run("split test=0.5 seed=9")
        #expect(output.last == "kept the network's input scaling: scaled zscore with the offsets and scales it learned with, not refitted on this data")
        let data = try #require(harness.session.state.data)
        #expect(data.mapping == learned && harness.session.state.network?.inputMapping == learned)
        #expect(data.train.inputs == learned.apply(data.rawTrain.inputs))
        #expect(harness.run("predict 0.3 -0.2") == prediction)
    }

    @Test func newDataWithoutScalingSaysSo() throws {
        let harness = SessionHarness()
        harness.run(["data moons normalize=minmax", "net 2 4:tanh 1:sigmoid"])
        let output = harness.run("data moons")
        #expect(output.last == "the network's inputs are now scaled none (were minmax)")
        #expect(harness.session.state.network?.inputMapping.normalization == nil)
    }

    /// predict maps typed raw inputs by features then scaling, as the training inputs were mapped.
    @Test func predictUsesFeaturesThenScaling() throws {
        let harness = SessionHarness()
        harness.run(["data circle n=50 normalize=zscore", "features x1 x2 x1^2", "net 3 1:sigmoid"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let raw = [0.3, -0.2], mapped = [0.3, -0.2, 0.09]
        let scaled = (0..<3).map { (mapped[$0] - data.mapping.normalization!.offset[$0]) / data.mapping.normalization!.scale[$0] }
        #expect(try harness.session.context.networkInput(fromRaw: raw, network: network).enumerated().allSatisfy { abs($1 - scaled[$0]) < 1e-12 })
    }
}

/// No file may crash `load`: seeded random files over the bytes that matter
/// to CSV (separators, quotes, line ends, digits, a BOM's bytes, NUL, invalid
/// UTF-8) either load or give exactly one error, leaving the data as it was.
@Suite struct CSVFuzzTests {
    @Test(arguments: 0..<4)
    func randomFilesLoadOrFailCleanly(_ round: Int) throws {
        let alphabet: [UInt8] = Array("ab1,2.e-\"\n\r \t".utf8) + [0x00, 0xFF, 0xEF, 0xBB, 0xBF, 0xC3]
        var rng = SplitMix64(seed: UInt64(100 + round))
        let folder = try Support.temporaryDirectory("fuzz")
        let harness = SessionHarness(baseDirectory: folder.path)
        harness.run("data xor")
        for k in 0..<100 {
            let length = Int(rng.next() % 60)
            var bytes = Array("a,b\n".utf8)
            for _ in 0..<length { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            try Data(bytes).write(to: folder.appendingPathComponent("f\(k).csv"))
            let before = harness.session.state
            let output = harness.run("load f\(k).csv test=0")
            let loaded = output.first?.hasPrefix("data f\(k).csv: ") == true
            #expect(loaded || output.count == 1 && output[0].hasPrefix("error: load: f\(k).csv"), "\(bytes): \(output)")
            if !loaded { #expect(harness.session.state == before) }
        }
    }
}
