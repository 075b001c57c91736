/// A gnuplot script: inline datablocks followed by commands.
///
/// Data travels inside the script as datablocks (`$name << EOD … EOD`), so a
/// script is self-contained: the same text is piped to the live gnuplot and
/// written as an exported `.gp` file that `gnuplot FILE.gp` runs. Numbers are
/// written in their shortest round-trip form — full precision, and identical
/// on every run. Non-finite values become `NaN`, which gnuplot skips.
public struct GnuplotScript: Equatable, Sendable {
    public struct Datablock: Equatable, Sendable {
        public var name: String
        /// Rows of columns; an empty row becomes a blank line (a gnuplot
        /// scan break, as `splot … with pm3d` grids need).
        public var rows: [[Double]]
    }

    public private(set) var datablocks: [Datablock] = []
    public private(set) var commands: [String] = []

    public init() {}

    /// Adds a datablock; `name` is bplab's own identifier (letters, digits, `_`).
    public mutating func addData(_ name: String, rows: [[Double]]) {
        precondition(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "datablock name '\(name)' is not an identifier")
        datablocks.append(Datablock(name: name, rows: rows))
    }

    /// Appends commands written by bplab (user text only via `GnuplotQuoting.quoted`).
    public mutating func add(_ command: String) {
        commands.append(command)
    }

    /// Appends another script's datablocks and commands.
    public mutating func append(_ other: GnuplotScript) {
        datablocks += other.datablocks
        commands += other.commands
    }

    /// The whole script as text.
    public func render() -> String {
        var text = ""
        for block in datablocks {
            text += "$\(block.name) << EOD\n"
            for row in block.rows {
                text += row.map(GnuplotScript.number).joined(separator: " ") + "\n"
            }
            text += "EOD\n"
        }
        for command in commands { text += command + "\n" }
        return text
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? (value == 0 ? "0" : "\(value)") : "NaN"
    }
}
