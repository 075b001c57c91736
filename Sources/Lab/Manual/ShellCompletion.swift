/// The bash, zsh and fish completion scripts of `bplab`
/// (`--generate-completion-script SHELL`), written from `ProgramInterface`
/// and the command table, so they offer exactly the options the parser
/// takes, the modes `replay` and `serve`, `.bpl` files after `replay`, and
/// the language's commands after `-c`.
public enum ShellCompletion {
    /// The script for `shell` (one of `ProgramInterface.shells`), nil for another.
    public static func script(for shell: String, commands: [Command]) -> String? {
        let names = commands.map(\.name)
        switch shell {
        case "bash": return bash(names)
        case "zsh": return zsh(names)
        case "fish": return fish(names)
        default: return nil
        }
    }

    static let modes = ProgramInterface.modes.filter { !$0.name.isEmpty }

    // MARK: bash

    static func bash(_ commands: [String]) -> String {
        func words(_ kind: ProgramMode.ValueKind?) -> String {
            switch kind {
            case .commands: "COMPREPLY=($(compgen -W \"\(commands.joined(separator: " "))\" -- \"$cur\"))"
            case .choices(let choices): "COMPREPLY=($(compgen -W \"\(choices.joined(separator: " "))\" -- \"$cur\"))"
            case .filesEnding(let extensions):
                "COMPREPLY=($(compgen -d -- \"$cur\") "
                    + extensions.map { "$(compgen -f -X '!*.\($0)' -- \"$cur\")" }.joined(separator: " ") + ")"
            case .files, nil: "COMPREPLY=($(compgen -f -- \"$cur\"))"
            }
        }
        func body(_ mode: ProgramMode, indent: String) -> String {
            var lines: [String] = []
            let valued = mode.options.filter { $0.value != nil }
            if !valued.isEmpty {
                lines.append("case \"$prev\" in")
                for option in valued {
                    lines.append("    \(option.names.joined(separator: "|"))) \(words(option.values)); return ;;")
                }
                lines.append("esac")
            }
            let flags = mode.options.flatMap(\.names).joined(separator: " ")
            lines.append("if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"\(flags)\" -- \"$cur\")); return; fi")
            if mode.name.isEmpty {
                lines.append("if [[ $COMP_CWORD -eq 1 ]]; then")
                lines.append("    \(words(mode.arguments?.kind)); COMPREPLY+=($(compgen -W \"\(modes.map(\.name).joined(separator: " "))\" -- \"$cur\")); return")
                lines.append("fi")
            }
            if let arguments = mode.arguments { lines.append(words(arguments.kind)) }
            return lines.map { indent + $0 }.joined(separator: "\n")
        }
        var script = """
            # bash completion for bplab (bplab --generate-completion-script bash)
            _bplab() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
                COMPREPLY=()
                if [[ $COMP_CWORD -gt 1 ]]; then
                    case "${COMP_WORDS[1]}" in

            """
        for mode in modes {
            script += "            \(mode.name))\n\(body(mode, indent: "                "))\n                return ;;\n"
        }
        script += """
                    esac
                fi
            \(body(ProgramInterface.root, indent: "    "))
            }
            complete -o filenames -F _bplab bplab

            """
        return script
    }

    // MARK: zsh

    /// Text safe inside a zsh `_arguments` spec in single quotes.
    static func zshText(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "'\\''").replacingOccurrences(of: ":", with: "\\:")
            .replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
    }

    static func zsh(_ commands: [String]) -> String {
        func action(_ kind: ProgramMode.ValueKind) -> String {
            switch kind {
            case .files: "_files"
            case .filesEnding(let extensions): "_files -g \"" + extensions.map { "*.\($0)" }.joined(separator: " ") + "\""
            case .commands: "(" + commands.joined(separator: " ") + ")"
            case .choices(let choices): "(" + choices.joined(separator: " ") + ")"
            }
        }
        func specs(_ mode: ProgramMode) -> [String] {
            var specs = mode.options.map { option -> String in
                let names = option.names.count > 1
                    ? "'(\(option.names.joined(separator: " ")))'{\(option.names.joined(separator: ","))}'"
                    : "'\(option.names[0])"
                let value = option.value.map { ":\($0):\(action(option.values ?? .files))" } ?? ""
                return names + "[\(zshText(option.help))]\(value)'"
            }
            if let arguments = mode.arguments {
                specs.append("'*:\(arguments.placeholder):\(action(arguments.kind))'")
            }
            return specs
        }
        let modeList = modes.map { "'\($0.name):\(zshText($0.abstract))'" }.joined(separator: " ")
        var script = """
            #compdef bplab
            # zsh completion for bplab (bplab --generate-completion-script zsh)
            _bplab() {
                case $words[2] in

            """
        for mode in modes {
            script += "        \(mode.name))\n            shift words; (( CURRENT-- ))\n            _arguments -s "
                + specs(mode).joined(separator: " \\\n                ") + "\n            return ;;\n"
        }
        script += """
                esac
                local -a modes=(\(modeList))
                _arguments -s \(specs(ProgramInterface.root).dropLast().joined(separator: " \\\n        ")) \\
                    '1: :->first' '*:file:_files'
                [[ $state == first ]] && { _describe mode modes; _files }
            }
            _bplab "$@"

            """
        return script
    }

    // MARK: fish

    /// Text safe inside single quotes in fish.
    static func fishText(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    static func fish(_ commands: [String]) -> String {
        let modeNames = modes.map(\.name).joined(separator: " ")
        var lines = ["# fish completion for bplab (bplab --generate-completion-script fish)", "complete -c bplab -f"]
        for mode in ProgramInterface.modes {
            let condition = mode.name.isEmpty ? "not __fish_seen_subcommand_from \(modeNames)" : "__fish_seen_subcommand_from \(mode.name)"
            if !mode.name.isEmpty {
                lines.append("complete -c bplab -n '__fish_use_subcommand' -a '\(mode.name)' -d '\(fishText(mode.abstract))'")
            }
            for option in mode.options {
                var line = "complete -c bplab -n '\(condition)'"
                for name in option.names {
                    line += name.hasPrefix("--") ? " -l \(name.dropFirst(2))" : " -s \(name.dropFirst())"
                }
                switch option.values {
                case .commands?: line += " -x -a '\(commands.joined(separator: " "))'"
                case .choices(let choices)?: line += " -x -a '\(choices.joined(separator: " "))'"
                case .files?, .filesEnding?: line += " -r -F"
                case nil: break
                }
                lines.append(line + " -d '\(fishText(option.help))'")
            }
            switch mode.arguments?.kind {
            case .filesEnding(let extensions)?:
                // Paths of the word typed (each may carry a tab and a description), kept when they are folders or end so.
                let pattern = "^.*(?:" + extensions.map { "\\\\.\($0)" }.joined(separator: "|") + "|/)(?:\\t.*)?\\$"
                lines.append("complete -c bplab -n '\(condition)' -a '(__fish_complete_path (commandline -ct) | string match -r -- \"\(pattern)\")'")
            case .files?: lines.append("complete -c bplab -n '\(condition)' -F")
            default: break
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
