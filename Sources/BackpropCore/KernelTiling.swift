import SIMDKernels

/// How the matrix products run on this processor: the kernel instance
/// (which fixes the register tile: 8 rows × 16 columns for AVX-512, 6 × 8
/// for AVX2 and the generic loops) and the depth of one pass over the
/// shared index. Chosen from a table keyed on the processor, written from
/// measurements (Benchmarks/README.md): the choice changes only speed,
/// never a bit of any result, since every instance and depth adds the same
/// products in the same order.
public struct KernelTiling: Sendable, Equatable, CustomStringConvertible {
    /// The loops every product and update runs.
    public let instance: InstructionSet
    /// Steps of the shared index per pass (`TileLoop.maxDepthTile` at most).
    public let depthTile: Int
    /// Where the choice comes from: the table row, or why there is none.
    public let basis: String

    public var description: String {
        let tile = instance.rawValue == "avx512" ? "8×16" : "6×8"
        return "\(instance.rawValue) kernels, \(tile) tiles, depth \(depthTile) (\(basis))"
    }

    /// The tiling every product uses: the table's for this processor,
    /// unless the program chose another instance with `InstructionSet.use`.
    public internal(set) nonisolated(unsafe) static var selected = forProcessor(.current, supported: InstructionSet.supported)

    /// The table. Deeper passes store and reload C less often; on Zen 4
    /// (1 MB of L2 per core) a 512-deep pass was fastest on W4 and the
    /// 2048³ product (1.15× W4 on one core against 256), elsewhere 256 was
    /// measured best. Zen 4 runs AVX-512 as two 256-bit halves, so there its
    /// two instances are equally fast; AVX-512 is kept for its shorter code.
    static func forProcessor(_ processor: Processor, supported: [InstructionSet]) -> KernelTiling {
        let fastest = supported.last!
        let name = processor.name
        switch name {
        case "AMD Zen 4": return KernelTiling(instance: fastest, depthTile: 512, basis: "table: \(name)")
        case "AMD Zen 5", "AMD Zen 3", "AMD Zen 2": return KernelTiling(instance: fastest, depthTile: 256, basis: "table: \(name)")
        default:
            if name.hasPrefix("Intel ") && !name.hasPrefix("Intel family") {
                return KernelTiling(instance: fastest, depthTile: 256, basis: "table: \(name)")
            }
            return KernelTiling(instance: fastest, depthTile: 256, basis: "default for \(name)")
        }
    }
}

extension KernelTiling {
    /// Runs this process at passes `depthTile` deep from now on (the
    /// benchmark's `--depth`, to measure the table). Call it at start-up.
    public static func use(depthTile: Int) throws {
        guard (8...TileLoop.maxDepthTile).contains(depthTile) else {
            throw CoreError.unknownName("a depth tile must be 8 to \(TileLoop.maxDepthTile), not \(depthTile)")
        }
        selected = KernelTiling(instance: selected.instance, depthTile: depthTile, basis: "chosen by the program")
    }
}
