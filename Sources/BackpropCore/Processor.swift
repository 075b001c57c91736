import CPU

/// The processor the kernels run on: what the tiling reads (its level-1 data
/// cache) and what the benchmark reports beside every figure.
public struct Processor: Sendable {
    /// "AuthenticAMD", "GenuineIntel", … ("" where there is no cpuid: arm64).
    public let vendor: String
    /// The display family and model (0 where unknown).
    public let family: Int, model: Int
    /// Bytes of level-1 data cache per core (0 where the system does not say).
    public let l1dBytes: Int

    /// This machine's processor, read once.
    public static let current: Processor = {
        var vendor = [CChar](repeating: 0, count: 13)
        var family: Int32 = 0, model: Int32 = 0
        bplab_cpu_identity(&vendor, &family, &model)
        return Processor(vendor: String(decoding: vendor.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                         family: Int(family), model: Int(model), l1dBytes: Int(bplab_cpu_l1d_bytes()))
    }()

    /// The microarchitecture where the families below know it (the ones
    /// measured or tuned for), else the vendor, family and model.
    public var name: String {
        switch (vendor, family) {
        case ("AuthenticAMD", 0x17): return "AMD Zen 2"
        case ("AuthenticAMD", 0x19):
            return [0x10...0x1F, 0x60...0x7F, 0xA0...0xAF].contains { $0.contains(model) } ? "AMD Zen 4" : "AMD Zen 3"
        case ("AuthenticAMD", 0x1A): return "AMD Zen 5"
        case ("GenuineIntel", 6):
            switch model {
            case 0x55: return "Intel Skylake-SP/Cascade Lake"
            case 0x6A, 0x6C: return "Intel Ice Lake-SP"
            case 0x8F: return "Intel Sapphire Rapids"
            case 0xCF: return "Intel Emerald Rapids"
            case 0xAD, 0xAE: return "Intel Granite Rapids"
            default: return "Intel family 6 model \(model)"
            }
        case ("", _): return "no cpuid (arm64 or other)"
        default: return "\(vendor) family \(family) model \(model)"
        }
    }
}
