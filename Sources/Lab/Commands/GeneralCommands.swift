/// help, history, undo, reset, quit.
enum GeneralCommands {
    static let all: [Command] = [
        Command("help", group: "General", aliases: ["?"], syntax: "help [COMMAND]",
                summary: "list the commands, or explain one", example: "help train",
                completion: .at(.commands)) { session, args in
            try args.expectAtMost(1)
            guard let word = args.words.first else {
                session.print(lines: Help.overview(session.commands))
                return
            }
            guard let command = session.lookup(word.text) else {
                var message = "no command '\(word.text)'"
                if let guess = session.suggestion(for: word.text) { message += " (did you mean '\(guess)'?)" }
                throw LabError(message)
            }
            session.print(lines: Help.page(command))
        },
        Command("history", group: "General", syntax: "history [N]",
                summary: "the lines entered in this session (the last N)", example: "history 10") { session, args in
            try args.expectAtMost(1)
            let all = session.lineHistory.dropLast()  // not this `history` line itself
            let n = try args.int(at: 0, name: "N", default: all.count, in: 0...Int.max)
            let first = max(all.count - n, 0)
            for (k, line) in all.enumerated().dropFirst(first) {
                session.print("\(String(repeating: " ", count: max(0, 4 - String(k + 1).count)))\(k + 1)  \(line)")
            }
        },
        Command("undo", group: "General", syntax: "undo",
                summary: "put the network and data back as they were before the last command that changed them",
                example: "undo") { session, args in
            try args.expectAtMost(0)
            let step = try session.undo()
            session.print("undone: \(Arguments.clip(step.command, to: 60))")
            for part in step.restores {
                switch part {
                case .network: session.print("  restored: " + (session.state.network.map(session.describe) ?? "no network"))
                case .data: session.print("  restored: " + (session.state.data.map { "data \($0.source): \(session.dataSummary($0))" } ?? "no data"))
                }
            }
        },
        Command("reset", group: "General", syntax: "reset",
                summary: "forget the network, data and settings (undo brings them back)",
                example: "reset", changesState: true) { session, args in
            try args.expectAtMost(0)
            session.state = LabState()
            session.resetTrainer()
            session.print("reset: no network, no data, default settings")
        },
        Command("quit", group: "General", aliases: ["exit"], syntax: "quit",
                summary: "leave bplab (Ctrl-D does too)", example: "quit") { session, args in
            try args.expectAtMost(0)
            session.quitRequested = true
        },
    ]
}
