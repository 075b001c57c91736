import BackpropCore
import Foundation

/// Tab completion from the command table: command names first, then each
/// command's words for the position being typed (plot kinds, data sets,
/// activations, the values of a setting…), its `key=` options and their
/// values, the current network's parameter names, and file paths.
public enum Completion {
    /// Replacements for `word`, the partial word that ends `linePrefix` (the line up to the cursor).
    public static func candidates(linePrefix: String, word: String, session: Session) -> [String] {
        // Only the command after the last `;` matters.
        let current = linePrefix.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let typed = current.dropLast(word.count)
        let before = typed.split(separator: " ").map(String.init)
        guard let name = before.first else {
            let names = session.commands.flatMap { [$0.name] + $0.aliases }.filter { $0.first?.isLetter == true }
            return names.filter { $0.hasPrefix(word) }.sorted()
        }
        guard let command = session.lookup(name) else { return [] }
        let positional = Array(before.dropFirst().filter { !command.isOption(Token($0, column: 0)) })
        let options = command.options(after: positional)
        // A value after `=` (readline splits there, so `word` is the value):
        // the option's values, never words or options (`set w1[1,1]=`).
        if typed.hasSuffix("=") {
            let key = typed.dropLast().split(separator: " ").last.map(String.init)
            return options.first { $0.key == key }?.values.filter { $0.hasPrefix(word) } ?? []
        }
        let words = matches(command.completion, given: positional, word: word, session: session)
        // Options come where no word of this position fits (`set opt ` wants
        // an optimizer, not `lr=`), and an option already given is not offered again.
        guard words.isEmpty else { return words }
        return options.map { $0.key + "=" }.filter { key in key.hasPrefix(word) && !before.contains { $0.hasPrefix(key) } }
    }

    private static func matches(_ kind: WordCompletion, given words: [String], word: String, session: Session) -> [String] {
        switch kind {
        case .none: return []
        case .choices(let choices): return choices.filter { $0.hasPrefix(word) }
        case .parameters: return parameterNames(matching: word, session.state.network, inputs: false)
        case .parametersAndInputs: return parameterNames(matching: word, session.state.network, inputs: true)
        case .layerValues: return layerValues(session.state.network).filter { $0.hasPrefix(word) }
        case .files: return paths(matching: word, session: session)
        case .filesEnding(let extensions):
            return paths(matching: word, session: session).filter { path in
                path.hasSuffix("/") || extensions.contains { path.lowercased().hasSuffix("." + $0) }
            }
        case .commands: return session.commands.map(\.name).filter { $0.hasPrefix(word) }
        case .layers: return layers(matching: word)
        case .either(let kinds): return kinds.flatMap { matches($0, given: words, word: word, session: session) }
        case .after(let choose): return matches(choose(words), given: words, word: word, session: session)
        }
    }

    /// `w1[`, `b1[`, `w1`, `b1`, … for every layer (and `x[` with `inputs`);
    /// once a `[` is typed, the indices of the network's own shape: `w1[` →
    /// `w1[1,` `w1[2,`, then `w1[1,` → `w1[1,1]` `w1[1,2]`; `b2[` → `b2[1]`.
    static func parameterNames(matching word: String, _ network: Network?, inputs: Bool) -> [String] {
        guard let network, network.depth > 0 else { return [] }
        guard let bracket = word.firstIndex(of: "[") else {
            let stems = (1...network.depth).flatMap { ["w\($0)[", "b\($0)[", "w\($0)", "b\($0)"] } + (inputs ? ["x["] : [])
            return stems.filter { $0.hasPrefix(word) }
        }
        let stem = word[..<bracket].lowercased(), inside = word[word.index(after: bracket)...]
        let kind = stem.first, layer = Int(stem.dropFirst())
        let names: [String]
        switch (kind, layer) {
        case ("x", nil) where stem == "x" && inputs:
            names = (1...max(network.inputSize, 1)).map { "x[\($0)]" }
        case ("b", let l?) where (1...network.depth).contains(l):
            names = (1...network.layers[l - 1].outputs).map { "b\(l)[\($0)]" }
        case ("w", let l?) where (1...network.depth).contains(l):
            let shape = network.layers[l - 1]
            if let comma = inside.firstIndex(of: ","), let i = Int(inside[..<comma]), (1...shape.inputs).contains(i) {
                names = (1...shape.outputs).map { "w\(l)[\(i),\($0)]" }
            } else {
                names = (1...shape.inputs).map { "w\(l)[\($0)," }
            }
        default:
            return []
        }
        return names.filter { $0.hasPrefix(word.lowercased()) }
    }

    /// `a0`…`aL`, `z1`…`zL`, `d1`…`dL`: what `show` prints of the last forward pass.
    static func layerValues(_ network: Network?) -> [String] {
        guard let network, network.depth > 0 else { return [] }
        return ["a0"] + (1...network.depth).flatMap { ["z\($0)", "a\($0)", "d\($0)"] }
    }

    /// `8:ta` → `8:tanh`; a bare size `8` (or `8x3`) → `8:` with each activation.
    static func layers(matching word: String) -> [String] {
        let parts = word.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let size = parts.first, size.first?.isNumber == true, size.allSatisfy({ $0.isNumber || "xX×".contains($0) }) else { return [] }
        let activation = parts.count == 2 ? String(parts[1]) : ""
        return NetworkCommands.activationNames.filter { $0.hasPrefix(activation) }.map { "\(size):\($0)" }
    }

    /// Entries of the folder `word` names (relative to the session's folder),
    /// kept as typed before the last `/`; folders end in `/`. Hidden entries
    /// only when the typed name starts with a dot.
    static func paths(matching word: String, session: Session) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folderAsTyped = slash.map { String(word[...$0]) } ?? ""
        let namePrefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let folder = session.resolve(folderAsTyped.isEmpty ? "." : folderAsTyped)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePrefix) && ($0.first != "." || namePrefix.first == ".") }.sorted().map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return folderAsTyped + name + (isFolder.boolValue ? "/" : "")
        }
    }
}
