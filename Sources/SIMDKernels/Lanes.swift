/// A register's worth of doubles for the tile loop: SIMD16, SIMD8, SIMD4,
/// SIMD2, or one. Which machine registers a width becomes is up to the module
/// that instantiates the loop (`TileLoop`): SIMD16 is two zmm registers where
/// that module is compiled for AVX-512, four ymm where it is not.
public protocol Lanes {
    static var width: Int { get }
    static var zero: Self { get }
    static func splat(_ x: Double) -> Self
    static func load(_ p: UnsafePointer<Double>) -> Self
    func store(_ p: UnsafeMutablePointer<Double>)
    static func + (l: Self, r: Self) -> Self
    static func * (l: Self, r: Self) -> Self
}

extension Lanes where Self: SIMD, Scalar == Double {
    @_transparent public static var width: Int { scalarCount }
    @_transparent public static var zero: Self { Self() }
    @_transparent public static func splat(_ x: Double) -> Self { Self(repeating: x) }
    @_transparent public static func load(_ p: UnsafePointer<Double>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
    @_transparent public func store(_ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
}

extension SIMD16: Lanes where Scalar == Double {}
extension SIMD8: Lanes where Scalar == Double {}
extension SIMD4: Lanes where Scalar == Double {}
extension SIMD2: Lanes where Scalar == Double {}

/// One double as a one-lane register (the last column of an odd-width C).
@frozen public struct OneLane: Lanes {
    public var value: Double
    @_transparent public init(value: Double) { self.value = value }
    @_transparent public static var width: Int { 1 }
    @_transparent public static var zero: OneLane { OneLane(value: 0) }
    @_transparent public static func splat(_ x: Double) -> OneLane { OneLane(value: x) }
    @_transparent public static func load(_ p: UnsafePointer<Double>) -> OneLane { OneLane(value: p.pointee) }
    @_transparent public func store(_ p: UnsafeMutablePointer<Double>) { p.pointee = value }
    @_transparent public static func + (l: OneLane, r: OneLane) -> OneLane { OneLane(value: l.value + r.value) }
    @_transparent public static func * (l: OneLane, r: OneLane) -> OneLane { OneLane(value: l.value * r.value) }
}

/// Groups of consecutive doubles where the last group may be short: its
/// missing lanes read 0 and are not written, so every element goes through
/// the same arithmetic (and gets the same bits) whatever its position. A
/// full group is one plain load or store.
extension SIMD where Scalar == Double {
    @_transparent
    public static func load(_ base: UnsafePointer<Double>, _ k: Int, lanes: Int) -> Self {
        if lanes == scalarCount { return UnsafeRawPointer(base + k).loadUnaligned(as: Self.self) }
        var group = Self()
        for l in 0..<lanes { group[l] = base[k + l] }
        return group
    }

    @_transparent
    public func store(_ base: UnsafeMutablePointer<Double>, _ k: Int, lanes: Int) {
        if lanes == scalarCount { UnsafeMutableRawPointer(base + k).storeBytes(of: self, as: Self.self); return }
        for l in 0..<lanes { base[k + l] = self[l] }
    }
}
