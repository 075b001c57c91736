import MatrixTiles

/// A buffer read and written four consecutive doubles at a time, as SIMD4
/// lanes (the optimizer's step, the four-lane activations). The last group
/// may be short: its missing lanes read 0 and are not written, so every
/// element goes through the same arithmetic (and gets the same bits). A full
/// group is a plain SIMD4 load or store.
struct Quads {
    let base: UnsafeMutablePointer<Double>
    let count: Int

    init(_ buffer: UnsafeMutableBufferPointer<Double>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!
        count = buffer.count
    }

    init(_ buffer: UnsafeBufferPointer<Double>) {
        self.init(UnsafeMutableBufferPointer(mutating: buffer))
    }

    /// `count` doubles from `base`, only read.
    init(_ base: UnsafePointer<Double>, count: Int) {
        self.init(UnsafeBufferPointer(start: base, count: count))
    }

    /// `count` doubles from `base`.
    init(_ base: UnsafeMutablePointer<Double>, count: Int) {
        self.init(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Calls `body(k, lanes)` for k = lower, lower + 4, … with lanes = 4 but
    /// for a short last group.
    @inline(__always)
    static func forEachGroup(_ range: Range<Int>, _ body: (_ k: Int, _ lanes: Int) -> Void) {
        let full = range.lowerBound + (range.count & ~3)
        for k in stride(from: range.lowerBound, to: full, by: 4) { body(k, 4) }
        if full < range.upperBound { body(full, range.upperBound - full) }
    }

    @inline(__always)
    func load(_ k: Int, _ lanes: Int) -> SIMD4<Double> {
        if lanes == 4 { return SIMD4.load(base + k) }
        var group = SIMD4<Double>()
        for l in 0..<lanes { group[l] = base[k + l] }
        return group
    }

    @inline(__always)
    func store(_ group: SIMD4<Double>, _ k: Int, _ lanes: Int) {
        if lanes == 4 { group.store(base + k); return }
        for l in 0..<lanes { base[k + l] = group[l] }
    }
}
