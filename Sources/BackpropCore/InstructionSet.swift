import CPU
import Foundation
import SIMDKernels

/// The two instances of the numeric kernels (the products' `TileLoop` and
/// the optimizer's `ParameterUpdate`): AVX2, compiled into this module, and
/// AVX-512, compiled into AVX512Kernels. They give the same bits; which one
/// runs is decided once per process by what the processor supports. This
/// type names the AVX2 instance (`KernelInstance`).
enum InstructionSet: CaseIterable, KernelInstance {
    case avx2, avx512

    /// The fastest this processor runs; `BPLAB_KERNELS=avx2` in the
    /// environment keeps AVX-512 machines on the AVX2 instance (to compare
    /// the two: `make bench` does).
    static let best: InstructionSet = {
        if ProcessInfo.processInfo.environment["BPLAB_KERNELS"] == "avx2" { return .avx2 }
        return bplab_cpu_has_avx512() != 0 ? .avx512 : .avx2
    }()

    /// The instances this process may run (tests compare them).
    static var available: [InstructionSet] { best == .avx512 ? [.avx2, .avx512] : [.avx2] }
}
