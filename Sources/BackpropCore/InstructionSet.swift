import CPU
import SIMDKernels

/// The instances of the numeric kernels (the products' `TileLoop` and the
/// optimizer's `ParameterUpdate`). On x86-64 there are two: AVX2, compiled
/// into this module, and AVX-512, compiled into AVX512Kernels. Elsewhere
/// (arm64, or a build with `BPLAB_GENERIC_KERNELS=1`) there is one: the
/// same generic loops compiled for the build target. Every instance sums
/// in the same order without fused multiply-add, so all give the same bits;
/// only the speed differs. This type names the instance compiled into this
/// module (`KernelInstance`).
public enum InstructionSet: String, CaseIterable, Sendable, KernelInstance {
    #if X86_KERNELS
    case avx2, avx512
    #else
    case generic
    #endif

    /// The instances this processor runs, slowest first.
    public static let supported: [InstructionSet] = {
        #if X86_KERNELS
        bplab_cpu_has_avx512() != 0 ? [.avx2, .avx512] : [.avx2]
        #else
        [.generic]
        #endif
    }()

    /// The instance every product and update runs: the one the processor's
    /// tiling names (`KernelTiling`), unless the program chose another with
    /// `use(_:)`.
    public static var selected: InstructionSet { KernelTiling.selected.instance }

    /// Runs this process on `instance` from now on (the executable passes its
    /// `BPLAB_KERNELS` here, to compare instances), at the table's depth. The
    /// core reads no environment of its own: the choice belongs to the
    /// program. Call it at start-up, before any training.
    public static func use(_ instance: InstructionSet) throws {
        guard supported.contains(instance) else {
            throw CoreError.unknownName("this processor cannot run the \(instance.rawValue) kernels"
                + " (it runs \(supported.map(\.rawValue).joined(separator: ", ")))")
        }
        let tiling = KernelTiling.selected
        KernelTiling.selected = KernelTiling(instance: instance, depthTile: tiling.depthTile,
                                             basis: instance == tiling.instance ? tiling.basis : "chosen by the program")
    }
}
