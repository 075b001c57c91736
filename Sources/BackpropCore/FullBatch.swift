/// The loss and the gradient over every sample of a data set — what `step`
/// and `plot landscape` show — computed a chunk of samples at a time, so a
/// pass over ten million samples needs the buffers of a thousand.
///
/// Each chunk's loss is its own mean, so the whole set's loss is the sum of
/// the chunks' losses weighted by their share of the samples, and so is its
/// gradient. A set that fits one chunk is one pass, with exactly the figures
/// of an unchunked pass.
public enum FullBatch {
    /// Samples per chunk, at most (fewer for very wide or deep networks).
    static let chunkSize = 1024
    static let chunkBytes = 64.0 * 1024 * 1024

    /// The loss over all samples from forward passes only; nil when
    /// `shouldStop` (Ctrl-C) ended it between chunks.
    public static func loss(_ network: Network, on data: Dataset, shouldStop: () -> Bool = { false }) -> Double? {
        var sum = 0.0, single = Double.nan
        let finished = Metrics.forwardChunks(network, on: data, shouldStop: shouldStop) { pass, _, count in
            single = pass.loss
            sum += pass.loss * Double(count)
        }
        guard finished else { return nil }
        return data.count <= Metrics.chunkRows(network) ? single : sum / Double(data.count)
    }

    /// The loss and dE/dθ of every parameter over all samples (penalties not
    /// included); nil when `shouldStop` ended it between chunks.
    public static func gradient(_ network: Network, on data: Dataset,
                                shouldStop: () -> Bool = { false }) -> (loss: Double, gradients: [Double])? {
        let n = data.count
        guard n > 0, network.depth > 0 else { return nil }
        let chunk = Propagation.chunkRows(shapeOf: network, bytes: chunkBytes, limit: chunkSize, forwardOnly: false)
        var loss = 0.0
        var gradients = Array(repeating: 0.0, count: network.parameters.count)
        let finished = Metrics.passes(network, on: data, chunk: chunk, forwardOnly: false, shouldStop: shouldStop) { pass, _, count in
            pass.backward(network, inputGradient: false)
            guard count < n else { (loss, gradients) = (pass.loss, pass.gradients); return }
            let share = Double(count) / Double(n)
            loss += pass.loss * share
            for k in gradients.indices { gradients[k] += pass.gradients[k] * share }
        }
        return finished ? (loss, gradients) : nil
    }
}
