/// The three matrix products backprop needs, on raw row-major buffers.
///
/// Loops are ordered so the innermost runs over contiguous memory with a
/// fixed summation order: results are the same on every run and machine.
enum MatrixKernels {
    /// C (m×n) = A (m×k) · B (k×n), or C += A·B when `accumulate`.
    /// Used for z = a_prev · W.
    static func multiply(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
                         m: Int, k: Int, n: Int, accumulate: Bool) {
        if !accumulate { c.update(repeating: 0, count: m * n) }
        for i in 0..<m {
            let ci = c + i * n
            let ai = a + i * k
            for p in 0..<k {
                let x = ai[p]
                if x == 0 { continue }
                let bp = b + p * n
                for j in 0..<n { ci[j] += x * bp[j] }
            }
        }
    }

    /// C (k×n) = Aᵀ · B for A (m×k) and B (m×n): the weight gradient
    /// dE/dW = a_prevᵀ · d, summed over the m samples of the batch.
    static func multiplyTransposedA(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        c.update(repeating: 0, count: k * n)
        for r in 0..<m {
            let ar = a + r * k
            let br = b + r * n
            for i in 0..<k {
                let x = ar[i]
                if x == 0 { continue }
                let ci = c + i * n
                for j in 0..<n { ci[j] += x * br[j] }
            }
        }
    }

    /// C (m×k) = A (m×n) · Bᵀ for B (k×n): the back-propagated error
    /// Σ_j d[j]·W[i,j] for every sample and every neuron i of the previous layer.
    static func multiplyTransposedB(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int) {
        for r in 0..<m {
            let ar = a + r * n
            let cr = c + r * k
            for i in 0..<k {
                let bi = b + i * n
                var sum = 0.0
                for j in 0..<n { sum += ar[j] * bi[j] }
                cr[i] = sum
            }
        }
    }
}
