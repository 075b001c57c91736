import Foundation
import Testing
@testable import BackpropCore

/// The in-house exp, sigmoid and tanh against the C library, within 2 ulp.
@Suite struct FastMathTests {
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / b.ulp
    }

    @Test func expIsWithinTwoUlp() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<100_000 {
            let x = rng.uniform(-740, 705)
            #expect(Self.ulps(FastMath.exp(x), Foundation.exp(x)) <= 2, "exp(\(x))")
        }
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(1000) == .infinity && FastMath.exp(-1000) == 0 && FastMath.exp(.nan).isNaN)
        #expect(FastMath.exp(-744) > 0)
    }

    @Test func tanhAndSigmoidAreWithinFewUlp() {
        var rng = SplitMix64(seed: 18)
        for _ in 0..<100_000 {
            let x = rng.uniform(-30, 30)
            #expect(Self.ulps(FastMath.tanh(x), Foundation.tanh(x)) <= 4, "tanh(\(x))")
            #expect(Self.ulps(FastMath.sigmoid(x), 1 / (1 + Foundation.exp(-x))) <= 4, "sigmoid(\(x))")
        }
        #expect(FastMath.tanh(1e-30) == 1e-30 && FastMath.tanh(-800) == -1 && FastMath.tanh(800) == 1)
    }
}
