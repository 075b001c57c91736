#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPU
import Synchronization

/// A helper thread that takes one half of a job while the caller does the
/// other, so a training step of mid-sized layers uses two cores — where
/// that pays: `SplitChoice` measures, size by size, whether it does.
///
/// The jobs split are a product's columns (or rows) and the optimizer's
/// parameter range: each element is still computed by exactly the same
/// operations, so results are identical with one core or two.
///
/// A job takes microseconds, so handing it over must take far less: the
/// helper spins on an atomic counter for a while after each job (training
/// posts the next one almost at once), and only then sleeps on a condition
/// variable; every spin is an x86 `pause`, which leaves the core's
/// execution units to the other thread when both vCPUs share one. Posting is one atomic increment, plus a signal when the helper
/// sleeps. Whoever claims a posted half first runs it: when the caller has
/// finished its own half before the helper even started (the helper's core
/// busy with something else, or the helper asleep), the caller takes the
/// other half back, so a job never waits on a core that is not there. One
/// caller at a time: a second thread that finds the helper in use does both
/// halves itself.
final class SecondCore: @unchecked Sendable {
    /// The process's helper, started on first use.
    static let shared = SecondCore()

    /// Jobs posted, the last job whose second half someone claimed, and the
    /// last one the helper finished: a job's ticket moves `claimed` once, by
    /// the helper or by the caller, and only the helper moves `finished`.
    private let posted = Atomic<Int>(0)
    private let claimed = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// True while the helper waits on `wakeUp` (posting must signal it).
    private let sleeping = Atomic<Bool>(false)
    /// Taken by the thread whose job the helper runs.
    private let inUse = Atomic<Bool>(false)
    /// Which jobs pay for the split here and now; used by the `inUse` holder only.
    private var choice = SplitChoice()
    /// The current job, by type and address; written before `posted` moves,
    /// read by the helper only after it claimed the job.
    private var jobType: (any TwoPartJob.Type)?
    private var jobAddress: UnsafeRawPointer?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let wakeUp: UnsafeMutablePointer<pthread_cond_t>
    /// Spins of the helper before it sleeps (a pause is ~20 ns here: about 100 µs).
    private let patience = 5_000

    private init() {
        mutex = .allocate(capacity: 1)
        wakeUp = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<SecondCore>.fromOpaque(context!).takeUnretainedValue().serve()
        }, context)
        if started == 0 {
            pthread_detach(thread)
        } else {
            // No helper: claim it forever, so every job runs on the caller.
            inUse.store(true, ordering: .sequentiallyConsistent)
        }
    }

    /// Runs part 0 of `job` here and part 1 on the helper, and returns when
    /// both are done; runs both here when the helper is busy with another
    /// caller. The helper reads the job where it lies, on this thread's
    /// stack, so handing it over allocates nothing.
    func run<Job: TwoPartJob>(_ job: Job) {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            job.run(part: 0)
            job.run(part: 1)
            return
        }
        let slot = SplitChoice.slot(kind: Job.kind, work: job.work)
        let split = choice.shouldSplit(slot)
        let start = bplab_cpu_ticks()
        if split { runSplit(job) } else {
            job.run(part: 0)
            job.run(part: 1)
        }
        choice.record(slot, split: split, ticks: bplab_cpu_ticks() &- start, work: job.work)
        inUse.store(false, ordering: .releasing)
    }

    /// Runs part 0 here and part 1 on the helper, unless this thread
    /// finishes part 0 before the helper has started.
    private func runSplit<Job: TwoPartJob>(_ job: Job) {
        withUnsafePointer(to: job) { address in
            jobType = Job.self
            jobAddress = UnsafeRawPointer(address)
            let ticket = posted.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(wakeUp)
                pthread_mutex_unlock(mutex)
            }
            job.run(part: 0)
            if claimed.compareExchange(expected: ticket - 1, desired: ticket, ordering: .acquiringAndReleasing).exchanged {
                job.run(part: 1)  // the helper had not started: do it here rather than wait for it
            } else {
                // The helper runs it: spin briefly, then yield, in case it waits for this core.
                var spins = 0
                while finished.load(ordering: .acquiring) != ticket {
                    spins += 1
                    if spins > 1000 { sched_yield() } else { bplab_cpu_relax() }
                }
            }
            jobType = nil
            jobAddress = nil
        }
    }

    /// The helper's loop: wait for a ticket, run its job, mark it finished.
    private func serve() -> Never {
        var done = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == done && spins < patience {
                spins += 1
                if spins % 1000 == 0 { sched_yield() } else { bplab_cpu_relax() }
            }
            if posted.load(ordering: .acquiring) == done {
                pthread_mutex_lock(mutex)
                sleeping.store(true, ordering: .sequentiallyConsistent)
                while posted.load(ordering: .sequentiallyConsistent) == done { pthread_cond_wait(wakeUp, mutex) }
                sleeping.store(false, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            done += 1
            // The caller may have taken this half back; then it is not ours to run.
            if claimed.compareExchange(expected: done - 1, desired: done, ordering: .acquiringAndReleasing).exchanged {
                if let jobType, let jobAddress { jobType.runPartOne(at: jobAddress) }
                finished.store(done, ordering: .releasing)
            }
        }
    }
}

/// Work in two parts that may run at the same time on two cores, each
/// element computed the same way whichever core runs it. A job is a value
/// (its operands), not a pair of closures: a closure handed to another
/// thread must be made escaping, which allocates on every call.
protocol TwoPartJob {
    /// Which kind of job this is (for `SplitChoice`: 0 a product, 1 an update).
    static var kind: Int { get }
    /// Units of work (multiply-adds, parameters): what the cost is per.
    var work: Int { get }
    /// Runs part 0 or part 1.
    func run(part: Int)
}

extension TwoPartJob {
    /// Runs part 1 of the job of this type at `address` (for the helper,
    /// which knows the job only by type and address).
    static func runPartOne(at address: UnsafeRawPointer) {
        address.assumingMemoryBound(to: Self.self).pointee.run(part: 1)
    }
}
