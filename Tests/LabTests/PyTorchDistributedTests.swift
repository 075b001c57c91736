import Foundation
import Testing
@testable import BackpropCore
@testable import Lab

/// The exported script under `torchrun --nproc_per_node=2` (DDP over gloo, on
/// the CPU): both processes replay bplab's shuffle and share each batch, and
/// the run ends where bplab's `train N` ends, loss and parameters to 1e-12 —
/// with a last batch that does not split evenly, L1/L2 penalties, and frozen
/// parameters.
@Suite struct PyTorchDistributedTests {
    /// 45 samples in batches of 8 end with 5 (2 and 3 per process); 41 in
    /// batches of 4 end with 1 (none for one process).
    static let setups = [
        ["data spiral n=60 test=0.25", "net 2 6:tanh 1:sigmoid", "train 3 lr=0.05 batch=8 opt=adam l1=0.001 l2=0.01"],
        ["data moons n=41", "net 2 5:relu 1:sigmoid", "loss bce", "train 2 lr=0.2 batch=4 opt=momentum l2=0.02"],
    ]

    @Test(.enabled(if: Python.torch, Python.noTorch), arguments: setups)
    func twoProcessesTrainAsBplab(_ lines: [String]) throws {
        let folder = try Python.folder("torchrun")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(lines)
        try PyTorchExportTests.export(harness)
        let (printed, parameters) = try Python.train(["5"], processes: 2, in: folder, like: try harness.session.context.requireNetwork())
        harness.run("train 5")
        let (trained, data) = try harness.session.context.requireNetworkAndData()
        let loss = Metrics.evaluate(trained, on: data.train).loss
        #expect(Python.close(printed["after 5 more epochs: loss"], loss), "PyTorch \(printed), bplab \(loss)")
        #expect(Python.close(parameters, trained.parameters), "PyTorch \(parameters), bplab \(trained.parameters)")
    }

    /// Frozen parameters (a whole b1, one weight of W1 and one of W2) keep
    /// their values on one process and on two, and the others end where
    /// bplab's trainer, holding those still, ends them.
    @Test(.enabled(if: Python.torch, Python.noTorch))
    func frozenParametersStayOnEveryProcess() throws {
        let folder = try Python.folder("torch-frozen")
        let harness = SessionHarness(baseDirectory: folder)
        harness.run(["data spiral n=45", "net 2 5:tanh 1:sigmoid", "set opt momentum", "set batch 8", "set l1 0.001", "set l2 0.01"])
        let (network, data) = try harness.session.context.requireNetworkAndData()
        let (first, second) = (network.layers[0], network.layers[1])
        let frozen = (0..<5).map(first.biasIndex) + [first.weightIndex(from: 1, to: 3), second.weightIndex(from: 2, to: 0)]
        try PyTorchExportTests.export(harness, frozen: frozen)
        var expected = network
        Self.train(&expected, holding: frozen, on: data.train, settings: harness.session.context.state.settings, epochs: 4)
        #expect(frozen.allSatisfy { expected.parameters[$0] == network.parameters[$0] })
        for processes in [1, 2] {
            let parameters = try Python.train(["4"], processes: processes, in: folder, like: network).parameters
            #expect(frozen.allSatisfy { parameters[$0] == network.parameters[$0] }, "\(processes) process(es)")
            #expect(Python.close(parameters, expected.parameters), "\(processes): PyTorch \(parameters), bplab \(expected.parameters)")
        }
    }

    /// The oracle is bplab's own trainer: with nothing frozen, the same bits as `train`.
    @Test func theOracleIsBplabsTrainer() throws {
        let harness = SessionHarness()
        harness.run(["data spiral n=45", "net 2 5:tanh 1:sigmoid", "set opt adam", "set batch 8", "set l1 0.001", "set l2 0.01"])
        var network = try harness.session.context.requireNetwork()
        Self.train(&network, holding: [], on: try harness.session.context.requireData().train,
                   settings: harness.session.context.state.settings, epochs: 3)
        harness.run("train 3")
        #expect(network.parameters == (try harness.session.context.requireNetwork()).parameters)
    }

    /// bplab's training loop from a fresh optimizer and shuffle (Trainer's
    /// steps, from BackpropCore's parts), putting the `frozen` parameters back
    /// after every step: the optimizers update entry by entry, so that is
    /// holding them still for every other parameter.
    static func train(_ network: inout Network, holding frozen: [Int], on data: Dataset, settings s: Settings, epochs: Int) {
        let optimizer = Optimizer(OptimizerSettings(kind: s.optimizer, learningRate: s.learningRate, momentum: s.momentum),
                                  parameterCount: network.parameters.count)
        let penalty = Penalty(l1: s.l1, l2: s.l2), batch = min(s.batchSize, data.count)
        let propagation = Propagation(shapeOf: network, capacity: batch)
        var generator = SplitMix64(seed: s.shuffleSeed), permutation = Array(0..<data.count)
        for _ in 0..<epochs {
            generator.shuffle(&permutation)
            for start in stride(from: 0, to: data.count, by: batch) {
                propagation.forward(network, inputs: data.inputs, targets: data.targets,
                                    rows: permutation[start..<min(start + batch, data.count)])
                propagation.backward(network, inputGradient: false)
                var gradients = propagation.gradients
                penalty.addGradient(of: network, to: &gradients)
                let held = frozen.map { network.parameters[$0] }
                optimizer.step(&network.parameters, gradients: gradients)
                for (k, value) in zip(frozen, held) { network.parameters[k] = value }
            }
        }
    }
}
