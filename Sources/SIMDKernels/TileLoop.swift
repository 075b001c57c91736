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
/// structure: a tile of 8 rows (AVX-512) or 6 rows × `Wide` columns of C
/// stays in registers while the shared index runs; at the right edge tiles
/// narrow to 8, 4, 2 and 1 columns; the shared index is cut into depth
/// tiles; and when a pack
/// buffer is given, each depth tile of a column panel of B is first copied
/// into it, contiguous, so the tiles below it stream it from L1 instead of
/// touching one row of B (one page, for wide layers) per step.
public enum TileLoop {
    /// The deepest pass over the shared index a caller may ask for
    /// (`depthTile`, chosen per processor by the caller).
    public static let maxDepthTile = 512
    /// Doubles a pack buffer must hold: the deepest tile of the widest panel.
    public static let packCapacity = maxDepthTile * 16

    /// C (m×n, rows `ldc` apart) = start + A (m×depth) · B (depth×n).
    /// B must be read along its rows (columnStride 1) unless `pack` is given.
    /// `Instance` is a type of the module instantiating the loop (see
    /// `KernelInstance`).
    @inlinable
    public static func product<Wide: Lanes, Instance: KernelInstance>(_: Wide.Type, _: Instance.Type, _ a: StridedMatrix,
                                                                      _ b: StridedMatrix,
                                            into c: UnsafeMutablePointer<Double>, ldc: Int, m: Int, depth: Int, n: Int,
                                            start: TileStart, pack: UnsafeMutablePointer<Double>?, depthTile: Int) {
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
    /// registers hold them (AVX-512) or six (AVX2: 12 of its 16 ymm
    /// registers), then four, and one.
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
                tile(InlineArray<8, V>.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc,
                     depth, start)
                i += 8
            }
        } else {
            while i + 6 <= m {
                tile(InlineArray<6, V>.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc,
                     depth, start)
                i += 6
            }
        }
        while i + 4 <= m {
            tile(InlineArray<4, V>.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc,
                 depth, start)
            i += 4
        }
        while i < m {
            tile(InlineArray<1, V>.self, a.at(i, p0), a.rowStride, a.columnStride, panelB, ldb, c + i * ldc + j, ldc,
                 depth, start)
            i += 1
        }
    }

    /// `rows` rows of C, `V` wide, held in `rows` registers while the shared
    /// index runs `depth` steps. Eight rows fit where registers are 512 bits
    /// (32 of them, room for up to 16 accumulators), and reading eight rows
    /// of A at once uses a whole cache line of a transposed A (dE/dW's
    /// a_prevᵀ) before the next depth step evicts it.
    @_transparent @usableFromInline
    static func tile<let rows: Int, V: Lanes>(_: InlineArray<rows, V>.Type, _ a: UnsafePointer<Double>, _ rowStride: Int,
                                              _ depthStride: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                                              _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ depth: Int,
                                              _ start: TileStart) {
        var sums: InlineArray<rows, V>
        switch start {
        case .zero: sums = InlineArray(repeating: .zero)
        case .existing: sums = InlineArray { r in V.load(c + r * ldc) }
        case .row(let r): sums = InlineArray(repeating: V.load(r))
        }
        var ap = a, bp = b
        for _ in 0..<depth {
            let bRow = V.load(bp)
            for r in 0..<rows { sums[r] = sums[r] + V.splat(ap[r &* rowStride]) * bRow }
            ap += depthStride
            bp += ldb
        }
        for r in 0..<rows { sums[r].store(c + r * ldc) }
    }
}
