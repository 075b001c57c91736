/// A gnuplot script: inline datablocks followed by commands.
///
/// Data travels inside the script as datablocks (`$name << EOD … EOD`, see
/// `Datablock`), so a script is self-contained: the same text is run by the
/// live gnuplot (`GnuplotProcess.run`) and, from `render()`, written as an
/// exported `.gp` file that `gnuplot FILE.gp` runs on another machine. That
/// is also the "script only" mode: tests compare `render()` with golden
/// files without starting gnuplot.
///
/// Commands are code. bplab writes them; user text enters only through
/// `GnuplotQuoting.quoted`. The terminal and the output are not commands:
/// they are given only to `init(terminal:output:)`, which checks the output
/// path, and `add` refuses any command that would set them or run something
/// outside the script (see `GnuplotCommandCheck`).
public struct GnuplotScript: Equatable, Sendable {
    public private(set) var datablocks: [Datablock] = []
    /// `set terminal …` and `set output …` (or `unset output`), from `init(terminal:output:)`.
    public private(set) var preamble: [String] = []
    public private(set) var commands: [String] = []

    /// A script without a terminal: the body of a plot, to be appended to a
    /// script made by `init(terminal:output:)` (each run starts from
    /// `set terminal unknown`, which draws nothing).
    public init() {}

    /// A script that draws on `terminal`, into `output` if given (else to
    /// stdout, which `GnuplotProcess.run` returns).
    /// - Throws: `GnuplotError.unsafePath` for a pipe, command or control
    ///   characters in `output`, or a file terminal without `output`.
    public init(terminal: GnuplotTerminal, output: String? = nil) throws {
        preamble = try terminal.preamble(output: output)
    }

    /// Adds a datablock of rows of columns; an empty row becomes a blank
    /// line (a scan break, as `splot … with pm3d` grids need).
    /// `name` is bplab's own identifier: ASCII letters, digits and `_`,
    /// starting with a letter or `_`; referred to as `$name` in commands.
    public mutating func addData(_ name: String, rows: [[Double]]) {
        datablocks.append(Datablock(name: name, rows: rows))
    }

    /// Adds a datablock of several blocks separated by blank lines: one block
    /// per scan line of a grid for `splot … with pm3d` or `plot … with image`,
    /// where each block holds the rows `x y z` of one fixed x (or y).
    public mutating func addData(_ name: String, blocks: [[[Double]]]) {
        var rows: [[Double]] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { rows.append([]) }
            rows += block
        }
        addData(name, rows: rows)
    }

    /// Appends a command written by bplab (user text only via `GnuplotQuoting.quoted`).
    /// - Throws: `GnuplotError.refused` for a command that sets the terminal
    ///   or the output, or runs or reads anything outside the script.
    public mutating func add(_ command: String) throws {
        if let reason = GnuplotCommandCheck.refusal(of: command) {
            throw GnuplotError.refused("\(reason) (in: \(GnuplotCommandCheck.shown(command)))")
        }
        commands.append(command)
    }

    /// Appends commands in order, each as `add(_:)` does.
    public mutating func add(_ commands: [String]) throws {
        for command in commands { try add(command) }
    }

    /// Appends another script's datablocks and commands.
    /// - Throws: `GnuplotError.refused` when `other` has a terminal of its
    ///   own: a script draws on one terminal, the one it was made with.
    public mutating func append(_ other: GnuplotScript) throws {
        guard other.preamble.isEmpty else {
            throw GnuplotError.refused("a script to append may not name a terminal (in: \(other.preamble[0]))")
        }
        datablocks += other.datablocks
        commands += other.commands
    }

    /// The whole script as text, datablocks first: what `GnuplotProcess` runs
    /// and what a `.gp` export contains. Identical input gives identical text.
    public func render() -> String {
        var text = ""
        for block in datablocks { text += block.render() }
        for command in preamble + commands { text += command + "\n" }
        return text
    }
}
