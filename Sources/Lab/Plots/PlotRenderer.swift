import Foundation
import Gnuplot

/// The one place Lab hands scripts to gnuplot: plots in the terminal (text,
/// sixel, the live loss curve), picture files, `.gp` scripts and notebook
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

    /// Draws `plot` on a file terminal into `path`, shown in messages as `name`.
    ///
    /// gnuplot writes a temporary file beside `path`, renamed into place
    /// once complete, so a failed plot never leaves half a file. bplab
    /// creates that file itself before gnuplot runs, so a folder that
    /// cannot be written is reported with the user's path (gnuplot would
    /// name the hidden temporary file).
    func write(_ plot: GnuplotScript, on terminal: GnuplotTerminal, to path: String, shownAs name: String, overwrite: Bool) throws {
        try GnuplotQuoting.validateOutputPath(path)
        try FileWriter.checkTarget(path, shownAs: name, overwrite: overwrite)
        let temporary = FileWriter.temporaryPath(beside: path)
        let created = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard created >= 0 else { throw LabError("cannot write \(name): \(String(cString: strerror(errno)))") }
        close(created)
        do {
            var script = try GnuplotScript(terminal: terminal, output: temporary)
            try script.append(plot)
            _ = try gnuplot.run(script)
            try FileWriter.moveIntoPlace(temporary, path, shownAs: name, overwrite: overwrite)
        } catch GnuplotError.script(let message) {
            try? FileManager.default.removeItem(atPath: temporary)
            throw GnuplotError.script(message.replacingOccurrences(of: temporary, with: name))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes `plot` as a `.gp` file at `path` that `gnuplot FILE.gp` runs to
    /// draw `picture`, a PNG named relative to where it runs.
    func writeScript(_ plot: GnuplotScript, drawing picture: String, width: Int, height: Int,
                     to path: String, shownAs name: String, overwrite: Bool) throws {
        try GnuplotQuoting.validateOutputPath(path)
        var script = try GnuplotScript(terminal: .png(width: width, height: height), output: picture)
        try script.append(plot)
        try FileWriter.write(Data(script.render().utf8), to: path, shownAs: name, overwrite: overwrite)
    }

    /// The bytes of `plot` drawn on a file terminal, through a private
    /// temporary file (a notebook's pictures).
    func picture(_ plot: GnuplotScript, on terminal: GnuplotTerminal) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bplab-plot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var script = try GnuplotScript(terminal: terminal, output: file)
        try script.append(plot)
        _ = try gnuplot.run(script)
        return try Data(contentsOf: URL(fileURLWithPath: file))
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
