import BackpropCore
import Foundation

/// `export pytorch FILE.py`: a runnable script that rebuilds the current
/// network in PyTorch (float64) with its exact weights — every number in its
/// shortest round-trip form, so Python reads back the same bits — the loss,
/// the optimizer settings and state, the training and test data, prints the
/// losses, and holds a training loop that continues where bplab stopped:
/// the optimizer's state (momentum buffers, Adam's moments and step count) in
/// PyTorch's `state_dict` layout, and bplab's shuffle (SplitMix64 state and
/// permutation), so `python3 FILE.py N` trains the same N epochs bplab would.
enum PyTorchExport {
    static func export(context: CommandContext, to path: String, overwrite: Bool) throws {
        let (network, data) = try context.requireNetworkAndData()
        // The trainer the next `train` would use: its optimizer state and shuffle are where bplab stopped.
        let trainer = try context.currentTrainer(for: network, data: data)
        let script = script(network: network, data: data, settings: context.state.settings, trainer: trainer)
        try FileWriter.write(Data(script.utf8), to: path, shownAs: context.displayPath(path),
                             overwrite: context.mayOverwrite(path, asked: overwrite))
        var what = "the network"
        let steps = trainer.optimizer.stepCount
        if steps > 0 && trainer.optimizer.settings.kind != .sgd { what += ", the optimizer's state after \(Format.count(steps, "step"))" }
        what += " and \(Format.count(data.train.count, "training sample"))" + (data.test.map { " (+\($0.count) test)" } ?? "")
        context.print("exported \(what) to \(context.displayPath(path)); run it with python3")
    }

    static func script(network: Network, data: LabData, settings: Settings, trainer: Trainer) -> String {
        func number(_ x: Double) -> String { x == 0 ? "0.0" : "\(x)" }
        func list(_ values: [Double]) -> String { "[" + values.map(number).joined(separator: ", ") + "]" }
        func rows(_ m: Matrix) -> String { "[\n" + m.rowArrays.map { "    " + list($0) + "," }.joined(separator: "\n") + "\n]" }
        var layers = ""
        for (index, layer) in network.layers.enumerated() {
            layers += "    # layer \(index + 1): \(layer.inputs) → \(layer.outputs), \(layer.activation.rawValue); W[i][j] from neuron i to neuron j\n"
            layers += "    (\(rows(network.weights(index)).replacingOccurrences(of: "\n", with: "\n    ")),\n"
            layers += "     \(list(network.biases(index))), \"\(layer.activation.rawValue)\"),\n"
        }
        let s = settings
        // Optimizer state per parameter tensor, in the order of `groups`: every W, then every b.
        let (first, second) = trainer.optimizer.state
        let steps = trainer.optimizer.stepCount
        func tensor(_ buffer: [Double], _ index: Int, weights: Bool) -> String {
            let layer = network.layers[index]
            if weights {
                let m = Matrix(rows: layer.inputs, columns: layer.outputs, storage: Array(buffer[layer.weightOffset..<(layer.weightOffset + layer.weightCount)]))
                return "torch.tensor(\(rows(m).replacingOccurrences(of: "\n", with: "\n        ")))"
            }
            return "torch.tensor(\(list(Array(buffer[layer.biasOffset..<(layer.biasOffset + layer.outputs)]))))"
        }
        var state = ""
        if steps > 0 && s.optimizer != .sgd {
            var index = 0
            for weights in [true, false] {
                for l in network.layers.indices {
                    switch s.optimizer {
                    case .adam:
                        state += "    \(index): {\"step\": torch.tensor(\(steps).0),\n"
                        state += "        \"exp_avg\": \(tensor(first, l, weights: weights)),\n"
                        state += "        \"exp_avg_sq\": \(tensor(second, l, weights: weights))},\n"
                    default:
                        state += "    \(index): {\"momentum_buffer\": \(tensor(first, l, weights: weights))},\n"
                    }
                    index += 1
                }
            }
        }
        let (generator, permutation) = trainer.shuffleState
        let testData = data.test.map { "torch.tensor(\(rows($0.inputs)))" } ?? "None"
        let testTargets = data.test.map { "torch.tensor(\(rows($0.targets)))" } ?? "None"
        let optimizer: String
        switch s.optimizer {
        case .sgd: optimizer = "torch.optim.SGD(groups, lr=\(number(s.learningRate)))"
        case .momentum: optimizer = "torch.optim.SGD(groups, lr=\(number(s.learningRate)), momentum=\(number(s.momentum)))"
        case .nesterov: optimizer = "torch.optim.SGD(groups, lr=\(number(s.learningRate)), momentum=\(number(s.momentum)), nesterov=True)"
        case .adam: optimizer = "torch.optim.Adam(groups, lr=\(number(s.learningRate)), betas=(0.9, 0.999), eps=1e-08)"
        }
        return """
            # Generated by bplab (export pytorch): the network, loss, optimizer settings and state,
            # and the training and test data of a bplab session, to continue in PyTorch where
            # bplab stopped: `python3 THIS.py N` trains N more epochs exactly as bplab would.
            # Inputs are as the network sees them (features and scaling already applied).
            import torch

            torch.set_default_dtype(torch.float64)

            LAYERS = [
            \(layers)]
            X = torch.tensor(\(rows(data.train.inputs)))
            E = torch.tensor(\(rows(data.train.targets)))
            X_TEST = \(testData)
            E_TEST = \(testTargets)
            LOSS = "\(network.loss.rawValue)"
            # The optimizer's state after bplab's \(steps) steps, in PyTorch's state_dict layout
            # (parameters numbered as in `groups` below: every W, then every b); empty before any step.
            OPTIMIZER_STATE = {
            \(state)}
            # bplab's shuffle: the SplitMix64 state before the next epoch and the permutation
            # it shuffles (shuffles accumulate, one Fisher–Yates pass per epoch).
            SHUFFLE_STATE = \(generator.state)
            PERMUTATION = \(permutation)


            class Net(torch.nn.Module):
                \"\"\"Dense layers: z = a_prev @ W + b, a = f(z), W stored (inputs x outputs) as in bplab.\"\"\"

                def __init__(self):
                    super().__init__()
                    self.weights = torch.nn.ParameterList(torch.nn.Parameter(torch.tensor(w)) for w, _, _ in LAYERS)
                    self.biases = torch.nn.ParameterList(torch.nn.Parameter(torch.tensor(b)) for _, b, _ in LAYERS)
                    self.activations = [f for _, _, f in LAYERS]

                def forward(self, a):
                    \"\"\"The output layer's net input z and output a.\"\"\"
                    for w, b, f in zip(self.weights, self.biases, self.activations):
                        z = a @ w + b
                        a = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                             "leaky-relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
                             "linear": lambda t: t, "softmax": lambda t: torch.softmax(t, dim=1)}[f](z)
                    return z, a


            def loss(net, x, e):
                \"\"\"bplab's E: mse 1/(2n) ΣΣ (o − e)²; bce and ce from the net inputs, like bplab.\"\"\"
                z, o = net(x)
                n = len(x)
                if LOSS == "mse":
                    return ((o - e) ** 2).sum() / (2 * n)
                if LOSS == "bce":
                    return torch.nn.functional.binary_cross_entropy_with_logits(z, e, reduction="sum") / n
                return -(e * torch.log_softmax(z, dim=1)).sum() / n


            net = Net()
            # L2 on weights only (bplab does not penalise biases); L1 = \(number(s.l1)) is added to the loss below.
            groups = [{"params": list(net.weights), "weight_decay": \(number(s.l2))}, {"params": list(net.biases), "weight_decay": 0.0}]
            optimizer = \(optimizer)
            if OPTIMIZER_STATE:
                saved = optimizer.state_dict()
                saved["state"] = OPTIMIZER_STATE
                optimizer.load_state_dict(saved)\(PyTorchFrozen.code(network))


            def report(prefix=""):
                with torch.no_grad():
                    print(f"{prefix}loss {loss(net, X, E).item():.17g}")
                    if X_TEST is not None:
                        print(f"{prefix}test loss {loss(net, X_TEST, E_TEST).item():.17g}")


            class Shuffle:
                \"\"\"bplab's SplitMix64 shuffle: for i = n−1 … 1, j = next() mod (i+1), swap p[i] and p[j].\"\"\"
                MASK = (1 << 64) - 1

                def __init__(self, state, permutation):
                    self.state, self.permutation = state, list(permutation)

                def next(self):
                    self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
                    z = self.state
                    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
                    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
                    return z ^ (z >> 31)

                def epoch(self):
                    p = self.permutation
                    for i in range(len(p) - 1, 0, -1):
                        j = self.next() % (i + 1)
                        p[i], p[j] = p[j], p[i]
                    return p


            shuffle = Shuffle(SHUFFLE_STATE, PERMUTATION)
            report()


            def train(epochs, batch=\(s.batchSize)):
                \"\"\"More epochs of minibatch training, each batch in bplab's shuffled order.\"\"\"
                for _ in range(epochs):
                    order = shuffle.epoch()
                    for start in range(0, len(order), batch):
                        rows = torch.tensor(order[start:start + batch])
                        optimizer.zero_grad()
                        total = loss(net, X[rows], E[rows]) + \(number(s.l1)) * sum(w.abs().sum() for w in net.weights)
                        total.backward()
                        optimizer.step()


            if __name__ == "__main__":
                import sys
                if len(sys.argv) > 1:
                    train(int(sys.argv[1]))
                    report(f"after {sys.argv[1]} more epochs: ")

            """
    }
}
