import BackpropCore

/// The network's frozen parameters (`freeze`) in the exported PyTorch
/// script: a tensor frozen whole gets `requires_grad_(False)`, so PyTorch's
/// optimizer skips it (its values and state stay); in a tensor frozen in part,
/// an optimizer step hook puts the frozen entries and their state back after
/// each step, as bplab's optimizer leaves them. Empty when nothing is frozen;
/// the script places it right after the optimizer is made.
enum PyTorchFrozen {
    static func code(_ network: Network) -> String {
        guard !network.frozen.isEmpty else { return "" }
        var whole: [String] = [], partly: [String] = []
        for (l, layer) in network.layers.enumerated() {
            let tensors = [("net.weights[\(l)]", layer.weightOffset, layer.inputs, layer.outputs, false),
                           ("net.biases[\(l)]", layer.biasOffset, 1, layer.outputs, true)]
            for (name, offset, rows, columns, vector) in tensors {
                let mask = (0..<rows).map { i in (0..<columns).map { network.frozen.contains(offset + i * columns + $0) } }
                guard mask.joined().contains(true) else { continue }
                if mask.joined().allSatisfy({ $0 }) { whole.append(name) }
                partly.append("(\(name), torch.tensor(\(vector ? python(mask[0]) : "[" + mask.map(python).joined(separator: ", ") + "]")))")
            }
        }
        // A wholly frozen tensor needs no mask, unless all are: then nothing would require a gradient
        // and backward() would fail, so every tensor keeps its gradient and is put back instead.
        if whole.count < 2 * network.depth {
            partly.removeAll { entry in whole.contains { entry.hasPrefix("(\($0),") } }
        } else {
            whole = []
        }
        return "\n\n" + """
            # Frozen in bplab (`freeze`): step and train leave these, and their optimizer state, as they are.
            for p in [\(whole.joined(separator: ", "))]:
                p.requires_grad_(False)
            PARTLY_FROZEN = [\(partly.joined(separator: ", "))]
            frozen_before = []


            def keep_frozen_before(optimizer, args, kwargs):
                frozen_before[:] = [(p, mask, p.detach().clone(), {k: v.clone() for k, v in optimizer.state[p].items()
                                                                  if torch.is_tensor(v) and v.shape == p.shape})
                                    for p, mask in PARTLY_FROZEN]


            def put_frozen_back(optimizer, args, kwargs):
                with torch.no_grad():
                    for p, mask, value, state in frozen_before:
                        p[mask] = value[mask]
                        for k, v in optimizer.state[p].items():
                            if torch.is_tensor(v) and v.shape == p.shape:
                                v[mask] = state[k][mask] if k in state else 0.0


            optimizer.register_step_pre_hook(keep_frozen_before)
            optimizer.register_step_post_hook(put_frozen_back)
            """
    }

    private static func python(_ row: [Bool]) -> String {
        "[" + row.map { $0 ? "True" : "False" }.joined(separator: ", ") + "]"
    }
}
