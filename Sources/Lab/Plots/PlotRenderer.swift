import Foundation
import Gnuplot

/// The one place Lab hands scripts to gnuplot: plots in the terminal (text,
/// sixel, the live plots), picture files, `.gp` scripts and notebook
/// pictures. Plot builders make terminal-less scripts; only here are they
/// put on a terminal, through the checked `GnuplotScript(terminal:output:)`,
/// so every output path passes `GnuplotQuoting.validateOutputPath`.
struct PlotRenderer {
    let gnuplot: GnuplotProcess

    /// The terminal drivers gnuplot has; none when it cannot run (a plot
    /// then reports why).
    func drivers() -> Set<String> {
        (try? gnuplot.terminals()) ?? []
    }

    /// What a terminal that draws on stdout (text, sixel) drew for `plot`.
    func draw(_ plot: GnuplotScript, on terminal: GnuplotTerminal) throws -> String {
        var script = try GnuplotScript(terminal: terminal)
        try script.append(plot)
        return try gnuplot.run(script)
    }

    /// `plot` drawn in the terminal, as shown and as recorded: a sixel
    /// image is recorded as a placeholder naming the kind, colour text as
    /// plain text (colour is for the eye only).
    func inline(_ plot: GnuplotScript, on destination: PlotDestination, kind: String) throws -> (shown: [String], recorded: [String]) {
        let text = try draw(plot, on: destination.gnuplot)
        if case .sixel = destination.gnuplot { return ([text], ["[plot \(kind): sixel image, not recorded]"]) }
        // (The dumb terminal starts a coloured page with a form feed: not wanted between commands.)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.drop { $0 == "\u{0C}" }) }.dropLastEmpty()
        return (lines, destination.isColor ? lines.map(PlotDestination.withoutColor) : lines)
    }

    /// Draws `plot` on a file terminal into `target`, through `FileWriter`:
    /// gnuplot draws into the temporary file, which is renamed into place
    /// only once gnuplot has closed it and it holds a whole file of its
    /// format (`PlotFileCheck`) — a full disk gives gnuplot a truncated file
    /// and no error, so a plot is never trusted unchecked.
    func write(_ plot: GnuplotScript, on terminal: GnuplotTerminal, to target: WriteTarget) throws {
        try GnuplotQuoting.validateOutputPath(target.path)
        try FileWriter.replace(target, fill: { temporary in
            do {
                try draw(plot, on: terminal, into: temporary)
            } catch GnuplotError.script(let message) {
                throw GnuplotError.script(message.replacingOccurrences(of: temporary, with: target.shown))
            }
        }, verify: { temporary in
            try PlotFileCheck.check(temporary, terminal: terminal, shownAs: target.shown, writer: gnuplot.processIdentifier)
        })
    }

    /// Writes `plot` as a `.gp` file at `target` that `gnuplot FILE.gp` runs to
    /// draw `picture`, a PNG named relative to where it runs.
    func writeScript(_ plot: GnuplotScript, drawing picture: String, width: Int, height: Int, to target: WriteTarget) throws {
        try GnuplotQuoting.validateOutputPath(target.path)
        var script = try GnuplotScript(terminal: .png(width: width, height: height), output: picture)
        try script.append(plot)
        try FileWriter.write(Data(script.render().utf8), to: target)
    }

    /// The bytes of `plot` drawn on a file terminal, through a private
    /// temporary file (a notebook's pictures), checked as a file plot is.
    func picture(_ plot: GnuplotScript, on terminal: GnuplotTerminal) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.path
        let file = try TemporaryFiles.create(beside: folder + "/bplab-plot", shownAs: "a notebook picture")
        defer { unlink(file) }
        try draw(plot, on: terminal, into: file)
        try PlotFileCheck.check(file, terminal: terminal, shownAs: "a notebook picture", writer: gnuplot.processIdentifier)
        return try Data(contentsOf: URL(fileURLWithPath: file))
    }

    /// Runs `plot` on `terminal` with its output going to `path`.
    private func draw(_ plot: GnuplotScript, on terminal: GnuplotTerminal, into path: String) throws {
        var script = try GnuplotScript(terminal: terminal, output: path)
        try script.append(plot)
        _ = try gnuplot.run(script)
    }
}

extension Array where Element == String {
    /// Without trailing empty lines.
    func dropLastEmpty() -> [String] {
        var copy = self
        while copy.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { copy.removeLast() }
        return copy
    }
}
