import COpenBLAS

/// The three matrix products backprop needs, on raw row-major buffers.
///
/// Every element is a sum over one index taken in increasing order, whatever
/// the blocking, and products are added one by one (no fused multiply-add):
/// results are identical on every run and machine, and equal to the textbook
/// triple loop. Speed comes from the loop structure instead: a 4 × 8 block of
/// C is kept in SIMD registers while the shared index runs (`block`), and the
/// shared index is cut into tiles so the operands being reused stay in cache.
///
/// Products of at least `blasThreshold` multiply-adds (wide layers: W4's
/// 128 × 784 × 512) go to OpenBLAS's dgemm on two threads instead, which is
/// several times faster there. Its summation order is its own, fixed for a
/// given machine and thread count; toy networks never reach the threshold,
/// so everything a lesson prints comes from the kernels here.
enum MatrixKernels {
    /// Multiply-adds from which a product goes to OpenBLAS.
    static let blasThreshold = 1 << 21

    /// Sets OpenBLAS to two threads once, on first use.
    private static let blasReady: Bool = {
        openblas_set_num_threads(2)
        return true
    }()

    private static func useBLAS(_ m: Int, _ k: Int, _ n: Int) -> Bool {
        m * k * n >= blasThreshold && blasReady
    }

    /// Depth of one pass over the shared index: a 4 × 256 strip of A and a
    /// 256 × 8 panel of B fit in L1 together.
    static let depthTile = 256

    /// C (m×n) = A (m×k) · B (k×n), or C += A·B when `accumulate`.
    /// Used for z = a_prev · W. Each C[i,j] adds A[i,p]·B[p,j] for p = 0, 1, …
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         m: Int, k: Int, n: Int, accumulate: Bool) {
        if useBLAS(m, k, n) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n),
                        accumulate ? 1 : 0, c, Int32(n))
            return
        }
        if !accumulate { c.update(repeating: 0, count: m * n) }
        product(a, rowStride: k, depthStride: 1, b, into: c, m: m, depth: k, n: n)
    }

    /// C (k×n) = Aᵀ · B for A (m×k) and B (m×n): the weight gradient
    /// dE/dW = a_prevᵀ · d. Each C[i,j] adds A[r,i]·B[r,j] for r = 0, 1, …
    static func multiplyTransposedA(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        if useBLAS(m, k, n) {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(n), Int32(m), 1, a, Int32(k), b, Int32(n),
                        0, c, Int32(n))
            return
        }
        c.update(repeating: 0, count: k * n)
        product(a, rowStride: 1, depthStride: k, b, into: c, m: k, depth: m, n: n)
    }

    /// C (m×k) = A (m×n) · Bᵀ for B (k×n): the back-propagated error
    /// Σ_j d[j]·W[i,j] for every sample and every neuron i of the previous
    /// layer. B is first transposed into `scratch` (n×k), so the product runs
    /// as `multiply`; each C[r,i] still adds A[r,j]·B[i,j] for j = 0, 1, …
    static func multiplyTransposedB(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int,
                                    scratch: UnsafeMutablePointer<Double>) {
        if useBLAS(m, k, n) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(k), Int32(n), 1, a, Int32(n), b, Int32(n),
                        0, c, Int32(k))
            return
        }
        // For one to three samples the transpose would cost as much as the product: dot products instead.
        if m < 4 {
            for r in 0..<m {
                let ar = a + r * n, cr = c + r * k
                for i in 0..<k {
                    let bi = b + i * n
                    var sum = 0.0
                    for j in 0..<n { sum += ar[j] * bi[j] }
                    cr[i] = sum
                }
            }
            return
        }
        for i in 0..<k {
            let bi = b + i * n
            for j in 0..<n { scratch[j * k + i] = bi[j] }
        }
        multiply(a, scratch, into: c, m: m, k: n, n: k, accumulate: false)
    }

    /// C (m×n) += Σ_p A(i,p)·B(p,j) with A(i,p) = a[i·rowStride + p·depthStride]
    /// and B row-major k×n: the one loop nest behind all three products.
    private static func product(_ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                m: Int, depth: Int, n: Int) {
        columns(a, rowStride: rowStride, depthStride: depthStride, b, into: c, m: m, depth: depth, n: n, stride: n)
    }

    /// `product` for the `n` columns starting at b and c, whose rows are `stride` apart.
    private static func columns(_ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                                _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                                m: Int, depth: Int, n: Int, stride: Int) {
        var p0 = 0
        while p0 < depth {
            let pCount = min(depthTile, depth - p0)
            var j = 0
            while j + 8 <= n {
                var i = 0
                while i + 4 <= m {
                    block(a + i * rowStride + p0 * depthStride, rowStride: rowStride, depthStride: depthStride,
                          b + p0 * stride + j, n: stride, into: c + i * stride + j, depth: pCount)
                    i += 4
                }
                if i < m { scalar(a, rowStride, depthStride, b, c, rows: i..<m, columns: j..<(j + 8), depth: p0..<(p0 + pCount), n: stride) }
                j += 8
            }
            if j < n { scalar(a, rowStride, depthStride, b, c, rows: 0..<m, columns: j..<n, depth: p0..<(p0 + pCount), n: stride) }
            p0 += pCount
        }
    }

    /// A 4 × 8 block of C in eight SIMD4 registers, over `depth` steps.
    @inline(__always)
    private static func block(_ a: UnsafePointer<Double>, rowStride: Int, depthStride: Int,
                              _ b: UnsafePointer<Double>, n: Int, into c: UnsafeMutablePointer<Double>, depth: Int) {
        let raw = UnsafeMutableRawPointer(c)
        let stride = n * MemoryLayout<Double>.stride
        var c00 = raw.loadUnaligned(as: SIMD4<Double>.self), c01 = raw.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
        var c10 = raw.loadUnaligned(fromByteOffset: stride, as: SIMD4<Double>.self)
        var c11 = raw.loadUnaligned(fromByteOffset: stride + 32, as: SIMD4<Double>.self)
        var c20 = raw.loadUnaligned(fromByteOffset: 2 * stride, as: SIMD4<Double>.self)
        var c21 = raw.loadUnaligned(fromByteOffset: 2 * stride + 32, as: SIMD4<Double>.self)
        var c30 = raw.loadUnaligned(fromByteOffset: 3 * stride, as: SIMD4<Double>.self)
        var c31 = raw.loadUnaligned(fromByteOffset: 3 * stride + 32, as: SIMD4<Double>.self)
        for p in 0..<depth {
            let bp = UnsafeRawPointer(b + p * n)
            let b0 = bp.loadUnaligned(as: SIMD4<Double>.self), b1 = bp.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
            let ap = a + p * depthStride
            let x0 = SIMD4(repeating: ap[0]), x1 = SIMD4(repeating: ap[rowStride])
            let x2 = SIMD4(repeating: ap[2 * rowStride]), x3 = SIMD4(repeating: ap[3 * rowStride])
            c00 += x0 * b0; c01 += x0 * b1
            c10 += x1 * b0; c11 += x1 * b1
            c20 += x2 * b0; c21 += x2 * b1
            c30 += x3 * b0; c31 += x3 * b1
        }
        raw.storeBytes(of: c00, as: SIMD4<Double>.self)
        raw.storeBytes(of: c01, toByteOffset: 32, as: SIMD4<Double>.self)
        raw.storeBytes(of: c10, toByteOffset: stride, as: SIMD4<Double>.self)
        raw.storeBytes(of: c11, toByteOffset: stride + 32, as: SIMD4<Double>.self)
        raw.storeBytes(of: c20, toByteOffset: 2 * stride, as: SIMD4<Double>.self)
        raw.storeBytes(of: c21, toByteOffset: 2 * stride + 32, as: SIMD4<Double>.self)
        raw.storeBytes(of: c30, toByteOffset: 3 * stride, as: SIMD4<Double>.self)
        raw.storeBytes(of: c31, toByteOffset: 3 * stride + 32, as: SIMD4<Double>.self)
    }

    /// The edges that do not fill a 4 × 8 block, element by element in the same order.
    private static func scalar(_ a: UnsafePointer<Double>, _ rowStride: Int, _ depthStride: Int,
                               _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                               rows: Range<Int>, columns: Range<Int>, depth: Range<Int>, n: Int) {
        for i in rows {
            let ci = c + i * n
            for p in depth {
                let x = a[i * rowStride + p * depthStride]
                let bp = b + p * n
                for j in columns { ci[j] += x * bp[j] }
            }
        }
    }
}
