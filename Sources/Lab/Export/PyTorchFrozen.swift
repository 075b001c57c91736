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
            let tensors = [("net.weights[\(l)]", layer.weightOffset, layer.inputs, layer.outputs),
                           ("net.biases[\(l)]", layer.biasOffset, 1, layer.outputs)]
            for (name, offset, rows, columns) in tensors {
                let mask = (0..<rows).map { i in (0..<columns).map { network.frozen.contains(offset + i * columns + $0) } }
                let flat = mask.flatMap { $0 }
                if flat.allSatisfy({ $0 }) { whole.append(name) } else if flat.contains(true) {
                    let text = rows == 1 && name.hasPrefix("net.biases") ? python(mask[0]) : "[" + mask.map(python).joined(separator: ", ") + "]"
                    partly.append("(\(name), torch.tensor(\(text)))")
                }
            }
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
