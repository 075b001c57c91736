import Foundation

/// Where `plot` writes under `set terminal png|svg|pdf`: plots/KIND-N.EXT in
/// the base directory, and the line that says so.
///
/// Typed, N is the first number not taken, so no file is replaced. During a
/// replay, N is the one the transcript recorded for that plot, so a replay
/// prints (and `check` compares) the same names whatever plots/ held when it
/// was recorded or holds now, and a session saved after it names the same
/// files. A plot whose recording names no such file is numbered as typed.
enum PlotFiles {
    static func name(_ kind: PlotKind, _ ext: String, _ n: Int) -> String {
        "plots/\(kind.name)-\(n).\(ext)"
    }

    /// What `plot` prints after writing the file shown as `shown`.
    static func writtenLine(_ kind: PlotKind, _ shown: String) -> String {
        "plot \(kind.name) written to \(shown)"
    }

    /// N when `line` is what `plot` prints on writing plots/KIND-N.EXT. Only
    /// that exact form is read: a transcript is input, and its output must not
    /// choose where files go.
    static func number(in line: String, kind: PlotKind, extension ext: String) -> Int? {
        let start = writtenLine(kind, "plots/\(kind.name)-"), end = "." + ext
        guard line.hasPrefix(start), line.hasSuffix(end), let n = Int(line.dropFirst(start.count).dropLast(end.count)),
              n > 0, line == writtenLine(kind, name(kind, ext, n)) else { return nil }
        return n
    }
}

extension CommandContext {
    /// The file the next `plot KIND` writes (see `PlotFiles`).
    func nextPlotFile(kind: PlotKind, extension ext: String) -> String {
        if let n = takeReplayedOutput({ PlotFiles.number(in: $0, kind: kind, extension: ext) }) {
            return resolve(PlotFiles.name(kind, ext, n))
        }
        var n = 1
        while FileManager.default.fileExists(atPath: resolve(PlotFiles.name(kind, ext, n))) { n += 1 }
        return resolve(PlotFiles.name(kind, ext, n))
    }
}
