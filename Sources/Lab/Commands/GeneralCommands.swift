/// help, history, undo, reset, quit.
enum GeneralCommands {
    static let all: [Command] = [
        Command("help", group: "General", aliases: ["?"], syntax: "help [COMMAND|all|notation]",
                summary: "list the commands, or explain one", example: "help train",
                completion: .at(.either([.commands, .choices(Help.topics)]))) { context, args in
            try args.expectAtMost(1)
            guard let word = args.words.first else {
                context.printPaged(Help.overview(context.commands))
                return
            }
            switch word.text.lowercased() {
            case "all": return context.printPaged(Help.everyCommand(context.commands))
            case "notation": return context.printPaged(Help.notation)
            default: break
            }
            guard let command = context.lookup(word.text) else {
                var message = "no command '\(word.text)'"
                if let guess = context.suggestion(for: word.text) { message += " (did you mean '\(guess)'?)" }
                throw LabError(message)
            }
            context.printPaged(Help.page(command))
        },
        Command("history", group: "General", syntax: "history [N]",
                summary: "the lines entered in this session (the last N)", example: "history 10") { context, args in
            try args.expectAtMost(1)
            let all = context.lineHistory.dropLast()  // not this `history` line itself
            let n = try args.int(at: 0, name: "N", default: all.count, in: 0...Int.max)
            let first = max(all.count - n, 0)
            for (k, line) in all.enumerated().dropFirst(first) {
                context.print("\(String(repeating: " ", count: max(0, 4 - String(k + 1).count)))\(k + 1)  \(line)")
            }
        },
        Command("undo", group: "General", syntax: "undo",
                summary: "put the network and data back as they were before the last command that changed them",
                example: "undo") { context, args in
            try args.expectAtMost(0)
            let step = try context.undo()
            context.print("undone: \(Arguments.clip(step.command, to: 60))")
            for part in step.restores {
                switch part {
                case .network: context.print("  restored: " + (context.state.network.map(context.describe) ?? "no network"))
                case .data: context.print("  restored: " + (context.state.data.map { "data \($0.source): \(context.dataSummary($0))" } ?? "no data"))
                }
            }
        },
        Command("reset", group: "General", syntax: "reset",
                summary: "forget the network, data and settings (undo brings them back)",
                example: "reset", changesState: true) { context, args in
            try args.expectAtMost(0)
            context.state = LabState()
            context.resetTrainer()
            context.print("reset: no network, no data, default settings")
        },
        Command("quit", group: "General", aliases: ["exit"], syntax: "quit",
                summary: "leave bplab (Ctrl-D does too)", example: "quit") { context, args in
            try args.expectAtMost(0)
            context.requestQuit()
        },
    ]
}
