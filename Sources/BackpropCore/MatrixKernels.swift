import COpenBLAS

/// The three matrix products backprop needs, on raw row-major buffers.
///
/// Every element is a sum over one index taken in increasing order, whatever
/// the blocking, and products are added one by one (no fused multiply-add):
/// results are identical on every run and machine, and equal to the textbook
/// triple loop. Speed comes from the loop structure instead: a tile of up to
/// 4 rows × 8 columns of C stays in SIMD registers while the shared index
/// runs, tiles narrow to 4, 2 and 1 columns at the right edge, and the shared
/// index is cut into depth tiles so the reused operands stay in cache.
///
/// From `splitThreshold` multiply-adds on, the columns (or, for narrow C,
/// the rows) of C are shared with a second core (`SecondCore`) when the
/// caller allows it (`shareCores`); each element is computed the same way on
/// either. Callers whose other products go to OpenBLAS pass false: its
/// worker thread keeps spinning for a while after each call, and a second
/// thread of ours would only compete with it for the same two cores.
///
/// Products of at least `blasThreshold` multiply-adds (wide layers: W4's
/// 128 × 784 × 512) go to OpenBLAS's dgemm on two threads instead, which is
/// several times faster there. Its summation order is its own, fixed for a
/// given machine and thread count; toy networks never reach the threshold,
/// so everything a lesson prints comes from the kernels here.
enum MatrixKernels {
    /// Multiply-adds from which a product goes to OpenBLAS.
    static let blasThreshold = 1 << 21
    /// Multiply-adds from which a product is shared with a second core
    /// (about a microsecond of work: far more than handing it over).
    static let splitThreshold = 1 << 15

    /// Sets OpenBLAS to two threads once, on first use.
    private static let blasReady: Bool = {
        openblas_set_num_threads(2)
        return true
    }()

    /// Whether an m × k by k × n product goes to OpenBLAS (`Propagation`
    /// keeps its other products on one core when one of its layers does).
    static func usesBLAS(m: Int, k: Int, n: Int) -> Bool {
        m * k * n >= blasThreshold && blasReady
    }

    /// Depth of one pass over the shared index: a 4 × 256 strip of A and a
    /// 256 × 8 panel of B fit in L1 together.
    static let depthTile = 256

    /// What C's tiles start from before the products are added.
    enum Start {
        /// C = A·B.
        case zero
        /// C += A·B.
        case existing
        /// C = r + A·B with the same row vector r (a bias) under every row.
        case row(UnsafePointer<Double>)

        /// The start of the columns from `column` on.
        func columns(from column: Int) -> Start {
            if case .row(let r) = self { return .row(r + column) }
            return self
        }
    }

    /// C (m×n) = start + A (m×k) · B (k×n): z = b + a_prev · W.
    /// Each C[i,j] starts from its start value and adds A[i,p]·B[p,j] for p = 0, 1, …
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         m: Int, k: Int, n: Int, start: Start, shareCores: Bool = true) {
        if usesBLAS(m: m, k: k, n: n) {
            var beta = 1.0
            switch start {
            case .zero: beta = 0
            case .existing: break
            case .row(let r): for i in 0..<m { (c + i * n).update(from: r, count: n) }
            }
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n),
                        beta, c, Int32(n))
            return
        }
        product(Operand(a, rowStride: k, depthStride: 1), b, ldb: n, into: c, ldc: n, m: m, depth: k, n: n, start: start,
                shareCores: shareCores)
    }

    /// C (k×n) = Aᵀ · B for A (m×k) and B (m×n): the weight gradient
    /// dE/dW = a_prevᵀ · d. Each C[i,j] adds A[r,i]·B[r,j] for r = 0, 1, …
    static func multiplyTransposedA(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int, shareCores: Bool = true) {
        if usesBLAS(m: m, k: k, n: n) {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(n), Int32(m), 1, a, Int32(k), b, Int32(n),
                        0, c, Int32(n))
            return
        }
        product(Operand(a, rowStride: 1, depthStride: k), b, ldb: n, into: c, ldc: n, m: k, depth: m, n: n, start: .zero,
                shareCores: shareCores)
    }

    /// C (m×k) = A (m×n) · Bᵀ for B (k×n): the back-propagated error
    /// Σ_j d[j]·W[i,j] for every sample and every neuron i of the previous
    /// layer. Each C[r,i] adds A[r,j]·B[i,j] for j = 0, 1, … From four
    /// samples on, B is first transposed into `scratch` (n×k, tile by tile)
    /// and the product runs as `multiply`; below that the transpose would
    /// cost as much as the product, so B's columns are read in place.
    static func multiplyTransposedB(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int,
                                    scratch: UnsafeMutablePointer<Double>, shareCores: Bool = true) {
        if usesBLAS(m: m, k: k, n: n) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(k), Int32(n), 1, a, Int32(n), b, Int32(n),
                        0, c, Int32(k))
            return
        }
        if m < 4 {
            for r in 0..<m { rowTimesTransposed(a + r * n, b, into: c + r * k, k: k, n: n) }
            return
        }
        if shareCores && m * k * n >= splitThreshold {
            let half = (k / 2) & ~7
            SecondCore.shared.run({ transpose(b, rows: k, columns: n, into: scratch, 0..<half) },
                                  { transpose(b, rows: k, columns: n, into: scratch, half..<k) })
        } else {
            transpose(b, rows: k, columns: n, into: scratch, 0..<k)
        }
        product(Operand(a, rowStride: n, depthStride: 1), scratch, ldb: k, into: c, ldc: k, m: m, depth: n, n: k, start: .zero,
                shareCores: shareCores)
    }

    // MARK: The loop nest

    /// A(i,p) = base[i·rowStride + p·depthStride]: A itself, or a transpose read in place.
    struct Operand {
        let base: UnsafePointer<Double>
        let rowStride: Int
        let depthStride: Int

        init(_ base: UnsafePointer<Double>, rowStride: Int, depthStride: Int) {
            self.base = base
            self.rowStride = rowStride
            self.depthStride = depthStride
        }

        @inline(__always)
        func at(row: Int, depth: Int) -> UnsafePointer<Double> { base + row * rowStride + depth * depthStride }

        /// The operand whose row 0 is this one's row `row`.
        func rows(from row: Int) -> Operand { Operand(base + row * rowStride, rowStride: rowStride, depthStride: depthStride) }
    }

    /// C (m×n, rows `ldc` apart) = start + Σ_p A(i,p)·B[p·ldb + j]: the one
    /// loop nest behind all three products; large ones are split in two
    /// halves for two cores.
    private static func product(_ a: Operand, _ b: UnsafePointer<Double>, ldb: Int, into c: UnsafeMutablePointer<Double>,
                                ldc: Int, m: Int, depth: Int, n: Int, start: Start, shareCores: Bool) {
        guard shareCores && m * depth * n >= splitThreshold else {
            return tiles(a, b, ldb: ldb, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start)
        }
        if n >= 16 {
            let left = (n / 2 + 7) & ~7
            SecondCore.shared.run({
                tiles(a, b, ldb: ldb, into: c, ldc: ldc, m: m, depth: depth, n: left, start: start)
            }, {
                tiles(a, b + left, ldb: ldb, into: c + left, ldc: ldc, m: m, depth: depth, n: n - left,
                      start: start.columns(from: left))
            })
        } else if m >= 8 {
            let top = (m / 2 + 3) & ~3
            SecondCore.shared.run({
                tiles(a, b, ldb: ldb, into: c, ldc: ldc, m: top, depth: depth, n: n, start: start)
            }, {
                tiles(a.rows(from: top), b, ldb: ldb, into: c + top * ldc, ldc: ldc, m: m - top, depth: depth, n: n,
                      start: start)
            })
        } else {
            tiles(a, b, ldb: ldb, into: c, ldc: ldc, m: m, depth: depth, n: n, start: start)
        }
    }

    /// `product` on this thread, tile by tile.
    private static func tiles(_ a: Operand, _ b: UnsafePointer<Double>, ldb: Int, into c: UnsafeMutablePointer<Double>,
                              ldc: Int, m: Int, depth: Int, n: Int, start: Start) {
        var p0 = 0
        repeat {
            let count = min(depthTile, depth - p0)
            let tileStart = p0 == 0 ? start : .existing
            var j = 0
            while j + 8 <= n {
                panel(SIMD8<Double>.self, a, p0, b + p0 * ldb + j, ldb, c + j, ldc, m, count, tileStart, column: j)
                j += 8
            }
            if j + 4 <= n {
                panel(SIMD4<Double>.self, a, p0, b + p0 * ldb + j, ldb, c + j, ldc, m, count, tileStart, column: j)
                j += 4
            }
            if j + 2 <= n {
                panel(SIMD2<Double>.self, a, p0, b + p0 * ldb + j, ldb, c + j, ldc, m, count, tileStart, column: j)
                j += 2
            }
            if j < n {
                panel(OneLane.self, a, p0, b + p0 * ldb + j, ldb, c + j, ldc, m, count, tileStart, column: j)
            }
            p0 += count
        } while p0 < depth
    }

    /// One column panel of C (`V.scalarCount` wide): four rows at a time, then one.
    @inline(__always)
    private static func panel<V: Lanes>(_: V.Type, _ a: Operand, _ p0: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                                        _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ m: Int, _ depth: Int,
                                        _ start: Start, column: Int) {
        var i = 0
        while i + 4 <= m {
            tile4(V.self, a.at(row: i, depth: p0), a.rowStride, a.depthStride, b, ldb, c + i * ldc, ldc, depth, start, column)
            i += 4
        }
        while i < m {
            tile1(V.self, a.at(row: i, depth: p0), a.depthStride, b, ldb, c + i * ldc, depth, start, column)
            i += 1
        }
    }

    /// Four rows of C, `V` wide, held in four registers over `depth` steps.
    @inline(__always)
    private static func tile4<V: Lanes>(_: V.Type, _ a: UnsafePointer<Double>, _ rowStride: Int, _ depthStride: Int,
                                        _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>,
                                        _ ldc: Int, _ depth: Int, _ start: Start, _ column: Int) {
        var c0, c1, c2, c3: V
        switch start {
        case .zero:
            c0 = .zero; c1 = .zero; c2 = .zero; c3 = .zero
        case .existing:
            c0 = V.load(c); c1 = V.load(c + ldc); c2 = V.load(c + 2 * ldc); c3 = V.load(c + 3 * ldc)
        case .row(let r):
            c0 = V.load(r + column); c1 = c0; c2 = c0; c3 = c0
        }
        for p in 0..<depth {
            let bp = V.load(b + p * ldb)
            let ap = a + p * depthStride
            c0 = c0 + V.splat(ap[0]) * bp
            c1 = c1 + V.splat(ap[rowStride]) * bp
            c2 = c2 + V.splat(ap[2 * rowStride]) * bp
            c3 = c3 + V.splat(ap[3 * rowStride]) * bp
        }
        c0.store(c); c1.store(c + ldc); c2.store(c + 2 * ldc); c3.store(c + 3 * ldc)
    }

    /// One row of C, `V` wide.
    @inline(__always)
    private static func tile1<V: Lanes>(_: V.Type, _ a: UnsafePointer<Double>, _ depthStride: Int,
                                        _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>,
                                        _ depth: Int, _ start: Start, _ column: Int) {
        var c0: V
        switch start {
        case .zero: c0 = .zero
        case .existing: c0 = V.load(c)
        case .row(let r): c0 = V.load(r + column)
        }
        for p in 0..<depth { c0 = c0 + V.splat(a[p * depthStride]) * V.load(b + p * ldb) }
        c0.store(c)
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

    /// out (columns × rows) = Bᵀ for B (rows × columns), for B's rows in
    /// `part`, in 8 × 8 tiles so both the reads and the strided writes stay
    /// within a few cache lines.
    private static func transpose(_ b: UnsafePointer<Double>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Double>,
                                  _ part: Range<Int>) {
        for i0 in stride(from: part.lowerBound, to: part.upperBound, by: 8) {
            let i1 = min(i0 + 8, part.upperBound)
            for j0 in stride(from: 0, to: columns, by: 8) {
                let j1 = min(j0 + 8, columns)
                for i in i0..<i1 {
                    let bi = b + i * columns
                    for j in j0..<j1 { out[j * rows + i] = bi[j] }
                }
            }
        }
    }
}
