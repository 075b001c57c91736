import Foundation
import SIMDKernels
import Testing
@testable import BackpropCore

/// The three products against the textbook triple loop, bit for bit, in
/// both instances of the loop nest this processor runs (AVX2, and AVX-512
/// where there is one): every tile width (16, 8, 4, 2, 1 columns), eight-,
/// four- and one-row tiles, packed and unpacked panels, depth tiles, the
/// split across two cores, power-of-two widths whose rows alias in cache,
/// and several threads at once.
@Suite struct MatrixKernelsTests {
    /// Shapes (m, k, n) covering every edge case of the tiling; the later ones
    /// pack B (m ≥ 16), pass `splitThreshold` (both the column and the row
    /// split) and the depth tile, and W4's 512-wide layer.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 16, 16), (2, 3, 5), (3, 7, 1), (4, 4, 4), (5, 9, 2), (7, 13, 11), (10, 2, 16),
        (10, 16, 1), (9, 300, 3), (33, 65, 129), (32, 64, 10), (64, 40, 13), (13, 600, 17), (17, 31, 31),
        (24, 257, 47), (128, 512, 40), (40, 513, 512),
    ]

    /// Every instance this processor runs, at the shallowest depth tile, the
    /// table's and the deepest: the cut must never change a bit.
    static let tilings = InstructionSet.supported.flatMap { instance in
        [8, 256, TileLoop.maxDepthTile].map { KernelTiling(instance: instance, depthTile: $0, basis: "test") }
    }

    static func random(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in rng.uniform(-2, 2) }
    }

    /// C[i,j] = start[i,j] + Σ_p A(i,p)·B(p,j), p in order: the reference.
    static func textbook(m: Int, k: Int, n: Int, a: (Int, Int) -> Double, b: (Int, Int) -> Double,
                         start: (Int, Int) -> Double) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = start(i, j)
                for p in 0..<k { sum += a(i, p) * b(p, j) }
                c[i * n + j] = sum
            }
        }
        return c
    }

    static func sameBits(_ x: [Double], _ y: [Double]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// What `body` leaves in `initial` (NaNs of the result's size, or C's
    /// old values) from the operands x and y, given pointers to x, y, the
    /// result and a fresh scratch.
    static func product(_ x: [Double], _ y: [Double], into initial: [Double],
                        _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>,
                                 UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        var result = initial
        var scratch = [Double](repeating: .nan, count: MatrixKernels.scratchCount)
        x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in result.withUnsafeMutableBufferPointer { c in
            scratch.withUnsafeMutableBufferPointer { body(x.baseAddress!, y.baseAddress!, c.baseAddress!, $0.baseAddress!) }
        } } }
        return result
    }

    @Test func theSelectedInstanceIsTheFastestThisProcessorRuns() {
        #expect(InstructionSet.selected == InstructionSet.supported.last)
        #expect(KernelTiling.selected == KernelTiling.forProcessor(.current, supported: InstructionSet.supported))
        #if X86_KERNELS
        #expect(InstructionSet.supported.first == .avx2)
        #else
        #expect(InstructionSet.supported == [.generic])
        #endif
    }

    @Test(arguments: shapes) func multiplyIsTheTextbookLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(m * k, seed: 1), b = Self.random(k * n, seed: 2), bias = Self.random(n, seed: 3)
        let old = Self.random(m * n, seed: 4)
        for tiling in Self.tilings {
            for (name, start, first) in [("zero", 0, { (_: Int, _: Int) in 0.0 }), ("row", 1, { (_: Int, j: Int) in bias[j] }),
                                         ("existing", 2, { (i: Int, j: Int) in old[i * n + j] })] {
                let c = bias.withUnsafeBufferPointer { r in
                    let s: MatrixKernels.Start = start == 0 ? .zero : start == 1 ? .row(r.baseAddress!) : .existing
                    return Self.product(a, b, into: old) {
                        MatrixKernels.multiply($0, $1, into: $2, m: m, k: k, n: n, start: s, scratch: $3, using: tiling)
                    }
                }
                let expected = Self.textbook(m: m, k: k, n: n, a: { a[$0 * k + $1] }, b: { b[$0 * n + $1] }, start: first)
                #expect(Self.sameBits(c, expected), "\(m)×\(k)×\(n), start \(name), \(tiling)")
            }
        }
    }

    @Test(arguments: shapes) func transposedProductsAreTheTextbookLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        let a = Self.random(m * k, seed: 5), d = Self.random(m * n, seed: 6), w = Self.random(k * n, seed: 7)
        for tiling in Self.tilings {
            // dE/dW = Aᵀ·B with A (m×k), B (m×n): C (k×n), summed over the m rows in order.
            let dW = Self.product(a, d, into: Array(repeating: .nan, count: k * n)) {
                MatrixKernels.multiplyTransposedA($0, $1, into: $2, m: m, k: k, n: n, scratch: $3, using: tiling)
            }
            #expect(Self.sameBits(dW, Self.textbook(m: k, k: m, n: n, a: { a[$1 * k + $0] }, b: { d[$0 * n + $1] },
                                                    start: { _, _ in 0 })), "Aᵀ·B \(m)×\(k)×\(n), \(tiling)")
            // The error sent back, A·Bᵀ with A (m×n) = d, B (k×n) = W: C (m×k), summed over n in order.
            let back = Self.product(d, w, into: Array(repeating: .nan, count: m * k)) {
                MatrixKernels.multiplyTransposedB($0, $1, into: $2, m: m, k: k, n: n, scratch: $3, using: tiling)
            }
            #expect(Self.sameBits(back, Self.textbook(m: m, k: n, n: k, a: { d[$0 * n + $1] }, b: { w[$1 * n + $0] },
                                                      start: { _, _ in 0 })), "A·Bᵀ \(m)×\(k)×\(n), \(tiling)")
        }
    }

    /// Several threads multiplying at once: one gets the second core, the
    /// others do both halves themselves; every result is still exact.
    @Test func concurrentCallersAllGetExactResults() async {
        let (m, k, n) = (32, 64, 40)
        let a = Self.random(m * k, seed: 10), b = Self.random(k * n, seed: 11)
        let expected = Self.textbook(m: m, k: k, n: n, a: { a[$0 * k + $1] }, b: { b[$0 * n + $1] }, start: { _, _ in 0 })
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var ok = true
                    for _ in 0..<200 {
                        let c = Self.product(a, b, into: Array(repeating: .nan, count: m * n)) {
                            MatrixKernels.multiply($0, $1, into: $2, m: m, k: k, n: n, start: .zero, scratch: $3)
                        }
                        ok = ok && Self.sameBits(c, expected)
                    }
                    return ok
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }

    /// The activations run four lanes at a time with a padded last group;
    /// every element must equal the one-value function, whatever its position.
    @Test(arguments: [Activation.sigmoid, .tanh]) func fourLaneActivationsMatchOneValue(activation: Activation) {
        for count in 1...11 {
            let z = Self.random(count, seed: UInt64(count)).map { $0 * 20 }
            var a = [Double](repeating: .nan, count: count)
            z.withUnsafeBufferPointer { z in a.withUnsafeMutableBufferPointer { a in
                activation.apply(z: z.baseAddress!, a: a.baseAddress!, rows: 1, columns: count)
            } }
            #expect(Self.sameBits(a, z.map { activation.value($0) }), "\(activation) of \(count) values")
        }
    }
}
