/// help, history, undo, reset, quit.
enum GeneralCommands {
    static let all: [Command] = [
        Command("help", group: "General", aliases: ["?"], usage: "help [COMMAND]",
                summary: "list the commands, or explain one", example: "help train",
                completion: .choices([])) { session, args in
            try args.expectAtMost(1, usage: "help [COMMAND]")
            guard let word = args.words.first else {
                session.print(lines: Help.overview(session.commands))
                return
            }
            guard let command = session.lookup(word.text) else {
                var message = "no command '\(Arguments.clip(word.text))'"
                if let guess = session.suggestion(for: word.text) { message += " (did you mean '\(guess)'?)" }
                throw LabError(message)
            }
            session.print(lines: Help.page(command))
        },
        Command("history", group: "General", usage: "history [N]",
                summary: "the lines entered in this session (the last N)", example: "history 10") { session, args in
            try args.expectAtMost(1, usage: "history [N]")
            let all = session.lineHistory.dropLast()  // not this `history` line itself
            let n = try args.int(at: 0, name: "N", default: all.count, in: 0...Int.max)
            let first = max(all.count - n, 0)
            for (k, line) in all.enumerated().dropFirst(first) {
                session.print("\(String(repeating: " ", count: max(0, 4 - String(k + 1).count)))\(k + 1)  \(line)")
            }
        },
        Command("undo", group: "General", usage: "undo",
                summary: "put the network and data back as they were before the last command that changed them",
                example: "undo") { session, args in
            try args.expectAtMost(0, usage: "undo")
            guard session.undo() else { throw LabError("nothing to undo") }
            session.print(session.state.network.map { "undone: " + session.describe($0) } ?? "undone")
        },
        Command("reset", group: "General", usage: "reset",
                summary: "forget the network, data and settings (undo brings them back)",
                example: "reset", changesState: true) { session, args in
            try args.expectAtMost(0, usage: "reset")
            session.state = LabState()
            session.resetTrainer()
            session.print("reset: no network, no data, default settings")
        },
        Command("quit", group: "General", aliases: ["exit"], usage: "quit",
                summary: "leave bplab (Ctrl-D does too)", example: "quit") { session, args in
            try args.expectAtMost(0, usage: "quit")
            session.quitRequested = true
        },
    ]
}

/// Help text, generated from the command table.
public enum Help {
    public static let groupOrder = ["Data", "Network", "Train", "Derivatives", "Plots", "Sessions", "General"]

    public static func overview(_ commands: [Command]) -> [String] {
        var lines = ["bplab — build, train and question small neural networks. `help COMMAND` for details."]
        let groups = groupOrder + Set(commands.map(\.group)).subtracting(groupOrder).sorted()
        for group in groups {
            let members = commands.filter { $0.group == group }
            guard !members.isEmpty else { continue }
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
        let groups = groupOrder + Set(commands.map(\.group)).subtracting(groupOrder).sorted()
        for group in groups {
            let members = commands.filter { $0.group == group }
            guard !members.isEmpty else { continue }
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
                [option.key + "=", option.summary + (option.values.isEmpty ? "" : " (\(option.values.joined(separator: ", ")))")]
            }, indent: "  ")
        }
        if !command.aliases.isEmpty { lines.append("also: \(command.aliases.joined(separator: ", "))") }
        lines.append("example: \(command.example)")
        return lines
    }
}
