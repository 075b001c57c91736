import Foundation
import Testing
@testable import Lab

/// NaN and infinity are failures: check and grad say where the first one
/// appears, and `bplab -c` exits non-zero, where they used to call every
/// gradient "under about nan".
@Suite struct NonFiniteTextTests {
    static let setup = "net 2 1:sigmoid; set w1[1,1] = 1e308; set w1[2,1] = -1e308; data 2 2 -> 1"

    @Test(arguments: ["check", "grad w1[1,1]", "paths b1[1]", "grad w1"])
    func theFirstNaNIsAnErrorThatNamesIt(_ command: String) throws {
        let run = try ExecutableTests.run(["-c", "\(Self.setup); \(command)"])
        #expect(run.status != 0)
        let name = command.split(separator: " ")[0]
        #expect(run.errors.contains("error: \(name): E is not finite: z1[1] of sample 1 is nan, the first number that is not "
                                    + "(layer 1, neuron 1: its weighted sum overflows)"), "\(run.output)\(run.errors)")
        #expect(!(run.output + run.errors).contains("under about nan") && !(run.output + run.errors).contains("(about nan)"))
    }

    @Test func theForwardedSampleIsNamedAsSuch() {
        let harness = SessionHarness()
        harness.run(["net 1 1:linear", "set w1[1,1] = 1e200", "forward 1 -> 0"])
        #expect(harness.run("check") == ["error: check: E is inf although every output is finite (the loss overflows); "
                                          + "nothing to compare until it is finite (`init` re-initialises the weights, `set` changes one)"])
    }
}
