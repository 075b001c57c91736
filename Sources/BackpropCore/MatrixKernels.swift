#if X86_KERNELS
import AVX512Kernels
#endif
import SIMDKernels

/// The three matrix products backprop needs, on raw row-major buffers.
///
/// All three run one loop nest (`TileLoop`), so every element is summed in
/// textbook order without fused multiply-add: results are identical on every
/// run and machine and equal to the triple loop. On x86-64 the loop exists in
/// two instances chosen once per process (`InstructionSet`): AVX-512
/// (`AVX512Kernels`, 8 × 16 tiles in zmm registers) or AVX2 (here, 6 × 8
/// tiles in ymm registers); elsewhere, here, for the build target. All give
/// the same bits, only the speed differs.
///
/// From `splitThreshold` multiply-adds on, the columns (or, for narrow C,
/// the rows) of C are shared with a second core (`SecondCore`); each element
/// is computed the same way on either. Wide layers (W4's 128 × 784 × 512)
/// stay in this one deterministic loop too, cut into passes over the shared
/// index as deep as the processor's `KernelTiling` says.
enum MatrixKernels {
    typealias Start = TileStart

    /// Multiply-adds from which a product is shared with a second core
    /// (about a microsecond of work: far more than handing it over).
    static let splitThreshold = 1 << 15
    /// Rows of C from which B's panels are packed before use: each packed
    /// panel is then read by at least two tiles.
    static let packRows = 16
    /// Doubles of scratch every product needs: a pack buffer for each core.
    static let scratchCount = 2 * TileLoop.packCapacity

    /// C (m×n) = start + A (m×k) · B (k×n): z = b + a_prev · W.
    /// Each C[i,j] starts from its start value and adds A[i,p]·B[p,j] for p = 0, 1, …
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         m: Int, k: Int, n: Int, start: Start, scratch: UnsafeMutablePointer<Double>,
                         using tiling: KernelTiling = .selected) {
        product(StridedMatrix(a, rowStride: k, columnStride: 1), StridedMatrix(b, rowStride: n, columnStride: 1),
                into: c, ldc: n, m: m, depth: k, n: n, start: start, scratch: scratch, tiling)
    }

    /// C (k×n) = Aᵀ · B for A (m×k) and B (m×n): the weight gradient
    /// dE/dW = a_prevᵀ · d. Each C[i,j] adds A[r,i]·B[r,j] for r = 0, 1, …
    static func multiplyTransposedA(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int,
                                    scratch: UnsafeMutablePointer<Double>, using tiling: KernelTiling = .selected) {
        product(StridedMatrix(a, rowStride: 1, columnStride: k), StridedMatrix(b, rowStride: n, columnStride: 1),
                into: c, ldc: n, m: k, depth: m, n: n, start: .zero, scratch: scratch, tiling)
    }

    /// C (m×k) = A (m×n) · Bᵀ for B (k×n): the back-propagated error
    /// Σ_j d[j]·W[i,j] for every sample and every neuron i of the previous
    /// layer. Each C[r,i] adds A[r,j]·B[i,j] for j = 0, 1, … From four
    /// samples on, Bᵀ is read through the pack buffer, which transposes it
    /// one panel at a time; below that the packing would cost as much as the
    /// product, so B's rows are read in place.
    static func multiplyTransposedB(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int,
                                    scratch: UnsafeMutablePointer<Double>, using tiling: KernelTiling = .selected) {
        if m < 4 {
            for r in 0..<m { rowTimesTransposed(a + r * n, b, into: c + r * k, k: k, n: n) }
            return
        }
        product(StridedMatrix(a, rowStride: n, columnStride: 1), StridedMatrix(b, rowStride: 1, columnStride: n),
                into: c, ldc: k, m: m, depth: n, n: k, start: .zero, scratch: scratch, tiling)
    }

    /// C (m×n, rows `ldc` apart) = start + A (m×depth) · B (depth×n); large
    /// products split in two parts for two cores, each with its own half of
    /// the scratch to pack into.
    private static func product(_ a: StridedMatrix, _ b: StridedMatrix, into c: UnsafeMutablePointer<Double>, ldc: Int,
                                m: Int, depth: Int, n: Int, start: Start, scratch: UnsafeMutablePointer<Double>,
                                _ tiling: KernelTiling) {
        let packs = b.columnStride != 1 || m >= packRows
        let job = Product(a: a, b: b, c: c, ldc: ldc, m: m, depth: depth, n: n, start: start,
                          packs: packs ? (scratch, scratch + TileLoop.packCapacity) : (nil, nil), tiling: tiling,
                          split: n >= 16 ? .columns((n / 2 + 7) & ~7) : .rows((m / 2 + 3) & ~3))
        if m * depth * n >= splitThreshold && (n >= 16 || m >= 8) {
            SecondCore.shared.run(job)
        } else {
            tiles(a, b, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start, pack: job.packs.0, tiling)
        }
    }

    /// A product in two parts: C's columns before and from a split column,
    /// or, for narrow C, its rows before and from a split row.
    private struct Product: TwoPartJob {
        enum Split { case columns(Int), rows(Int) }

        let a: StridedMatrix, b: StridedMatrix, c: UnsafeMutablePointer<Double>
        let ldc: Int, m: Int, depth: Int, n: Int
        let start: Start
        let packs: (UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?)
        let tiling: KernelTiling
        let split: Split

        static var kind: Int { 0 }
        var work: Int { m * depth * n }

        func run(part: Int) {
            switch (split, part) {
            case (.columns(let left), 0):
                tiles(a, b, into: c, ldc: ldc, m: m, depth: depth, n: left, start: start, pack: packs.0, tiling)
            case (.columns(let left), _):
                tiles(a, StridedMatrix(b.at(0, left), rowStride: b.rowStride, columnStride: b.columnStride), into: c + left,
                      ldc: ldc, m: m, depth: depth, n: n - left, start: start.columns(from: left), pack: packs.1, tiling)
            case (.rows(let top), 0):
                tiles(a, b, into: c, ldc: ldc, m: top, depth: depth, n: n, start: start, pack: packs.0, tiling)
            case (.rows(let top), _):
                tiles(StridedMatrix(a.at(top, 0), rowStride: a.rowStride, columnStride: a.columnStride), b,
                      into: c + top * ldc, ldc: ldc, m: m - top, depth: depth, n: n, start: start, pack: packs.1, tiling)
            }
        }
    }

    /// `product` on this thread, in the chosen instance of the loop nest.
    private static func tiles(_ a: StridedMatrix, _ b: StridedMatrix, into c: UnsafeMutablePointer<Double>, ldc: Int,
                              m: Int, depth: Int, n: Int, start: Start, pack: UnsafeMutablePointer<Double>?,
                              _ tiling: KernelTiling) {
        let depthTile = tiling.depthTile
        #if X86_KERNELS
        if tiling.instance == .avx512 {
            return AVX512Kernels.product(a, b, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start, pack: pack,
                                         depthTile: depthTile)
        }
        #endif
        TileLoop.product(SIMD8<Double>.self, InstructionSet.self, a, b, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start,
                         pack: pack, depthTile: depthTile)
    }

    /// c[i] = Σ_j x[j]·B[i,j] for one row x (n) and B (k×n), four i at a time.
    private static func rowTimesTransposed(_ x: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                           into c: UnsafeMutablePointer<Double>, k: Int, n: Int) {
        var i = 0
        while i + 4 <= k {
            let b0 = b + i * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
            var sum = SIMD4<Double>()
            for j in 0..<n { sum = sum + SIMD4(repeating: x[j]) * SIMD4(b0[j], b1[j], b2[j], b3[j]) }
            sum.store(c + i)
            i += 4
        }
        while i < k {
            let bi = b + i * n
            var sum = 0.0
            for j in 0..<n { sum += x[j] * bi[j] }
            c[i] = sum
            i += 1
        }
    }
}
