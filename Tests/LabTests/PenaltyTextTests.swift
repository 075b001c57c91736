import Foundation
import Testing
import BackpropCore
@testable import Lab

/// With l1/l2 set, grad, check, paths and step use the E train descends and
/// write the penalty term out; penalty=no shows the data term alone. train's
/// loss lines and eval say which loss each number is.
@Suite struct PenaltyTextTests {
    static func session(_ lines: [String]) -> SessionHarness {
        let harness = SessionHarness()
        harness.run(lines)
        return harness
    }

    /// The numbers of the issue: data-only 0.0115557, penalised −0.0672659.
    @Test func gradWritesThePenaltyTermOut() {
        let harness = Self.session(["data xor", "net 2 2 1", "set l2=0.5"])
        let grad = harness.run("grad w2[1,1]")
        #expect(grad[0] == "dE/dw2[1,1] = -0.0672659")
        #expect(grad[1].hasPrefix("  = data term 0.0115557 + penalty term -0.0788216"))
        #expect(grad.contains("dE/dw2[1,1] = a1[1] · d2[1] + l2·w2[1,1]"))
        #expect(grad.contains { $0.hasPrefix("    = 0.5 · 0.140152 + 0.5·(-0.157643) = 0.0700759 + (-0.0788216) = ") })
        #expect(grad.last?.contains("gives -0.0672659; relative error") == true)
        #expect(harness.run("grad w2[1,1] penalty=no")[0] == "dE/dw2[1,1] = 0.0115557")
        #expect(harness.run("grad b2[1]").contains("  (biases are not penalised: no l1/l2 term)"))
    }

    /// At w = 0 the l1 term is sign(0) = 0, and grad says so.
    @Test func l1AtZeroIsExplained() {
        let harness = Self.session(["data xor", "net 2 2 1", "set w2[1,1] = 0", "set l1=0.1"])
        let grad = harness.run("grad w2[1,1]")
        #expect(grad.contains("dE/dw2[1,1] = a1[1] · d2[1] + l1·sign(w2[1,1])"))
        #expect(grad.contains { $0.contains("+ 0.1·0 = ") && $0.contains("(at w = 0, sign(0) = 0: the l1 term adds nothing") })
    }

    @Test func checkAndPathsUseTheSameE() throws {
        let harness = Self.session(["data xor", "net 2 3:tanh 1", "set l1=0.02 l2=0.3"])
        let check = harness.run("check")
        #expect(check[0].hasSuffix(", E with its l1/l2 penalty (penalty=no: the data term alone):"))
        #expect(check.contains("every layer agrees within 1.0e-05"))
        let grad = harness.run("grad w1[2,3]")[0]
        let paths = harness.run("paths w1[2,3]")
        #expect(paths.contains { $0.hasPrefix("+ l1·sign(w1[2,3]) + l2·w1[2,3] = ") })
        let last = try #require(paths.last)
        #expect(last.contains("backprop (grad) = \(grad.components(separatedBy: " = ").last!);"), "\(last) vs \(grad)")
    }

    /// step takes the same step as one full-batch epoch of plain SGD in train.
    @Test func stepAndTrainDescendTheSameE() throws {
        let setup = ["data xor", "net 2 3:tanh 1", "set l1=0.01 l2=0.5"]
        let stepped = Self.session(setup + ["step lr=0.3"])
        let trained = Self.session(setup + ["train 1 lr=0.3 batch=4 opt=sgd"])
        let a = try stepped.session.context.requireNetwork().parameters, b = try trained.session.context.requireNetwork().parameters
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-15 }, "\(a) vs \(b)")
        #expect(stepped.run("step lr=0.3 penalty=no")[0] == "step: w ← w − 0.3·dE/dw over 4 samples")
    }

    /// The epoch line is the mean of the minibatch losses with the penalty;
    /// the summary the loss on all samples without it; eval shows both.
    @Test func lossLinesSayWhatTheyAre() throws {
        let harness = Self.session(["data xor", "net 2 2 1"])
        let network = try harness.session.context.requireNetwork()
        let data = try harness.session.context.requireData()
        let start = Metrics.evaluate(network, on: data.train).loss + Penalty(l2: 0.5).value(network)
        let lines = harness.run("train 1 l2=0.5 batch=4 opt=sgd")
        let epoch = try #require(lines.first)
        #expect(epoch.hasPrefix("epoch 1/1  minibatch loss + penalty "))
        // One full batch: its minibatch loss is E + penalty at the starting weights.
        #expect(abs(Double(epoch.split(separator: " ").last!)! - start) < 1e-6 * start)
        #expect(lines[1].contains(": loss on all 4 training samples 0.128238 → ") && lines[1].contains(" (without the penalty), train accuracy"))
        let eval = harness.run("eval")[0]
        let trained = try harness.session.context.requireNetwork()
        let loss = Metrics.evaluate(trained, on: data.train).loss
        #expect(eval.hasPrefix("train:  loss \(Format.number(loss))  with penalty \(Format.number(loss + Penalty(l2: 0.5).value(trained)))  "))
        let split = Self.session(["data circle n=40 test=0.25", "net 2 3:tanh 1", "train 1 l2=0.1"])
        #expect(split.output.first?.contains("  test + penalty ") == true)
    }
}
