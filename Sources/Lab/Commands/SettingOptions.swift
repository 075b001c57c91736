import BackpropCore

/// Every setting, as the option that changes it: `set NAME VALUE`,
/// `set NAME=VALUE`, `show config` and the commands that take a setting as
/// an option (`train lr=0.5`, `step lr=`) all read these specs, so each
/// setting's range, help and display are written once.
enum SettingOptions {
    static let precision = OptionSpec("precision", "significant digits of printed numbers", .whole(1...17),
                                      setting: .whole({ $0.precision = $1 }, read: { "\($0.precision)" }))
    static let learningRate = OptionSpec("lr", "learning rate η of train and step", .real(Double.leastNonzeroMagnitude...1e6),
                                         setting: .real({ $0.learningRate = $1 }, read: { Format.number($0.learningRate) }))
    static let batch = OptionSpec("batch", "minibatch size of train, capped at the number of samples",
                                  .whole(1...100_000_000), setting: .whole({ $0.batchSize = $1 }, read: { "\($0.batchSize)" }))
    static let epochs = OptionSpec("epochs", "epochs of train when not given", .whole(0...10_000_000),
                                   setting: .whole({ $0.epochs = $1 }, read: { "\($0.epochs)" }))
    static let optimizer = OptionSpec("opt", "optimizer of train", .word(OptimizerKind.allCases.map(\.rawValue)),
                                      setting: .word({ $0.optimizer = try OptimizerKind(name: $1) }, read: { $0.optimizer.rawValue }))
    static let momentum = OptionSpec("momentum", "μ of momentum and nesterov", .real(0...0.999999),
                                     setting: .real({ $0.momentum = $1 }, read: { Format.number($0.momentum) }))
    static let l1 = OptionSpec("l1", "L1 penalty on weights", .real(0...1e6),
                               setting: .real({ $0.l1 = $1 }, read: { Format.number($0.l1) }))
    static let l2 = OptionSpec("l2", "L2 penalty on weights", .real(0...1e6),
                               setting: .real({ $0.l2 = $1 }, read: { Format.number($0.l2) }))
    static let seed = OptionSpec("seed", "seed of weight initialisation", .seed,
                                 setting: .seed({ $0.seed = $1 }, read: { "\($0.seed)" }))
    static let shuffleSeed = OptionSpec("shuffle-seed", "seed of the per-epoch shuffle", .seed,
                                        setting: .seed({ $0.shuffleSeed = $1 }, read: { "\($0.shuffleSeed)" }))
    static let terminal = OptionSpec("terminal", "where plots go (auto: sixel where the terminal shows it, else text)",
                                     .word(TerminalSetting.allCases.map(\.rawValue)),
                                     setting: .word({ if let value = TerminalSetting(rawValue: $1) { $0.terminal = value } }, read: { $0.terminal.rawValue }))
    static let sixel = OptionSpec("sixel", "whether `auto` may draw sixel graphics (auto: ask the terminal)",
                                  .word(SixelSetting.allCases.map(\.rawValue)),
                                  setting: .word({ if let value = SixelSetting(rawValue: $1) { $0.sixel = value } }, read: { $0.sixel.rawValue }))

    static let memory = OptionSpec("memory", "most memory one command may allocate; above it commands refuse (auto: half of what bplab may use)",
                                   .text("auto|SIZE"), default: "auto",
                                   setting: .word({ $0.memoryLimit = try MemoryBudget.parse($1) }, read: { memoryText($0.memoryLimit) }))

    /// In the order `show config` lists them.
    static let all = [precision, learningRate, batch, epochs, optimizer, momentum, l1, l2, seed, shuffleSeed, terminal, sixel, memory]

    /// A budget as `set memory` reads it back: auto, 4G, 512M, 20480K.
    static func memoryText(_ bytes: Int?) -> String {
        guard let bytes else { return "auto" }
        if bytes % (1 << 30) == 0 { return "\(bytes >> 30)G" }
        return bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes >> 10)K"
    }

    static func named(_ name: String) -> OptionSpec? {
        all.first { $0.key == name.lowercased() }
    }
}

extension SettingBinding {
    static func real(_ write: @escaping @Sendable (inout Settings, Double) -> Void,
                     read: @escaping @Sendable (Settings) -> String) -> SettingBinding {
        SettingBinding(write: { settings, value in if let x = value.real { write(&settings, x) } }, read: read)
    }

    static func whole(_ write: @escaping @Sendable (inout Settings, Int) -> Void,
                      read: @escaping @Sendable (Settings) -> String) -> SettingBinding {
        SettingBinding(write: { settings, value in if let x = value.whole { write(&settings, x) } }, read: read)
    }

    static func seed(_ write: @escaping @Sendable (inout Settings, UInt64) -> Void,
                     read: @escaping @Sendable (Settings) -> String) -> SettingBinding {
        SettingBinding(write: { settings, value in if let x = value.seed { write(&settings, x) } }, read: read)
    }

    static func word(_ write: @escaping @Sendable (inout Settings, String) throws -> Void,
                     read: @escaping @Sendable (Settings) -> String) -> SettingBinding {
        SettingBinding(write: { settings, value in if let x = value.word { try write(&settings, x) } }, read: read)
    }
}
