import BackpropCore
import Foundation
import Gnuplot

/// The samples as every kind draws them: class markers (shape and colour
/// per class, test samples hollow) and regression points.
enum PlotMarkers {
    /// The class of each sample: its one-hot argmax, or target ≥ 0.5 for one target.
    private static func classIndices(_ data: Dataset) -> [Int] {
        (0..<data.count).map { r in
            data.targets.columns == 1 ? (data.targets[r, 0] >= 0.5 ? 1 : 0) : argmax(data.targets.row(r))
        }
    }

    /// How many classes the targets have (2 for a single 0/1 target).
    private static func classCount(_ data: Dataset) -> Int {
        data.targets.columns == 1 ? 2 : data.targets.columns
    }

    /// Datablocks `train<k>` and `test<k>` of the samples of each class, and
    /// the plot layers that draw them, class by class: a marker of the
    /// class's shape and colour with a dark outline (train), then the same
    /// shape hollow (test); see `PlotStyle.keyColumns` for the legend. On a
    /// text terminal each class is a letter (capital for test).
    /// Classes without samples draw nothing and have no legend entry.
    /// `scale` shrinks the markers for small pictures (`plot neurons`).
    static func classPoints(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, target: PlotTarget,
                            scale: Double = 1) -> [String] {
        let classes = classCount(train)
        let size = PlotStyle.pointSize(count: train.count + (test?.count ?? 0)) * scale
        let members = [("train", Optional(train)), ("test", test)].map { set, data in
            (set, data, data.map(classIndices) ?? [])
        }
        var layers: [String] = []
        for k in 0..<classes {
            for (set, data, indices) in members {
                guard let data else { continue }
                let rows = indices.indices.filter { indices[$0] == k }
                guard !rows.isEmpty else { continue }
                let block = "\(set)\(k)"
                script.addData(block, rows: rows.map { [data.inputs[$0, 0], data.inputs[$0, 1]] })
                let name = k < train.classNames.count ? train.classNames[k] : "class \(k)"
                let title = GnuplotQuoting.quoted(PlotStyle.legendName(name, text: target.text) + (set == "test" ? " (test)" : ""))
                let color = PlotStyle.color(k)
                if target.text {
                    layers.append("$\(block) using 1:2 with points pt '\(PlotStyle.textSymbol(k, test: set == "test"))' lc rgb '\(color)' title \(title)")
                } else if set == "train" {
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.filledPoint(k)) ps \(size) lc rgb '\(color)' title \(title)")
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.openPoint(k)) ps \(size) lw 1 lc rgb '#1A1A1A' notitle")
                } else {
                    layers.append("$\(block) using 1:2 with points pt \(PlotStyle.openPoint(k)) ps \(size) lw 2 lc rgb '\(color)' title \(title)")
                }
            }
        }
        return layers
    }

    /// Datablocks and layers for one input against target `output`: train
    /// samples filled, test samples hollow; `suffix` follows their legend names.
    static func regressionPoints(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, output j: Int, suffix: String = "",
                                 target: PlotTarget) -> [String] {
        let color = "rgb '\(PlotStyle.color(j))'"
        return sampleLayers(&script, train: train, test: test, block: "\(j)", using: "1:2", color: color, textColor: color,
                            suffix: suffix, target: target) { [$0.inputs[$1, 0], $0.targets[$1, j]] }
    }

    /// The samples of a regression plot as datablocks `train<block>` and
    /// `test<block>` (one row per sample from `row`) and their layers: train
    /// samples filled in `color` with a dark outline, test samples hollow;
    /// on a text terminal `o` and `O` (in `textColor`, if any).
    static func sampleLayers(_ script: inout GnuplotScript, train: Dataset, test: Dataset?, block: String, using: String,
                             color: String, textColor: String?, suffix: String = "", target: PlotTarget,
                             row: (Dataset, Int) -> [Double]) -> [String] {
        let size = PlotStyle.pointSize(count: train.count + (test?.count ?? 0))
        var layers: [String] = []
        for (set, data) in [("train", Optional(train)), ("test", test)] {
            guard let data, !data.isEmpty else { continue }
            let name = "$\(set)\(block)"
            script.addData("\(set)\(block)", rows: (0..<data.count).map { row(data, $0) })
            let title = GnuplotQuoting.quoted((set == "test" ? "test samples" : test == nil ? "samples" : "training samples") + suffix)
            let lineColor = textColor.map { " lc \($0)" } ?? ""
            if target.text {
                layers.append("\(name) using 1:2 with points pt '\(set == "test" ? "O" : "o")'\(lineColor) title \(title)")
            } else if set == "test" {
                layers.append("\(name) using \(using) with points pt 6 ps \(size) lw 2 lc \(color) title \(title)")
            } else {
                layers.append("\(name) using \(using) with points pt 7 ps \(size) lc \(color) title \(title)")
                layers.append("\(name) using 1:2 with points pt 6 ps \(size) lw 1 lc rgb '#1A1A1A' notitle")
            }
        }
        return layers
    }
}
