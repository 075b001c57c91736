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
/// `GnuplotQuoting.quoted`, output paths only through `init(terminal:output:)`
/// or `GnuplotTerminal.preamble(output:)`, which check them.
public struct GnuplotScript: Equatable, Sendable {
    public private(set) var datablocks: [Datablock] = []
    public private(set) var commands: [String] = []

    /// An empty script; it should begin with a terminal (`add(terminal.setup)`
    /// or `init(terminal:output:)`), since each run starts from
    /// `set terminal unknown`.
    public init() {}

    /// A script that draws on `terminal`, into `output` if given (else to
    /// stdout, which `GnuplotProcess.run` returns).
    /// - Throws: `GnuplotError.unsafePath` for a pipe, command or control
    ///   characters in `output`, or a file terminal without `output`.
    public init(terminal: GnuplotTerminal, output: String? = nil) throws {
        commands = try terminal.preamble(output: output)
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
    public mutating func add(_ command: String) {
        commands.append(command)
    }

    /// Appends another script's datablocks and commands.
    public mutating func append(_ other: GnuplotScript) {
        datablocks += other.datablocks
        commands += other.commands
    }

    /// The whole script as text, datablocks first: what `GnuplotProcess` runs
    /// and what a `.gp` export contains. Identical input gives identical text.
    public func render() -> String {
        var text = ""
        for block in datablocks { text += block.render() }
        for command in commands { text += command + "\n" }
        return text
    }
}
