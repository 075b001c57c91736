/// Help text, generated from the command table.
public enum Help {
    public static let groupOrder = ["Data", "Network", "Train", "Derivatives", "Plots", "Sessions", "General"]

    /// `help`: one screen (a 24-line window) — each group's command names,
    /// then where to read more. `help all` has every summary.
    public static func overview(_ commands: [Command]) -> [String] {
        var lines = ["bplab — build, train and question small neural networks.", ""]
        let groups = grouped(commands)
        let width = groups.map(\.group.count).max() ?? 0
        for (group, members) in groups {
            lines.append("  " + group.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                         + members.map(\.name).joined(separator: " "))
        }
        lines.append("")
        lines += Format.table([["help COMMAND", "explains a command (help train)"], ["help all", "every command with what it does"],
                               ["help notation", "how weights, biases and layer values are named"]], indent: "")
        return lines
    }

    /// `help all`: every command with its summary, by group.
    public static func everyCommand(_ commands: [Command]) -> [String] {
        var lines: [String] = []
        for (group, members) in grouped(commands) {
            if !lines.isEmpty { lines.append("") }
            lines.append(group)
            lines += Format.table(members.map { [$0.name, $0.summary] }, indent: "  ")
        }
        return lines
    }

    /// `help notation`.
    public static let notation = [
        "Layer 0 is the input; w2[i,j] is the weight from neuron i of layer 1 to neuron j of layer 2;",
        "b2[j], z2[j], a2[j] and d2[j] = dE/dz2[j] belong to neuron j of layer 2; neurons count from 1.",
    ]

    /// The topics `help` takes besides command names.
    public static let topics = ["all", "notation"]

    /// The commands by group, in `groupOrder` (other groups after, by name):
    /// what every listing of them (`help`, the README reference, the man page) walks.
    public static func grouped(_ commands: [Command]) -> [(group: String, members: [Command])] {
        let groups = groupOrder + Set(commands.map(\.group)).subtracting(groupOrder).sorted()
        return groups.compactMap { group in
            let members = commands.filter { $0.group == group }
            return members.isEmpty ? nil : (group, members)
        }
    }

    /// The README's command reference, in Markdown, from the same table.
    public static func markdownReference(_ commands: [Command]) -> String {
        var text = ""
        for (group, members) in grouped(commands) {
            text += "### \(group)\n\n"
            for command in members {
                text += "- `\(command.usage)` — \(command.summary). Example: `\(command.example)`\n"
            }
            text += "\n"
        }
        return text
    }

    public static func page(_ command: Command) -> [String] {
        var lines = ["usage: \(command.usage)", command.summary]
        if !command.details.isEmpty { lines += ["", command.details] }
        if !command.options.isEmpty {
            lines.append("")
            lines.append("options:")
            lines += Format.table(command.options.map { option in
                [option.key + "=", option.helpText]
            }, indent: "  ")
        }
        if !command.aliases.isEmpty { lines.append("also: \(command.aliases.joined(separator: ", "))") }
        lines.append("example: \(command.example)")
        return lines
    }
}
