import BackpropCore
import Foundation

/// save, replay: sessions and models as files (`load model` lives with `load`).
enum SessionCommands {
    static let overwrite = OptionSpec("overwrite", "replace an existing file", .flag)
    static let loadModelForm = UsageForm("load model FILE.json")

    /// `load model FILE.json` (dispatched from `load`).
    static func loadModel(_ context: CommandContext, _ args: Arguments) throws {
        try args.expectAtMost(2, usage: loadModelForm.text)
        guard args.words.count == 2 else { throw LabError("usage: \(loadModelForm.text)") }
        let path = context.resolve(args.words[1].text)
        // Decoding peaks at about 2.4 bytes a byte of the file (measured on a
        // 1.1 GB model of 49M weights: the text, the decoder's index, the numbers).
        let data = try FileReader.data(at: path, shownAs: context.displayPath(path), what: "a model file",
                                       limit: context.memoryBudget / 4)
        let network: Network
        do { network = try ModelFile.decode(data) } catch {
            throw LabError("\(context.displayPath(path)): \(error.userMessage)")
        }
        context.state.network = network
        context.state.weights = WeightHistory(.loaded(context.displayPath(path)))
        context.state.networkKeepsMapping = true
        context.state.trainingHistory = []
        context.state.focus = nil
        context.resetTrainer()
        context.print("loaded \(context.describe(network))")
        context.print(lines: context.inputLines(network))
        // The data, if any, now reaches the network as the model says.
        if let data = context.state.data, let notice = try context.install(data) { context.print(notice) }
    }

    /// `save session NAME` writes sessions/NAME.bpl in the session's folder,
    /// and NAME is only a name: ASCII letters, digits, `-`, `_` and `.`,
    /// starting with a letter or digit, no `..`, not ending in `.`, at most
    /// `nameLimit` long. A path (`sub/x`, `../up`) or a file name (`x.bpl`)
    /// is refused, saying what to type, so a session never lands elsewhere.
    static func sessionFile(_ name: String, column: Int) throws -> String {
        let shown = Arguments.clip(Printable.text(name))
        if name.hasSuffix(".bpl") && name.count > 4 {
            let bare = Arguments.clip(Printable.text(String(name.dropLast(4))))
            throw LabError("column \(column): '\(shown)' is a file name; give the session's name without .bpl "
                           + "(`save session \(bare)` writes sessions/\(bare).bpl)")
        }
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
        guard let first = name.unicodeScalars.first, CharacterSet.alphanumerics.contains(first), allowed,
              !name.contains(".."), !name.hasSuffix("."), name.count <= nameLimit else {
            let why = name.contains("/") ? " (a name, not a path: sessions go to sessions/)" : ""
            throw LabError("column \(column): '\(shown)' is not a session name\(why): use letters, digits, '-', '_' and '.', "
                           + "starting with a letter or digit, at most \(nameLimit) long (e.g. my-xor)")
        }
        return "sessions/\(name).bpl"
    }

    /// The longest session name: far inside any file system's 255 bytes a name.
    static let nameLimit = 100

    static let all: [Command] = [
        Command("save", group: "Sessions", forms: [UsageForm("save session NAME", [overwrite]), UsageForm("save model FILE.json", [overwrite])],
                summary: "write this session's transcript (sessions/NAME.bpl) or the model as JSON",
                example: "save session my-xor",
                details: "NAME is a name, not a path: letters, digits, -, _ and . (starting with a letter or digit, no .., at most \(nameLimit) long); the file is always sessions/NAME.bpl in the session's folder. Files are written atomically and never over an existing file unless overwrite=yes; bplab makes missing folders only inside the session's folder. The model file format is described in the README. A saved session replays from its file: when the commands ran in another folder than the one it is saved in, a line before them says which (`# bplab: file names are relative to ..`).",
                options: [overwrite],
                completion: .after { $0.isEmpty ? .choices(["session", "model"]) : $0.map { $0.lowercased() } == ["model"] ? .files : .none }) { context, args in
            try args.expectAtMost(2)
            guard args.words.count == 2 else { throw LabError("usage: \(args.usage)") }
            let what = args.words[0].text.lowercased(), target = args.words[1].text
            let replace = try args.flag("overwrite", default: false)
            switch what {
            case "session":
                let path = context.resolve(try sessionFile(target, column: args.words[1].column))
                // The record so far, without this save command itself; file names
                // stay relative to where the commands ran (a directory line says where).
                let text = context.record.render(relativeTo: (path as NSString).deletingLastPathComponent)
                try FileWriter.write(Data(text.utf8), to: context.writeTarget(path, overwrite: replace))
                context.print("saved \(Format.count(context.record.commands.count, "command")) to \(context.displayPath(path))")
            case "model":
                let network = try context.requireNetwork()
                let path = context.resolve(target)
                let target = try context.writeTarget(path, overwrite: replace)
                try FileWriter.write(to: target) { put in
                    try ModelFile.write(network) { piece in
                        if context.stopRequested() { throw LabError.stopped }
                        try put(Data(piece.utf8))
                    }
                }
                context.print("saved the model (\(Format.count(network.parameters.count, "parameter"))) to \(context.displayPath(path))")
            default:
                throw LabError("column \(args.words[0].column): save what? `save session NAME` or `save model FILE.json`")
            }
        },
        Command("replay", group: "Sessions", syntax: "replay FILE [step] [check]",
                summary: "run a transcript's commands as if typed; step waits for Enter, check compares outputs",
                example: "replay sessions/xor.bpl step",
                details: "check prints a unified diff for every output that differs from the recording; the files the transcript writes go to a temporary folder and are compared with those of the same name beside it (not PDFs), so a check changes nothing. File names resolve against the transcript's folder (or the folder its directory line names); the transcript writes only there, replaces (without overwrite=yes) only the files its recording says it wrote, and never writes a transcript being replayed. Replays nest at most \(Replay.maximumDepth) deep; one that would replay itself is refused. The replayed commands are recorded as if typed (a saved session holds them, not the replay line).",
                completion: .after { $0.isEmpty ? .filesEnding(["bpl"]) : .choices(["step", "check"]) }, changesState: true) { context, args in
            try args.expectAtMost(2)
            guard let file = args.words.first else { throw args.missing("transcript file") }
            var mode = Replay.Mode.show
            for word in args.words.dropFirst() {
                switch word.text.lowercased() {
                case "step": mode = .step
                case "check": mode = .check
                default: throw LabError("column \(word.column): expected step or check, got '\(Arguments.clip(word.text))'")
                }
            }
            let result = try context.replay(file: context.resolve(file.text), mode: mode)
            if mode == .check && result.differences > 0 {
                throw LabError("\(result.differences) of \(Format.count(result.commands, "output")) differ from the recording")
            }
        },
    ]
}
