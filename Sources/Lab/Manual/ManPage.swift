/// The man page bplab(1), in roff (`bplab --man-page`, which `make install`
/// and `make dist` install): written from the command table as the README
/// reference is (`Help.grouped`), and from `ProgramInterface`, `ExitStatus`
/// and `EnvironmentVariable`, so it says what the program does and cannot
/// drift from it. No date: the same program gives the same page.
public enum ManPage {
    public static func roff(version: String, commands: [Command]) -> String {
        var lines = [
            ".TH BPLAB 1 \"\" \"bplab \(version)\" \"User Commands\"",
            ".SH NAME",
            "bplab \\- " + escape(ProgramInterface.root.abstract.droppingFinalPeriod),
            ".SH SYNOPSIS",
        ]
        for mode in ProgramInterface.modes {
            var synopsis = ".B bplab" + (mode.name.isEmpty ? "" : " " + mode.name)
            for option in mode.options where option.names != ["-h", "--help"] {
                synopsis += "\n[\\fB\(escape(option.names[0]))\\fR" + (option.value.map { " \\fI\(escape($0))\\fR" } ?? "") + "]"
            }
            if let arguments = mode.arguments { synopsis += "\n[\\fI\(escape(arguments.placeholder))\\fR]" }
            lines += [synopsis, ".br"]
        }
        lines.removeLast()
        lines.append(".SH DESCRIPTION")
        for paragraph in ProgramInterface.discussion { lines += [".PP", escape(paragraph)] }
        lines.append(".SH OPTIONS")
        for mode in ProgramInterface.modes {
            if !mode.name.isEmpty { lines += [".SS bplab \(mode.name)", escape(mode.abstract)] }
            for option in mode.options {
                let names = option.names.map { "\\fB\(escape($0))\\fR" }.joined(separator: ", ")
                lines += [".TP", names + (option.value.map { " \\fI\(escape($0))\\fR" } ?? ""), escape(option.help)]
            }
        }
        lines += [".SH COMMANDS", "Typed at the \\fBbp>\\fR prompt, given with \\fB\\-c\\fR or in a FILE; "
                  + "\\fBhelp\\fR \\fIcommand\\fR explains each."]
        for (group, members) in Help.grouped(commands) {
            lines.append(".SS \(escape(group))")
            for command in members {
                lines += [".TP", "\\fB\(escape(command.usage))\\fR",
                          escape(command.summary) + ". Example: \\fB\(escape(command.example))\\fR"]
            }
        }
        lines.append(".SH EXIT STATUS")
        for status in ExitStatus.allCases { lines += [".TP", "\\fB\(status.rawValue)\\fR", escape(status.meaning)] }
        lines.append(".SH ENVIRONMENT")
        for variable in EnvironmentVariable.allCases { lines += [".TP", "\\fB\(variable.rawValue)\\fR", escape(variable.meaning)] }
        lines += [
            ".SH FILES",
            ".TP", "\\fBsessions/\\fINAME\\fB.bpl\\fR", "the transcripts \\fBsave session\\fR \\fINAME\\fR writes, in the session's folder",
            ".TP", "\\fB$XDG_STATE_HOME/bplab/\\fR", "history, the journal of an unfinished session, the lists of temporary files",
            ".SH SEE ALSO", "\\fBgnuplot\\fR(1); the README and docs/ in bplab's sources",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// What man shows on any terminal, whatever the locale, for the
    /// characters the command table uses beyond ASCII.
    static let asciiSpelling: [Unicode.Scalar: String] = ["…": "...", "→": "->", "×": "x"]

    /// `text` as roff prints it literally: backslashes and minus signs
    /// escaped, characters beyond ASCII spelt in ASCII or as `\[u00E9]`,
    /// a line starting with `.` or `'` kept from being a request.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\e"
            case "-": escaped += "\\-"
            case _ where scalar.isASCII: escaped.unicodeScalars.append(scalar)
            case _ where asciiSpelling[scalar] != nil: escaped += asciiSpelling[scalar]!
            default: escaped += "\\[u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + "]"
            }
        }
        return escaped.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.first == "." || line.first == "'" ? "\\&" + line : String(line)
        }.joined(separator: "\n")
    }
}

private extension String {
    var droppingFinalPeriod: String { hasSuffix(".") ? String(dropLast()) : self }
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
