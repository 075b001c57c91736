/// The forward and backward pass over a batch, with every buffer it keeps.
///
/// Forward, for each layer l = 1…L: z_l = a_{l−1} · W_l + b_l, a_l = f_l(z_l),
/// with a_0 = x (one sample per row). Backward, by the delta rule
/// (docs/ARCHITECTURE.md, "the delta rule"):
///
///     d_L = dE/da_L · f'(z_L)                 (output layer)
///     d_l = f'(z_l) ⊙ (d_{l+1} · W_{l+1}ᵀ)    (hidden layers)
///     dE/dW_l = a_{l−1}ᵀ · d_l,  dE/db_l = Σ_samples d_l,  dE/dx = d_1 · W_1ᵀ
///
/// The loss already divides by the batch size n, so the deltas carry the 1/n
/// and the sums over samples above are batch means.
///
/// Buffers are allocated once for a network shape and a batch capacity; a
/// training step then allocates nothing. All buffers are row-major, one
/// sample per row. Layer numbers here follow the user's notation: 0 is the
/// input, `network.depth` the output. Buffers for the forward pass only
/// (`forwardOnly`) hold no deltas and no gradients: evaluating a network
/// needs a third of the memory, and none per parameter.
public final class Propagation {
    public let layerWidths: [Int]
    public let capacity: Int
    public let forwardOnly: Bool
    /// Samples in the current batch (≤ capacity).
    public private(set) var rows = 0
    /// The loss of the last forward pass with targets, or NaN.
    public private(set) var loss = Double.nan

    private let storage: UnsafeMutablePointer<Double>
    private let storageCount: Int
    /// The matrix products' pack buffers (`MatrixKernels.scratchCount`).
    private let scratch: UnsafeMutablePointer<Double>
    private let zOffsets: [Int], aOffsets: [Int], dOffsets: [Int]
    private let inputGradientOffset: Int
    private let targetOffset: Int
    /// dE/dW and dE/db of every layer in the layout of `Network.parameters`
    /// (the trainer adds penalty gradients here in place).
    public internal(set) var gradients: [Double]

    /// Buffers for networks of `network`'s shape and batches of up to `capacity` samples.
    public init(shapeOf network: Network, capacity: Int, forwardOnly: Bool = false) {
        precondition(capacity >= 1, "batch capacity must be at least 1")
        let widths = [network.inputSize] + network.layers.map(\.outputs)
        layerWidths = widths
        self.capacity = capacity
        self.forwardOnly = forwardOnly
        var offset = 0
        func take(_ width: Int) -> Int { defer { offset += width * capacity }; return offset }
        aOffsets = widths.map { take($0) }
        zOffsets = widths.map { take($0) }
        dOffsets = widths.map { take(forwardOnly ? 0 : $0) }
        inputGradientOffset = take(forwardOnly ? 0 : network.inputSize)
        targetOffset = take(network.outputSize)
        storageCount = offset
        storage = .allocate(capacity: offset)
        storage.initialize(repeating: 0, count: offset)
        scratch = .allocate(capacity: MatrixKernels.scratchCount)
        scratch.initialize(repeating: 0, count: MatrixKernels.scratchCount)
        gradients = Array(repeating: 0, count: forwardOnly ? 0 : network.parameters.count)
    }

    /// The bytes `init` would allocate for these arguments, computed without
    /// allocating (in floating point, so no size overflows): a command checks
    /// it against its memory budget first.
    public static func byteCount(shapeOf network: Network, capacity: Int, forwardOnly: Bool = false) -> Double {
        Double(capacity) * rowBytes(network, forwardOnly: forwardOnly)
            + Double(MatrixKernels.scratchCount + (forwardOnly ? 0 : network.parameters.count)) * 8
    }

    /// How many samples a pass takes at once so that its buffers stay near
    /// `bytes` and its work near `chunkWork` multiply-adds (a few
    /// milliseconds, so Ctrl-C is heeded between chunks): `limit` for any
    /// network of ordinary widths, fewer for very wide or deep ones, never less than one.
    public static func chunkRows(shapeOf network: Network, bytes: Double, limit: Int, forwardOnly: Bool = true) -> Int {
        let work = network.layers.reduce(0.0) { $0 + Double($1.weightCount) } * (forwardOnly ? 1 : 3)
        return max(1, Int(min(bytes / rowBytes(network, forwardOnly: forwardOnly), chunkWork / max(work, 1), Double(limit))))
    }

    /// Multiply-adds of one chunk of samples, at most (about 10 ms).
    static let chunkWork = 2e8

    /// Bytes per sample: z and a of every layer, the targets, and with
    /// backward the deltas and dE/dx.
    private static func rowBytes(_ network: Network, forwardOnly: Bool) -> Double {
        let widths = Double(network.inputSize + network.layers.reduce(0) { $0 + $1.outputs })
        return 8 * (widths * (forwardOnly ? 2 : 3) + Double(network.outputSize + (forwardOnly ? 0 : network.inputSize)))
    }

    deinit {
        storage.deallocate()
        scratch.deallocate()
    }

    /// True when these buffers fit `network` (same widths).
    public func fits(_ network: Network) -> Bool {
        // Compared in place: this runs twice per training step, which must not allocate.
        guard layerWidths.count == network.depth + 1, layerWidths[0] == network.inputSize,
              gradients.count == (forwardOnly ? 0 : network.parameters.count) else { return false }
        return network.layers.indices.allSatisfy { layerWidths[$0 + 1] == network.layers[$0].outputs }
    }

    // MARK: Reading the buffers (0-based sample and neuron indices)

    public func z(layer: Int, sample: Int, neuron: Int) -> Double { storage[zOffsets[layer] + sample * layerWidths[layer] + neuron] }
    public func a(layer: Int, sample: Int, neuron: Int) -> Double { storage[aOffsets[layer] + sample * layerWidths[layer] + neuron] }
    public func delta(layer: Int, sample: Int, neuron: Int) -> Double { storage[dOffsets[layer] + sample * layerWidths[layer] + neuron] }
    public func inputGradient(sample: Int, input: Int) -> Double { storage[inputGradientOffset + sample * layerWidths[0] + input] }

    /// The activations of one layer for the current batch, rows × width.
    public func activations(layer: Int) -> Matrix { matrix(at: aOffsets[layer], width: layerWidths[layer]) }
    public func netInputs(layer: Int) -> Matrix { matrix(at: zOffsets[layer], width: layerWidths[layer]) }
    public func deltas(layer: Int) -> Matrix { matrix(at: dOffsets[layer], width: layerWidths[layer]) }
    public var outputs: Matrix { activations(layer: layerWidths.count - 1) }

    private func matrix(at offset: Int, width: Int) -> Matrix {
        Matrix(rows: rows, columns: width, storage: Array(UnsafeBufferPointer(start: storage + offset, count: rows * width)))
    }

    // MARK: The passes

    /// Runs the forward pass for `count` samples starting at `inputs`
    /// (row-major, `inputSize` values each), keeping z and a of every layer.
    public func forward(_ network: Network, inputs: UnsafePointer<Double>, count: Int) {
        precondition(fits(network), "Propagation buffers \(layerWidths) do not fit the network")
        precondition(count >= 0 && count <= capacity, "batch of \(count) exceeds capacity \(capacity)")
        rows = count
        loss = .nan
        if inputs != UnsafePointer(storage + aOffsets[0]) {
            (storage + aOffsets[0]).update(from: inputs, count: count * layerWidths[0])
        }
        network.parameters.withUnsafeBufferPointer { p in
            let params = p.baseAddress!
            for (index, layer) in network.layers.enumerated() {
                let l = index + 1
                let z = storage + zOffsets[l], a = storage + aOffsets[l]
                MatrixKernels.multiply(storage + aOffsets[l - 1], params + layer.weightOffset, into: z,
                                       m: count, k: layer.inputs, n: layer.outputs, start: .row(params + layer.biasOffset),
                                       scratch: scratch)
                layer.activation.apply(z: z, a: a, rows: count, columns: layer.outputs)
            }
        }
    }

    /// Forward pass over the rows `indices` of `inputs` (gathered into the
    /// input buffer without allocating), then the loss against the same rows of
    /// `targets` when given.
    public func forward(_ network: Network, inputs: Matrix, targets: Matrix?, rows indices: ArraySlice<Int>) {
        precondition(indices.count <= capacity, "batch of \(indices.count) exceeds capacity \(capacity)")
        let inWidth = layerWidths[0], outWidth = layerWidths.last!
        inputs.storage.withUnsafeBufferPointer { x in
            for (k, r) in indices.enumerated() {
                (storage + aOffsets[0] + k * inWidth).update(from: x.baseAddress! + r * inWidth, count: inWidth)
            }
        }
        if let targets {
            targets.storage.withUnsafeBufferPointer { e in
                for (k, r) in indices.enumerated() {
                    (storage + targetOffset + k * outWidth).update(from: e.baseAddress! + r * outWidth, count: outWidth)
                }
            }
        }
        forward(network, inputs: storage + aOffsets[0], count: indices.count)
        if targets != nil { loss = computeLoss(network) }
    }

    /// Forward pass over a whole batch matrix, and the loss when targets are given.
    public func forward(_ network: Network, inputs: Matrix, targets: Matrix?) {
        precondition(inputs.rows <= capacity, "batch of \(inputs.rows) exceeds capacity \(capacity)")
        if let targets {
            precondition(targets.rows == inputs.rows && targets.columns == layerWidths.last!,
                         "targets \(targets.rows)×\(targets.columns) do not fit outputs \(inputs.rows)×\(layerWidths.last!)")
            targets.storage.withUnsafeBufferPointer { (storage + targetOffset).update(from: $0.baseAddress!, count: $0.count) }
        }
        inputs.storage.withUnsafeBufferPointer { forward(network, inputs: $0.baseAddress!, count: inputs.rows) }
        if targets != nil { loss = computeLoss(network) }
    }

    private func computeLoss(_ network: Network) -> Double {
        let L = layerWidths.count - 1
        return network.loss.value(z: storage + zOffsets[L], a: storage + aOffsets[L], targets: storage + targetOffset,
                                  rows: rows, columns: layerWidths[L])
    }

    /// Runs the backward pass for the batch of the last forward pass with
    /// targets: the delta of every layer, dE/dW and dE/db into `gradients`,
    /// and dE/dx when `inputGradient` is set.
    public func backward(_ network: Network, inputGradient: Bool = true) {
        precondition(!forwardOnly, "backward on buffers made for the forward pass only")
        precondition(fits(network), "Propagation buffers do not fit the network")
        let L = layerWidths.count - 1
        guard L >= 1 else { return }
        let out = network.layers[L - 1]
        network.loss.outputDelta(activation: out.activation, z: storage + zOffsets[L], a: storage + aOffsets[L],
                                 targets: storage + targetOffset, into: storage + dOffsets[L],
                                 rows: rows, columns: out.outputs)
        network.parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                let params = p.baseAddress!, grads = g.baseAddress!
                for l in stride(from: L, through: 1, by: -1) {
                    let layer = network.layers[l - 1]
                    let d = storage + dOffsets[l]
                    MatrixKernels.multiplyTransposedA(storage + aOffsets[l - 1], d, into: grads + layer.weightOffset,
                                                      m: rows, k: layer.inputs, n: layer.outputs, scratch: scratch)
                    let gb = grads + layer.biasOffset
                    gb.update(repeating: 0, count: layer.outputs)
                    for r in 0..<rows {
                        let dr = d + r * layer.outputs
                        for j in 0..<layer.outputs { gb[j] += dr[j] }
                    }
                    if l > 1 {
                        let below = storage + dOffsets[l - 1]
                        MatrixKernels.multiplyTransposedB(d, params + layer.weightOffset, into: below,
                                                          m: rows, k: layer.inputs, n: layer.outputs, scratch: scratch)
                        network.layers[l - 2].activation.backpropagate(
                            below, z: storage + zOffsets[l - 1], a: storage + aOffsets[l - 1],
                            rows: rows, columns: layer.inputs)
                    } else if inputGradient {
                        MatrixKernels.multiplyTransposedB(d, params + layer.weightOffset, into: storage + inputGradientOffset,
                                                          m: rows, k: layer.inputs, n: layer.outputs, scratch: scratch)
                    }
                }
            }
        }
    }

    /// Sum of squares of one layer's weight gradient (index into `network.layers`).
    public func weightGradientSquaredNorm(_ layer: LayerShape) -> Double {
        var sum = 0.0
        gradients.withUnsafeBufferPointer { g in
            for k in layer.weightOffset..<(layer.weightOffset + layer.weightCount) { sum += g[k] * g[k] }
        }
        return sum
    }
}
