/// The parameters `step` and `train` leave as they are (`freeze`), kept with
/// the network (and saved with the model) as sorted indices into
/// `Network.parameters`.
///
/// Their gradients are still computed, so `grad`, `check` and `paths` explain
/// them as before; the optimizer neither moves them nor advances their state
/// (velocities, moments), as PyTorch skips a tensor with `requires_grad_(False)`.
/// A mask of indices rather than of flags: a network of millions of
/// parameters with none frozen carries an empty array.
public struct FrozenParameters: Equatable, Sendable {
    public private(set) var indices: [Int] = []

    public init() {}

    public var isEmpty: Bool { indices.isEmpty }
    public var count: Int { indices.count }

    public func contains(_ index: Int) -> Bool {
        var low = 0, high = indices.count
        while low < high {
            let middle = (low + high) / 2
            if indices[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low < indices.count && indices[low] == index
    }

    /// Freezes `new`; returns how many were not frozen before.
    @discardableResult
    public mutating func insert(_ new: [Int]) -> Int {
        let before = indices.count
        indices = Array(Set(indices).union(new)).sorted()
        return indices.count - before
    }

    /// Unfreezes `old`; returns how many were frozen before.
    @discardableResult
    public mutating func remove(_ old: [Int]) -> Int {
        let before = indices.count
        let gone = Set(old)
        indices.removeAll { gone.contains($0) }
        return before - indices.count
    }

    /// The frozen parameters in the user's names, a whole frozen W or b as
    /// its layer's name (`w1`, `b2`), the rest one by one, in parameter order.
    public func names(in network: Network) -> [String] {
        var names: [String] = []
        let each = ParameterReference.names(of: network)
        for (index, layer) in network.layers.enumerated() {
            let parts: [(range: Range<Int>, whole: ParameterReference)] = [
                (layer.weightOffset..<(layer.weightOffset + layer.weightCount), .weightLayer(index + 1)),
                (layer.biasOffset..<(layer.biasOffset + layer.outputs), .biasLayer(index + 1)),
            ]
            for (range, whole) in parts {
                let frozen = range.filter(contains)
                names += frozen.count == range.count ? [whole.description] : frozen.map { each[$0] }
            }
        }
        return names
    }
}
