import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// The built-in data sets: seeded, shaped and balanced as `help data` says,
/// and the spiral is exactly the benchmark's file.
@Suite struct GeneratorTests {
    @Test(arguments: DataGenerators.names.filter { $0 != "xor" })
    func seededShapedAndBalanced(_ name: String) throws {
        let a = try DataGenerators.make(name, count: 200, noise: 0.1, seed: 7)
        let b = try DataGenerators.make(name, count: 200, noise: 0.1, seed: 7)
        let c = try DataGenerators.make(name, count: 200, noise: 0.1, seed: 8)
        #expect(a == b)
        #expect(a.inputs != c.inputs)
        #expect(a.count == 200)
        #expect(a.inputs.columns == (name == "sine" ? 1 : 2))
        if name != "sine" {
            let ones = a.targets.storage.filter { $0 == 1 }.count
            // Classes within 35–65 % (circle and linear are balanced only in expectation).
            #expect((70...130).contains(ones), "\(name): \(ones) of 200 in class 1")
        }
    }

    @Test func spiralMatchesTheBenchmarkFile() throws {
        let spiral = try DataGenerators.spiral(count: 1000, classes: 2, noise: 0, seed: 1)
        let file = CSVTests.shipped.appendingPathComponent("spiral1000.csv").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        try #require(rows.count == 1000)
        for r in [0, 1, 499, 500, 777, 999] {
            #expect(abs(spiral.inputs[r, 0] - rows[r][0]) < 1e-12 && abs(spiral.inputs[r, 1] - rows[r][1]) < 1e-12)
            #expect(spiral.targets[r, 0] == rows[r][2])
        }
    }

    @Test func threeArmsAreOneHot() throws {
        let spiral = try DataGenerators.spiral(count: 300, classes: 3, noise: 0.1, seed: 1)
        #expect(spiral.targets.columns == 3)
        #expect((0..<300).allSatisfy { r in spiral.targets.row(r).reduce(0, +) == 1 })
    }

    @Test func splitIsSeededAndDisjoint() throws {
        let data = DataGenerators.moons(count: 100, noise: 0, seed: 1)
        let (train, test) = try data.split(testShare: 0.25, seed: 3)
        #expect(train.count == 75 && test.count == 25)
        #expect(try data.split(testShare: 0.25, seed: 3).test == test)
        #expect(try data.split(testShare: 0.25, seed: 4).test != test)
        let all = Set((0..<100).map { data.inputs.row($0) })
        let parts = Set((0..<75).map { train.inputs.row($0) } + (0..<25).map { test.inputs.row($0) })
        #expect(all == parts)
    }
}

@Suite struct MoreGeneratorTests {
    @Test(arguments: [2, 3, 5])
    func spiralArmsAreBalanced(_ arms: Int) throws {
        let harness = SessionHarness()
        harness.run("data spiral n=300 arms=\(arms)")
        let data = try #require(harness.session.state.data?.train)
        #expect(data.count == 300 / arms * arms)
        #expect(data.classNames.count == arms)
        let perClass = arms == 2 ? [data.count - Int(data.targets.storage.reduce(0, +)), Int(data.targets.storage.reduce(0, +))]
            : (0..<arms).map { c in (0..<data.count).filter { data.targets[$0, c] == 1 }.count }
        #expect(perClass == Array(repeating: 300 / arms, count: arms))
    }

    @Test func xorIsTheFourPoints() throws {
        let xor = DataGenerators.xor()
        #expect(xor.inputs.storage == [0, 0, 0, 1, 1, 0, 1, 1] && xor.targets.storage == [0, 1, 1, 0])
    }

    @Test func sineIsRegressionOnTheCurve() throws {
        let sine = DataGenerators.sine(count: 100, noise: 0, seed: 3)
        #expect(sine.classNames.isEmpty)
        #expect((0..<100).allSatisfy { abs(sine.targets[$0, 0] - sin(sine.inputs[$0, 0])) < 1e-15 && abs(sine.inputs[$0, 0]) <= Double.pi })
    }

    /// Every arm gets n/classes points and the first n mod classes one more, so n is what you get.
    @Test func spiralSharesOutTheRemainder() throws {
        let spiral = try DataGenerators.spiral(count: 301, classes: 3, noise: 0, seed: 1)
        #expect(spiral.count == 301)
        #expect((0..<3).map { c in (0..<301).filter { spiral.targets[$0, c] == 1 }.count } == [101, 100, 100])
        let harness = SessionHarness()
        #expect(harness.run("data spiral n=2 classes=3").first == "error: data: a spiral of 3 arms needs n ≥ 3, got 2")
        #expect(harness.run("data spiral n=3 classes=3").first?.hasPrefix("data spiral n=3 noise=0 classes=3 seed=1: 3 samples") == true)
    }

    /// help data lists each set's default noise, and `data` uses it; xor takes neither n= nor noise=.
    @Test func defaultsAreTheOnesHelpShows() throws {
        let harness = SessionHarness()
        let help = harness.run("help data")
        for set in DataGenerators.builtIns where set.name != "xor" {
            let noise = Format.number(set.defaultNoise!)
            #expect(help.contains("  \(set.name): \(set.summary); noise=\(noise) by default"), "\(help)")
            #expect(harness.run("data \(set.name)").first?.hasPrefix("data \(set.name) n=200 noise=\(noise) seed=1:") == true)
        }
        #expect(harness.run("data xor n=50 noise=0.3").first == "error: data: column 10: xor is the four fixed points, without n= or noise= (xor-gauss is a noisy XOR of n points)")
        #expect(harness.run("data xor noise=0.3").first?.hasPrefix("error: data: column 10: xor is the four fixed points") == true)
    }

    @Test func unknownSetSuggestsAName() {
        let harness = SessionHarness()
        #expect(harness.run("data moons arms=3").first == "error: data: column 12: classes= and arms= apply to spiral only")
        #expect(harness.run("data spiral arms=3 classes=3").first == "error: data: give classes= or arms=, not both (they are the same)")
        #expect(harness.run("data spirl").first == "error: data: column 6: unknown data set 'spirl' (built-in: \(DataGenerators.names.joined(separator: ", "))); did you mean 'spiral'?")
    }
}
