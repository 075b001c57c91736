/// Help text, generated from the command table.
public enum Help {
    public static let groupOrder = ["Data", "Network", "Train", "Derivatives", "Plots", "Sessions", "General"]

    /// The commands by group, in help order: what every listing of them
    /// (`help`, the README reference, the man page) walks.
    public static func grouped(_ commands: [Command]) -> [(group: String, members: [Command])] {
        let groups = groupOrder + Set(commands.map(\.group)).subtracting(groupOrder).sorted()
        return groups.compactMap { group in
            let members = commands.filter { $0.group == group }
            return members.isEmpty ? nil : (group, members)
        }
    }

    public static func overview(_ commands: [Command]) -> [String] {
        var lines = ["bplab — build, train and question small neural networks. `help COMMAND` for details."]
        for (group, members) in grouped(commands) {
            lines.append("")
            lines.append(group)
            lines += Format.table(members.map { [$0.name, $0.summary] }, indent: "  ")
        }
        lines.append("")
        lines.append("Notation: layer 0 is the input; w2[i,j] is the weight from neuron i of layer 1 to neuron j of layer 2;")
        lines.append("b2[j], z2[j], a2[j] and d2[j] = dE/dz2[j] belong to neuron j of layer 2; neurons count from 1.")
        return lines
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
