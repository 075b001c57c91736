import Foundation

/// The memory budget (`set memory`): the most one command may allocate for
/// its buffers. Commands estimate what they would allocate — samples ×
/// widths, grid points, classes, table cells — before they do, and refuse
/// above it with an error naming the cost and what to change, instead of
/// asking the system for 49 GB and being killed.
///
/// `auto` (the default) is half of what this process may use: physical
/// memory, or less under a cgroup limit or `ulimit -v` (less what the
/// process already maps). `show config` prints `auto`, not the figure, so
/// transcripts read the same on every machine.
public enum MemoryBudget {
    /// The automatic budget, in bytes, measured once when first needed.
    public static let automatic: Int = {
        var usable = Double(ProcessInfo.processInfo.physicalMemory)
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let limit = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            usable = min(usable, limit)
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            usable = min(usable, max(0, Double(limit.rlim_cur) - mappedBytes()))
        }
        return Int(max(usable / 2, 16 * 1024 * 1024))
    }()

    /// The smallest budget `set memory` accepts.
    static let minimum = 16 << 20

    /// Bytes of address space this process maps now (`/proc/self/statm`, in pages).
    private static func mappedBytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `auto` (nil) or a size: 512M, 4G, 1.5G, 800000K (binary units; a bare number is MB).
    static func parse(_ text: String) throws -> Int? {
        let word = text.lowercased()
        if word == "auto" { return nil }
        let units: [Character: Double] = ["k": 0x1p10, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40]
        var digits = word.hasSuffix("b") ? String(word.dropLast()) : word
        var unit = units["m"]!
        if let last = digits.last, let scale = units[last] {
            unit = scale
            digits.removeLast()
        }
        guard let value = NumberSyntax.value(digits), value.isFinite, value > 0, value * unit <= 0x1p50 else {
            throw LabError("memory must be auto or a size such as 512M or 4G, got '\(Arguments.clip(text))'")
        }
        guard value * unit >= Double(minimum) else { throw LabError("memory must be at least 16M, got '\(Arguments.clip(text))'") }
        return Int(value * unit)
    }

    /// Throws unless `bytes` fit `budget`, naming the cost, what needs it and what to change.
    static func require(_ bytes: Double, within budget: Int, for what: String, change: String) throws {
        guard bytes > Double(budget) else { return }
        throw LabError("\(what) would take about \(describe(bytes)) of memory, above the budget of "
                       + "\(describe(Double(budget))) (set memory); \(change)")
    }

    /// 14.5 GB, 512 MB, 96 KB: a size in a message.
    public static func describe(_ bytes: Double) -> String {
        for (unit, scale) in [("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20)] where bytes >= scale {
            return Format.number(bytes / scale, digits: 3) + " " + unit
        }
        return Format.number(max(1, bytes / 1024), digits: 3) + " KB"
    }
}

extension CommandContext {
    /// The budget in bytes: the setting, or the automatic share.
    var memoryBudget: Int { state.settings.memoryLimit ?? MemoryBudget.automatic }

    /// Throws unless `bytes` fit the memory budget. `what` says what needs
    /// them ("step over 10,000,000 samples"), `change` what to do instead.
    func requireMemory(_ bytes: Double, for what: String, change: String) throws {
        try MemoryBudget.require(bytes, within: memoryBudget, for: what, change: change)
    }
}
