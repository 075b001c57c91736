import BackpropCore
import Foundation

/// `set`: one parameter, a whole layer's weights or biases, or a setting.
enum SetCommand {
    /// A setting `set NAME VALUE` changes, with how to parse and show it.
    struct Setting: Sendable {
        var name: String
        var summary: String
        var values: [String] = []
        var apply: @Sendable (inout Settings, Token) throws -> Void
        var show: @Sendable (Settings) -> String
    }

    static let settings: [Setting] = [
        Setting(name: "precision", summary: "significant digits of printed numbers (1…17)",
                apply: { $0.precision = try Arguments.parseInt($1.text, name: "precision", column: $1.column, in: 1...17) },
                show: { "\($0.precision)" }),
        Setting(name: "lr", summary: "learning rate of train and step",
                apply: { $0.learningRate = try Arguments.parseDouble($1.text, name: "lr", column: $1.column, in: Double.leastNonzeroMagnitude...1e6) },
                show: { Format.number($0.learningRate) }),
        Setting(name: "batch", summary: "minibatch size of train",
                apply: { $0.batchSize = try Arguments.parseInt($1.text, name: "batch", column: $1.column, in: 1...100_000_000) },
                show: { "\($0.batchSize)" }),
        Setting(name: "epochs", summary: "epochs of train when not given",
                apply: { $0.epochs = try Arguments.parseInt($1.text, name: "epochs", column: $1.column, in: 0...10_000_000) },
                show: { "\($0.epochs)" }),
        Setting(name: "opt", summary: "optimizer of train", values: OptimizerKind.allCases.map(\.rawValue),
                apply: { settings, token in
                    do { settings.optimizer = try OptimizerKind(name: token.text) } catch {
                        throw LabError("column \(token.column): \(error.userMessage)")
                    }
                },
                show: { $0.optimizer.rawValue }),
        Setting(name: "momentum", summary: "μ of momentum and nesterov (0 ≤ μ < 1)",
                apply: { $0.momentum = try Arguments.parseDouble($1.text, name: "momentum", column: $1.column, in: 0...0.999999) },
                show: { Format.number($0.momentum) }),
        Setting(name: "l1", summary: "L1 penalty on weights",
                apply: { $0.l1 = try Arguments.parseDouble($1.text, name: "l1", column: $1.column, in: 0...1e6) },
                show: { Format.number($0.l1) }),
        Setting(name: "l2", summary: "L2 penalty on weights",
                apply: { $0.l2 = try Arguments.parseDouble($1.text, name: "l2", column: $1.column, in: 0...1e6) },
                show: { Format.number($0.l2) }),
        Setting(name: "seed", summary: "seed of weight initialisation",
                apply: { $0.seed = try Arguments.parseSeed($1.text, name: "seed", column: $1.column) },
                show: { "\($0.seed)" }),
        Setting(name: "shuffle-seed", summary: "seed of the per-epoch shuffle",
                apply: { $0.shuffleSeed = try Arguments.parseSeed($1.text, name: "shuffle-seed", column: $1.column) },
                show: { "\($0.shuffleSeed)" }),
        Setting(name: "terminal", summary: "where plots go: auto (sixel or text), dumb, sixel, png, svg, pdf",
                values: TerminalSetting.allCases.map(\.rawValue),
                apply: { settings, token in
                    guard let value = TerminalSetting(rawValue: token.text.lowercased()) else {
                        throw LabError("column \(token.column): terminal must be auto, dumb, sixel, png, svg or pdf, got '\(Arguments.clip(token.text))'")
                    }
                    settings.terminal = value
                },
                show: { $0.terminal.rawValue }),
        Setting(name: "sixel", summary: "may `auto` draw sixel graphics: auto (ask the terminal), yes, no",
                values: SixelSetting.allCases.map(\.rawValue),
                apply: { settings, token in
                    guard let value = SixelSetting(rawValue: token.text.lowercased()) else {
                        throw LabError("column \(token.column): sixel must be auto, yes or no")
                    }
                    settings.sixel = value
                },
                show: { $0.sixel.rawValue }),
    ]

    static let usage = "set PARAM = VALUE | set w1 = [[…],[…]] | set b1 = VALUE | set SETTING [VALUE]"

    /// Settings as options, for `set lr=0.5 batch=4`.
    static let settingOptions = settings.map { OptionSpec($0.name, $0.summary, values: $0.values) }

    static func setting(named name: String) -> Setting? {
        settings.first { $0.name == name.lowercased() }
    }

    static let all: [Command] = [
        Command("set", group: "Network", usage: usage,
                summary: "change one weight or bias, a whole layer, or a setting (a setting alone shows its value)",
                example: "set w2[1,2] = 0.5",
                details: """
                Parameters: w2[1,2] (weight from neuron 1 of layer 1 to neuron 2 of layer 2), b1[3]; \
                `set b1 = 0.35` sets every bias of layer 1; `set w1 = [[0.15, 0.25], [0.2, 0.3]]` a whole \
                layer (rows i = from, columns j = to); the spaces around = are optional (`set b1=0.35`). \
                Settings: \(settings.map(\.name).joined(separator: ", ")); several at once as \
                `set lr=0.5 batch=4` (all are checked before any changes).
                """,
                options: settingOptions,
                optionsAfter: optionsAfter,
                completion: .after { words in
                    guard let last = assignments(words.map { Token($0, column: 0) }).last else {
                        return .either([.parameters, .choices(settings.map(\.name))])
                    }
                    // After `set opt ` or `set opt= ` comes a value; after a whole assignment, options.
                    return last.value == nil ? .choices(setting(named: last.name.text)?.values ?? []) : .none
                },
                // Settings are words too, not options, so that `set lr= 0.5` pairs lr with 0.5
                // as `set w1= 0.5` does; only an unknown `key=` is left to the options' error.
                wordKeys: { looksLikeParameter($0) || setting(named: $0) != nil }, changesState: true) { session, args in
            // `set lr` shows lr; `set lr=` is a missing value.
            if args.words.count == 1, let shown = setting(named: args.words[0].text) {
                session.print("\(shown.name) = \(shown.show(session.state.settings))")
                return
            }
            let given = assignments(args.words)
            guard !given.isEmpty else { throw LabError("usage: \(usage)") }
            var changes: [(setting: Setting, value: Token)] = []
            var parameter: (target: Token, value: Token)?
            for assignment in given {
                let (name, value) = (assignment.name, assignment.value)
                let named = setting(named: name.text)
                guard named != nil || looksLikeParameter(name.text) else { throw unknownName(name) }
                guard let value else { throw LabError("column \(name.column): missing value for \(name.text) (usage: \(usage))") }
                if let named {
                    guard !changes.contains(where: { $0.setting.name == named.name }) else {
                        throw LabError("column \(name.column): \(named.name) given twice")
                    }
                    changes.append((named, value))
                } else {
                    guard parameter == nil else { throw LabError("column \(name.column): one parameter at a time (usage: \(usage))") }
                    parameter = (name, value)
                }
            }
            // Every setting is checked before any is applied or printed.
            var updated = session.state.settings
            for change in changes { try change.setting.apply(&updated, change.value) }
            session.state.settings = updated
            if let parameter { try session.setParameter(parameter.target, to: parameter.value) }
            for change in changes { session.print("\(change.setting.name) = \(change.setting.show(updated))") }
        },
    ]

    /// The `key=` options completion offers after `set`'s `words`: the settings not yet
    /// given, while every word so far sets a setting (`set lr=0.5 ` offers `batch=`, not
    /// `batch`); after `opt=` only opt, whose values come next; after `lr ` or a parameter none.
    static func optionsAfter(_ words: [String]) -> [OptionSpec] {
        let given = assignments(words.map { Token($0, column: 0) })
        let names = given.compactMap { setting(named: $0.name.text)?.name }
        guard names.count == given.count else { return [] }
        if given.last?.value == nil, let last = names.last {
            return words.last?.hasSuffix("=") == true ? settingOptions.filter { $0.key == last } : []
        }
        return settingOptions.filter { !names.contains($0.key) }
    }

    /// One `NAME VALUE` of a `set` line; no value when the line ends first.
    struct Assignment {
        var name: Token
        var value: Token?
    }

    /// `set`'s words as assignments: `NAME VALUE`, or `NAME = VALUE` with or without the
    /// spaces (`lr=0.5`, `lr= 0.5`, `lr =0.5`). A word followed by `=` names the next
    /// assignment rather than being a value: `set lr= batch=4` leaves lr without one.
    static func assignments(_ words: [Token]) -> [Assignment] {
        var rest = words.flatMap(splitAtEquals)[...]
        var result: [Assignment] = []
        while let name = rest.popFirst() {
            if rest.first?.text == "=" { rest.removeFirst() }
            var value: Token?
            if let next = rest.first, next.text != "=", rest.dropFirst().first?.text != "=" { value = rest.popFirst() }
            result.append(Assignment(name: name, value: value))
        }
        return result
    }

    /// `w1=0.5` as the words of `w1 = 0.5`: the spaces around `=` are optional.
    /// The value loses its quotes as an option's does (`set terminal='png'`).
    static func splitAtEquals(_ word: Token) -> [Token] {
        let text = word.text
        guard text != "=", let eq = text.firstIndex(of: "=") else { return [word] }
        let column = word.column + text.distance(from: text.startIndex, to: eq)
        let value = word.option?.value ?? String(text[text.index(after: eq)...])
        return [Token(String(text[..<eq]), column: word.column), Token("=", column: column),
                Token(value, column: column + 1)].filter { !$0.text.isEmpty }
    }

    /// `w2[1,2]`, `b1`, `x[1]`…: a weight, bias or input name, valid or not
    /// (the parameter parser then says what is wrong with it).
    static func looksLikeParameter(_ text: String) -> Bool {
        guard let first = text.lowercased().first, "wbx".contains(first) else { return false }
        return text.dropFirst().first.map { $0.isNumber || $0 == "[" } ?? true
    }

    /// The error for a word that is neither a setting nor a parameter, with the closest setting.
    static func unknownName(_ word: Token) -> LabError {
        var message = "column \(word.column): '\(word.text)' is neither a setting nor a parameter"
        if let guess = EditDistance.closest(to: word.text, in: settings.map(\.name)) { message += " (did you mean '\(guess)'?)" }
        return LabError(message + "; settings: \(settings.map(\.name).joined(separator: ", "))")
    }
}

extension Session {
    /// `w2[1,2] = 0.5`, `b1 = 0.35`, `w1 = [[…],[…]]`, `b1 = [0.1, 0.2]`.
    func setParameter(_ target: Token, to value: Token) throws {
        var network = try requireNetwork()
        let reference: ParameterReference
        do { reference = try ParameterReference(parsing: target.text, in: network) } catch {
            throw LabError("column \(target.column): \(error.userMessage)")
        }
        let indices = reference.parameterIndices(in: network)
        guard !indices.isEmpty else { throw LabError("column \(target.column): \(target.text) cannot be set (inputs come from the data)") }
        let values: [Double]
        if value.text.hasPrefix("[") {
            values = try Session.parseMatrixLiteral(value, rows: reference.shape(in: network).rows,
                                                    columns: reference.shape(in: network).columns, name: target.text)
        } else {
            let x = try Arguments.parseDouble(value.text, name: "value", column: value.column)
            values = Array(repeating: x, count: indices.count)
        }
        let old = indices.map { network.parameters[$0] }
        for (k, index) in indices.enumerated() { network.parameters[index] = values[k] }
        state.network = network
        if indices.count == 1 {
            print("\(reference) = \(format(values[0]))  (was \(format(old[0])))")
        } else {
            print("\(reference) set: \(Format.count(indices.count, "value"))")
        }
    }

    /// `[[a, b], [c, d]]` with the given shape (a plain list `[a, b]` for one row or a bias vector).
    static func parseMatrixLiteral(_ token: Token, rows: Int, columns: Int, name: String) throws -> [Double] {
        let data = Data(token.text.utf8)
        if let matrix = try? JSONDecoder().decode([[Double]].self, from: data) {
            guard matrix.count == rows, matrix.allSatisfy({ $0.count == columns }) else {
                throw LabError("column \(token.column): \(name) is \(rows)×\(columns); the value has \(matrix.count) rows of \(matrix.map { String($0.count) }.joined(separator: "/")) values")
            }
            return matrix.flatMap { $0 }
        }
        if let vector = try? JSONDecoder().decode([Double].self, from: data) {
            guard vector.count == rows * columns, rows == 1 || columns == 1 else {
                throw LabError("column \(token.column): \(name) is \(rows)×\(columns); the value has \(vector.count) numbers")
            }
            return vector
        }
        throw LabError("column \(token.column): expected numbers like [[0.15, 0.25], [0.2, 0.3]] or [0.35, 0.35], got '\(Arguments.clip(token.text))'")
    }
}
