import MatrixTiles

/// `TileLoop.product` compiled for AVX-512 (this module's -target-cpu is
/// skylake-avx512): its widest tiles are SIMD16, two zmm registers per row,
/// twice the width and register count of the AVX2 instance. Call it only
/// where `bplab_cpu_has_avx512()` says so; `MatrixKernels` chooses.
public enum AVX512Tiles {
    /// Never inlined: its body must stay in this module, compiled for AVX-512,
    /// and out of callers compiled for machines without it.
    @inline(never)
    public static func product(_ a: StridedMatrix, _ b: StridedMatrix, into c: UnsafeMutablePointer<Double>, ldc: Int,
                               m: Int, depth: Int, n: Int, start: TileStart, pack: UnsafeMutablePointer<Double>?) {
        TileLoop.product(SIMD16<Double>.self, a, b, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start, pack: pack)
    }
}
