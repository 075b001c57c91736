import BackpropCore

/// Tab completion from the command table: command names first, then each
/// command's words (plot kinds, data sets, activations…), its `key=` options
/// and their values, the current network's parameter names, or file paths.
public enum Completion {
    public enum Result: Equatable, Sendable {
        /// Replacements for the word being completed.
        case words([String])
        /// Let the line editor complete a file path.
        case files
    }

    /// Candidates for `word`, the partial word that ends `linePrefix` (the line up to the cursor).
    public static func candidates(linePrefix: String, word: String, session: Session) -> Result {
        // Only the command after the last `;` matters.
        let current = linePrefix.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let before = current.dropLast(word.count).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = before.first else {
            let names = session.commands.flatMap { [$0.name] + $0.aliases }.filter { $0.first?.isLetter == true }
            return .words(names.filter { $0.hasPrefix(word) }.sorted())
        }
        guard let command = session.lookup(name) else { return .words([]) }
        // `key=value` being typed: readline splits at `=`, so `word` is the value.
        if current.dropLast(word.count).hasSuffix("="),
           let key = current.dropLast(word.count + 1).split(separator: " ").last.map(String.init),
           let option = command.options.first(where: { $0.key == key }) {
            return option.values.isEmpty ? .files : .words(option.values.filter { $0.hasPrefix(word) })
        }
        if command.name == "help" {
            return .words(session.commands.map(\.name).filter { $0.hasPrefix(word) })
        }
        var candidates = options(of: command, matching: word, given: before)
        switch words(for: command.completion, session: session) {
        case .files where candidates.isEmpty: return .files
        case .files: break
        case .words(let words): candidates = words.filter { $0.hasPrefix(word) } + candidates
        }
        return .words(candidates)
    }

    private static func options(of command: Command, matching word: String, given words: [String]) -> [String] {
        command.options.map { $0.key + "=" }
            .filter { key in key.hasPrefix(word) && !words.contains { $0.hasPrefix(key) } }
    }

    private static func words(for completion: WordCompletion, session: Session) -> Result {
        switch completion {
        case .none: return .words([])
        case .choices(let words): return .words(words)
        case .files: return .files
        case .parameters: return .words(parameterStems(session.state.network))
        case .either(let kinds):
            var all: [String] = []
            for kind in kinds {
                switch words(for: kind, session: session) {
                case .files: if all.isEmpty { return .files }
                case .words(let words): all += words
                }
            }
            return .words(all)
        }
    }

    /// `w1[`, `b1[`, `w1`, `b1`, … for every layer, and `x[`.
    static func parameterStems(_ network: Network?) -> [String] {
        guard let network, network.depth > 0 else { return [] }
        return (1...network.depth).flatMap { ["w\($0)[", "b\($0)[", "w\($0)", "b\($0)"] } + ["x["]
    }
}
