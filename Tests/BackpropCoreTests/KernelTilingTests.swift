import Testing
@testable import BackpropCore

/// The tiling table and the split choice: what they pick, never what they
/// compute (MatrixKernelsTests checks every tiling gives the same bits).
@Suite struct KernelTilingTests {
    static func tiling(_ vendor: String, _ family: Int, _ model: Int) -> KernelTiling {
        KernelTiling.forProcessor(Processor(vendor: vendor, family: family, model: model, l1dBytes: 32768),
                                  supported: InstructionSet.supported)
    }

    @Test func theTableNamesTheMeasuredProcessors() {
        let zen4 = Self.tiling("AuthenticAMD", 0x19, 0x11)
        #expect(zen4.depthTile == 512 && zen4.basis == "table: AMD Zen 4")
        #expect(Self.tiling("AuthenticAMD", 0x19, 0x01).basis == "table: AMD Zen 3")
        #expect(Self.tiling("AuthenticAMD", 0x1A, 0x02).depthTile == 256)
        #expect(Self.tiling("GenuineIntel", 6, 0xCF).basis == "table: Intel Emerald Rapids")
        #expect(Self.tiling("GenuineIntel", 6, 0x97).basis == "default for Intel family 6 model 151")
        #expect(Self.tiling("", 0, 0).basis == "default for no cpuid (arm64 or other)")
        for row in [zen4, Self.tiling("", 0, 0)] { #expect(row.instance == InstructionSet.supported.last) }
    }

    @Test func aDepthOutsideTheLoopsRangeIsRefused() {
        #expect(throws: CoreError.self) { try KernelTiling.use(depthTile: 4) }
        #expect(throws: CoreError.self) { try KernelTiling.use(depthTile: 4096) }
    }

    /// Each size starts split, measures alone once split has a cost, then
    /// runs the cheaper way and re-measures the other one job in 32.
    @Test func theCheaperWayRunsAndTheOtherIsProbed() {
        var choice = SplitChoice()
        let slot = SplitChoice.slot(kind: 0, work: 1 << 18)
        #expect(slot == 18 && SplitChoice.slot(kind: 1, work: 1) == 64)
        let first = choice.shouldSplit(slot)
        #expect(first)
        choice.record(slot, split: true, ticks: 3 << 18, work: 1 << 18)
        let second = choice.shouldSplit(slot)
        #expect(!second)
        choice.record(slot, split: false, ticks: 1 << 18, work: 1 << 18)
        var ways: [Bool] = []
        for _ in 0..<32 { ways.append(choice.shouldSplit(slot)) }
        #expect(ways.filter { $0 }.count == 1, "alone is 3× cheaper: split only to probe, one job in 32")
        // The split gets cheap again (the cores moved closer): after a few probes it wins.
        for _ in 0..<8 { choice.record(slot, split: true, ticks: 1 << 16, work: 1 << 18) }
        let later = (0..<2).map { _ in choice.shouldSplit(slot) }
        #expect(later.contains(true))
    }
}
