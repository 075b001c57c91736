/// A register's worth of doubles for the kernels: SIMD8, SIMD4, SIMD2, or one.
protocol Lanes {
    static var zero: Self { get }
    static func splat(_ x: Double) -> Self
    static func load(_ p: UnsafePointer<Double>) -> Self
    func store(_ p: UnsafeMutablePointer<Double>)
    static func + (l: Self, r: Self) -> Self
    static func * (l: Self, r: Self) -> Self
}

extension Lanes where Self: SIMD, Scalar == Double {
    @inline(__always) static var zero: Self { Self() }
    @inline(__always) static func splat(_ x: Double) -> Self { Self(repeating: x) }
    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) { UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self) }
}

extension SIMD8: Lanes where Scalar == Double {}
extension SIMD4: Lanes where Scalar == Double {}
extension SIMD2: Lanes where Scalar == Double {}

/// One double as a one-lane register (the last column of an odd-width C).
struct OneLane: Lanes {
    var value: Double
    @inline(__always) static var zero: OneLane { OneLane(value: 0) }
    @inline(__always) static func splat(_ x: Double) -> OneLane { OneLane(value: x) }
    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> OneLane { OneLane(value: p.pointee) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Double>) { p.pointee = value }
    @inline(__always) static func + (l: OneLane, r: OneLane) -> OneLane { OneLane(value: l.value + r.value) }
    @inline(__always) static func * (l: OneLane, r: OneLane) -> OneLane { OneLane(value: l.value * r.value) }
}
