/// M(i, j) = base[i·rowStride + j·columnStride]: a row-major matrix, or the
/// transpose of one, read in place.
@frozen public struct StridedMatrix {
    public let base: UnsafePointer<Double>
    public let rowStride: Int
    public let columnStride: Int

    @_transparent
    public init(_ base: UnsafePointer<Double>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    @_transparent
    public func at(_ row: Int, _ column: Int) -> UnsafePointer<Double> { base + row * rowStride + column * columnStride }
}

/// What C's tiles start from before the products are added.
@frozen public enum TileStart {
    /// C = A·B.
    case zero
    /// C += A·B.
    case existing
    /// C = r + A·B with the same row vector r (a bias) under every row.
    case row(UnsafePointer<Double>)

    /// The start of the columns from `column` on.
    @_transparent
    public func columns(from column: Int) -> TileStart {
        if case .row(let r) = self { return .row(r + column) }
        return self
    }
}

/// The loop nest behind every matrix product of backprop, generic over the
/// widest register (`Wide`): the module that instantiates it decides what
/// that register is, so the same source runs as AVX2 code in BackpropCore
/// and as AVX-512 code in AVX512Kernels. Everything below `product` is
/// `@_transparent`, inlined into each instance before it is compiled, and
/// `product` itself is named after its instance (`KernelInstance`), so no
/// copy exists for the linker to share between the two.
///
/// Every element is a sum over the shared index taken in increasing order,
/// whatever the blocking, and products are added one by one (no fused
/// multiply-add): results are identical on every machine, either instance,
/// and equal to the textbook triple loop. Speed comes from the loop
/// structure: a tile of 8 rows (AVX-512) or 4 rows × `Wide` columns of C
/// stays in registers while the shared index runs; at the right edge tiles
/// narrow to 8, 4, 2 and 1 columns; the shared index is cut into depth
/// tiles; and when a pack
/// buffer is given, each depth tile of a column panel of B is first copied
/// into it, contiguous, so the tiles below it stream it from L1 instead of
/// touching one row of B (one page, for wide layers) per step.
public enum TileLoop {
    /// Depth of one pass over the shared index: a packed 256 × 16 panel of
    /// B is 32 KB, within L1 beside the rows of A it meets.
    public static let depthTile = 256
    /// Doubles a pack buffer must hold: one depth tile of the widest panel.
    public static let packCapacity = depthTile * 16

    /// C (m×n, rows `ldc` apart) = start + A (m×depth) · B (depth×n).
    /// B must be read along its rows (columnStride 1) unless `pack` is given.
    /// `Instance` is a type of the module instantiating the loop (see
    /// `KernelInstance`).
    @inlinable
    public static func product<Wide: Lanes, Instance: KernelInstance>(_: Wide.Type, _: Instance.Type, _ a: StridedMatrix,
                                                                      _ b: StridedMatrix,
                                            into c: UnsafeMutablePointer<Double>, ldc: Int, m: Int, depth: Int, n: Int,
                                            start: TileStart, pack: UnsafeMutablePointer<Double>?) {
        let eightRows = Wide.width >= 16
        var p0 = 0
        repeat {
            let count = min(depthTile, depth - p0)
            let tileStart = p0 == 0 ? start : .existing
            var j = 0
            while j + Wide.width <= n {
                panel(Wide.self, a, b, p0, count, j, c, ldc, m, tileStart, pack, eightRows)
                j += Wide.width
            }
            if Wide.width > 8 && j + 8 <= n {
                panel(SIMD8<Double>.self, a, b, p0, count, j, c, ldc, m, tileStart, pack, eightRows)
                j += 8
            }
            if Wide.width > 4 && j + 4 <= n {
                panel(SIMD4<Double>.self, a, b, p0, count, j, c, ldc, m, tileStart, pack, eightRows)
                j += 4
            }
            if j + 2 <= n {
                panel(SIMD2<Double>.self, a, b, p0, count, j, c, ldc, m, tileStart, pack, eightRows)
                j += 2
            }
            if j < n {
                panel(OneLane.self, a, b, p0, count, j, c, ldc, m, tileStart, pack, eightRows)
            }
            p0 += count
        } while p0 < depth
    }

    /// Columns j ..< j + V.width of C over one depth tile: B's panel packed
    /// (when there is a buffer), then eight rows at a time where the
    /// registers hold them (AVX-512), four, and one.
    @_transparent @usableFromInline
    static func panel<V: Lanes>(_: V.Type, _ a: StridedMatrix, _ b: StridedMatrix, _ p0: Int, _ depth: Int, _ j: Int,
                                _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ m: Int, _ start: TileStart,
                                _ pack: UnsafeMutablePointer<Double>?, _ eightRows: Bool) {
        var panelB = b.at(p0, j), ldb = b.rowStride
        if let pack {
            if b.columnStride == 1 {
                for p in 0..<depth { V.load(panelB + p * ldb).store(pack + p * V.width) }
            } else {
                for column in 0..<V.width {
                    let source = b.at(p0, j + column)
                    for p in 0..<depth { pack[p * V.width + column] = source[p * ldb] }
                }
            }
            panelB = UnsafePointer(pack)
            ldb = V.width
        }
        let start = start.columns(from: j)
        var i = 0
        if eightRows {
            while i + 8 <= m {
                tile8(V.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc, depth, start)
                i += 8
            }
        }
        while i + 4 <= m {
            tile4(V.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc, depth, start)
            i += 4
        }
        while i < m {
            tile1(V.self, a.at(i, p0), a.columnStride, panelB, ldb, c + i * ldc + j, depth, start)
            i += 1
        }
    }

    /// Eight rows of C, `V` wide, over `depth` steps: where registers are
    /// 512 bits there are 32 of them, room for up to 16 accumulators, and reading
    /// eight rows of A at once uses a whole cache line of a transposed A
    /// (dE/dW's a_prevᵀ) before the next depth step evicts it.
    @_transparent @usableFromInline
    static func tile8<V: Lanes>(_: V.Type, _ a: UnsafePointer<Double>, _ rowStride: Int, _ depthStride: Int,
                                _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
                                _ depth: Int, _ start: TileStart) {
        var c0, c1, c2, c3, c4, c5, c6, c7: V
        switch start {
        case .zero:
            c0 = .zero; c1 = .zero; c2 = .zero; c3 = .zero; c4 = .zero; c5 = .zero; c6 = .zero; c7 = .zero
        case .existing:
            c0 = V.load(c); c1 = V.load(c + ldc); c2 = V.load(c + 2 * ldc); c3 = V.load(c + 3 * ldc)
            c4 = V.load(c + 4 * ldc); c5 = V.load(c + 5 * ldc); c6 = V.load(c + 6 * ldc); c7 = V.load(c + 7 * ldc)
        case .row(let r):
            c0 = V.load(r); c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0
        }
        for p in 0..<depth {
            let bp = V.load(b + p * ldb)
            let ap = a + p * depthStride
            c0 = c0 + V.splat(ap[0]) * bp
            c1 = c1 + V.splat(ap[rowStride]) * bp
            c2 = c2 + V.splat(ap[2 * rowStride]) * bp
            c3 = c3 + V.splat(ap[3 * rowStride]) * bp
            c4 = c4 + V.splat(ap[4 * rowStride]) * bp
            c5 = c5 + V.splat(ap[5 * rowStride]) * bp
            c6 = c6 + V.splat(ap[6 * rowStride]) * bp
            c7 = c7 + V.splat(ap[7 * rowStride]) * bp
        }
        c0.store(c); c1.store(c + ldc); c2.store(c + 2 * ldc); c3.store(c + 3 * ldc)
        c4.store(c + 4 * ldc); c5.store(c + 5 * ldc); c6.store(c + 6 * ldc); c7.store(c + 7 * ldc)
    }

    /// Four rows of C, `V` wide, held in four registers over `depth` steps.
    @_transparent @usableFromInline
    static func tile4<V: Lanes>(_: V.Type, _ a: UnsafePointer<Double>, _ rowStride: Int, _ depthStride: Int,
                                _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
                                _ depth: Int, _ start: TileStart) {
        var c0, c1, c2, c3: V
        switch start {
        case .zero:
            c0 = .zero; c1 = .zero; c2 = .zero; c3 = .zero
        case .existing:
            c0 = V.load(c); c1 = V.load(c + ldc); c2 = V.load(c + 2 * ldc); c3 = V.load(c + 3 * ldc)
        case .row(let r):
            c0 = V.load(r); c1 = c0; c2 = c0; c3 = c0
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
    @_transparent @usableFromInline
    static func tile1<V: Lanes>(_: V.Type, _ a: UnsafePointer<Double>, _ depthStride: Int, _ b: UnsafePointer<Double>,
                                _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ depth: Int, _ start: TileStart) {
        var c0: V
        switch start {
        case .zero: c0 = .zero
        case .existing: c0 = V.load(c)
        case .row(let r): c0 = V.load(r)
        }
        for p in 0..<depth { c0 = c0 + V.splat(a[p * depthStride]) * V.load(b + p * ldb) }
        c0.store(c)
    }
}
