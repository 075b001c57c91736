import BackpropCore
import Foundation

/// `set`: one parameter, a whole layer's weights or biases, or a setting.
enum SetCommand {
    static let forms = [UsageForm("set PARAM = VALUE"), UsageForm("set w1 = [[…],[…]]"), UsageForm("set b1 = VALUE"),
                        UsageForm("set SETTING [VALUE]")]
    static let settings = SettingOptions.all

    static func setting(named name: String) -> OptionSpec? { SettingOptions.named(name) }

    static let all: [Command] = [
        Command("set", group: "Network", forms: forms,
                summary: "change one weight or bias, a whole layer, or a setting (a setting alone shows its value)",
                example: "set w2[1,2] = 0.5",
                details: """
                Parameters: w2[1,2] (weight from neuron 1 of layer 1 to neuron 2 of layer 2), b1[3]; \
                `set b1 = 0.35` sets every bias of layer 1; `set w1 = [[0.15, 0.25], [0.2, 0.3]]` a whole \
                layer (rows i = from, columns j = to; commas or blanks between numbers: \
                `[[.15 .25] [.2 .3]]`); the spaces around = are optional (`set b1=0.35`). \
                Settings: \(settings.map(\.key).joined(separator: ", ")); several at once as \
                `set lr=0.5 batch=4` (all are checked before any changes).
                """,
                options: settings,
                optionsAfter: optionsAfter,
                completion: .after { words in
                    guard let last = assignments(words.map { Token($0, column: 0) }).last else {
                        return .either([.parameters, .choices(settings.map(\.key))])
                    }
                    // After `set opt ` or `set opt= ` comes a value; after a whole assignment, options.
                    return last.value == nil ? .choices(setting(named: last.name.text)?.values ?? []) : .none
                },
                // Settings are words too, not options, so that `set lr= 0.5` pairs lr with 0.5
                // as `set w1= 0.5` does; only an unknown `key=` is left to the options' error.
                wordKeys: { looksLikeParameter($0) || setting(named: $0) != nil }, changesState: true) { context, args in
            // `set lr` shows lr; `set lr=` is a missing value.
            if args.words.count == 1, let shown = setting(named: args.words[0].text) {
                context.print("\(shown.key) = \(shown.setting?.read(context.state.settings) ?? "")")
                return
            }
            let given = assignments(args.words)
            guard !given.isEmpty else { throw LabError("usage: \(args.usage)") }
            var changes: [(setting: OptionSpec, value: Token)] = []
            var parameter: (target: Token, value: Token)?
            for assignment in given {
                let (name, value) = (assignment.name, assignment.value)
                let named = setting(named: name.text)
                guard named != nil || looksLikeParameter(name.text) else { throw unknownName(name) }
                guard let value else { throw LabError("column \(name.column): missing value for \(name.text) (usage: \(args.usage))") }
                if let named {
                    guard !changes.contains(where: { $0.setting.key == named.key }) else {
                        throw LabError("column \(name.column): \(named.key) given twice")
                    }
                    changes.append((named, value))
                } else {
                    guard parameter == nil else { throw LabError("column \(name.column): one parameter at a time (usage: \(args.usage))") }
                    parameter = (name, value)
                }
            }
            // Every setting is checked before any is applied or printed.
            var updated = context.state.settings
            for (setting, token) in changes {
                let value = try setting.parse(token.text, name: setting.key, column: token.column)
                do { try setting.setting?.write(&updated, value) } catch {
                    throw LabError("column \(token.column): \(error.userMessage)")
                }
            }
            context.state.settings = updated
            if let parameter { try context.setParameter(parameter.target, to: parameter.value) }
            for (setting, _) in changes { context.print("\(setting.key) = \(setting.setting?.read(updated) ?? "")") }
        },
    ]

    /// The `key=` options completion offers after `set`'s `words`: the settings not yet
    /// given, while every word so far sets a setting (`set lr=0.5 ` offers `batch=`, not
    /// `batch`); after `opt=` only opt, whose values come next; after `lr ` or a parameter none.
    static func optionsAfter(_ words: [String]) -> [OptionSpec] {
        let given = assignments(words.map { Token($0, column: 0) })
        let names = given.compactMap { setting(named: $0.name.text)?.key }
        guard names.count == given.count else { return [] }
        if given.last?.value == nil, let last = names.last {
            return words.last?.hasSuffix("=") == true ? settings.filter { $0.key == last } : []
        }
        return settings.filter { !names.contains($0.key) }
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
        if let guess = EditDistance.closest(to: word.text, in: settings.map(\.key)) { message += " (did you mean '\(guess)'?)" }
        return LabError(message + "; settings: \(settings.map(\.key).joined(separator: ", "))")
    }
}

extension CommandContext {
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
        let shape = reference.shape(in: network)
        if value.text.hasPrefix("[") {
            values = try CommandContext.matrixValues(value, rows: shape.rows, columns: shape.columns, name: target.text)
        } else {
            let x = try Arguments.parseDouble(value.text, name: "value", column: value.column)
            values = Array(repeating: x, count: indices.count)
        }
        let old = indices.map { network.parameters[$0] }
        for (k, index) in indices.enumerated() { network.parameters[index] = values[k] }
        state.network = network
        state.weights?.setByHand = true
        if indices.count == 1 {
            print("\(reference) = \(format(values[0]))  (was \(format(old[0])))")
        } else {
            print("\(reference) set: \(Format.count(indices.count, "value"))")
        }
    }

    /// The numbers of a bracket literal for a parameter of the given shape:
    /// `[[a, b], [c, d]]` (rows), or a plain list `[a, b]` for one row, one column or a bias vector.
    static func matrixValues(_ token: Token, rows: Int, columns: Int, name: String) throws -> [Double] {
        guard case let .list(elements, _) = try BracketLiteral.parse(token, name: "\(name) value") else { return [] }
        let numbers = elements.compactMap { if case let .number(x, _) = $0 { x } else { nil } }
        if numbers.count == elements.count {
            guard numbers.count == rows * columns, rows == 1 || columns == 1 else {
                throw LabError("column \(token.column): \(name) is \(rows)×\(columns); the value has \(numbers.count) numbers")
            }
            return numbers
        }
        var matrix: [[Double]] = []
        for element in elements {
            guard case let .list(row, column) = element else {
                if case let .number(_, column) = element {
                    throw LabError(at: column, "a number among rows; expected numbers like \(BracketLiteral.example)")
                }
                continue
            }
            let values = row.compactMap { if case let .number(x, _) = $0 { x } else { nil } }
            guard values.count == row.count else {
                throw LabError(at: column, "\(name) takes rows of numbers, not deeper brackets (like \(BracketLiteral.example))")
            }
            matrix.append(values)
        }
        guard matrix.count == rows, matrix.allSatisfy({ $0.count == columns }) else {
            throw LabError("column \(token.column): \(name) is \(rows)×\(columns); the value has \(matrix.count) rows of \(matrix.map { String($0.count) }.joined(separator: "/")) values")
        }
        return matrix.flatMap { $0 }
    }
}
