import SIMDKernels

/// The numeric kernels of SIMDKernels compiled for AVX-512 (this module's
/// -target-cpu is skylake-avx512): products in tiles of SIMD16, two zmm
/// registers per row, twice the width and register count of the AVX2
/// instance; the optimizer's update eight lanes at a time. Call them only
/// where `bplab_cpu_has_avx512()` says so; BackpropCore's `InstructionSet`
/// chooses.
///
/// Both are never inlined: their bodies must stay in this module, compiled
/// for AVX-512, and out of callers compiled for machines without it.
public enum AVX512Kernels: KernelInstance {
    /// `TileLoop.product` with SIMD16 tiles.
    @inline(never)
    public static func product(_ a: StridedMatrix, _ b: StridedMatrix, into c: UnsafeMutablePointer<Double>, ldc: Int,
                               m: Int, depth: Int, n: Int, start: TileStart, pack: UnsafeMutablePointer<Double>?, depthTile: Int) {
        TileLoop.product(SIMD16<Double>.self, AVX512Kernels.self, a, b, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start, pack: pack, depthTile: depthTile)
    }

    /// `ParameterUpdate.apply` eight parameters at a time.
    @inline(never)
    public static func update(_ rule: UpdateRule, _ buffers: UpdateBuffers, _ range: Range<Int>) -> Bool {
        ParameterUpdate.apply(SIMD8<Double>.self, AVX512Kernels.self, rule, buffers, range)
    }
}
