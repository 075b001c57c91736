/// Whether sharing a job with the second core pays, learnt as the process
/// runs: for each kind of job and size (a power of two of its work), the
/// recent cost per unit of work split and alone, in processor ticks.
///
/// Why measure: a split hands the job's operands and results between the
/// cores, and what a cache line costs to move depends on where the two
/// cores sit. On a 2-vCPU VM the host places the vCPUs on cores of one L3
/// (a round trip between them ~60 ns) or of two (~330 ns), and moves them
/// within seconds; in the second placement W2's splits cost more than they
/// save (a step on two cores 2.4× slower than on one). So each size keeps
/// both costs fresh — one job in `probeEvery` runs the way not chosen — and
/// runs the cheaper. The results are the same bits either way; only the
/// time differs.
///
/// Used only by the thread that holds the second core, so it needs no lock.
/// Where there is no tick counter (`bplab_cpu_ticks` is 0) every job splits.
struct SplitChoice {
    /// Job kinds (products, optimizer updates) × sizes (log₂ of the work).
    private static let kinds = 2, sizes = 64
    /// One job in this many of a size runs the other way, to re-measure it.
    static let probeEvery = 32
    /// Weight of the newest measurement in a cost (the rest is the old cost).
    private static let newest = 0.25

    /// Ticks per unit of work, split and alone (0: not measured yet).
    private var splitCost = [Double](repeating: 0, count: kinds * sizes)
    private var aloneCost = [Double](repeating: 0, count: kinds * sizes)
    private var jobs = [Int](repeating: 0, count: kinds * sizes)

    /// The slot of a job of `kind` (0 or 1) doing `work` units.
    static func slot(kind: Int, work: Int) -> Int {
        kind * sizes + (Int.bitWidth - max(work, 1).leadingZeroBitCount - 1)
    }

    /// True when the next job in `slot` should be split.
    mutating func shouldSplit(_ slot: Int) -> Bool {
        jobs[slot] &+= 1
        if splitCost[slot] == 0 { return true }
        if aloneCost[slot] == 0 { return false }
        let splitIsCheaper = splitCost[slot] <= aloneCost[slot]
        return jobs[slot] % Self.probeEvery == 0 ? !splitIsCheaper : splitIsCheaper
    }

    /// Records that a job in `slot` took `ticks` for `work` units.
    mutating func record(_ slot: Int, split: Bool, ticks: UInt64, work: Int) {
        let cost = Double(ticks) / Double(max(work, 1))
        if split {
            splitCost[slot] = splitCost[slot] == 0 ? cost : splitCost[slot] + Self.newest * (cost - splitCost[slot])
        } else {
            aloneCost[slot] = aloneCost[slot] == 0 ? cost : aloneCost[slot] + Self.newest * (cost - aloneCost[slot])
        }
    }
}
