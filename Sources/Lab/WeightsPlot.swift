import BackpropCore
import Foundation
import Gnuplot

/// `plot weights L`: W_L as a matrix of cells, row i (neuron i of layer
/// L−1, from the top) and column j (neuron j of layer L), as `w2[i,j]` is
/// written. Colour shows sign and size on a scale symmetric around 0 (blue
/// negative, red positive); small matrices also print each value.
///
/// Cells are filled boxes, so a layer with one input or one output (a
/// binary classifier's last layer) draws like any other: gnuplot's `with
/// image` needs a 2 × 2 grid at least and silently draws nothing below it.
/// Very large matrices, where a box per weight would be slow, use `with
/// image` (always at least 2 × 2 there).
extension Session {
    func addWeights(_ script: inout GnuplotScript, network: Network, layer l: Int, target: PlotKind.Target) {
        let shape = network.layers[l - 1]
        let w = network.weights(l - 1)
        let (rows, columns) = (shape.inputs, shape.outputs)
        let largest = max(w.storage.filter(\.isFinite).map(abs).max() ?? 1, 1e-12)
        var cells: [[Double]] = []
        for i in 0..<rows { for j in 0..<columns { cells.append([Double(j + 1), Double(i + 1), w[i, j]]) } }
        script.addData("w", rows: cells)
        PlotStyle.preamble(title: "Weights W\(l): w\(l)[i,j] from neuron i of layer \(l - 1) to neuron j of layer \(l)",
                           xlabel: "j (neuron of layer \(l))", ylabel: "i (neuron of layer \(l - 1))", text: target.text).forEach { script.add($0) }
        script.add("set xrange [0.5:\(Double(columns) + 0.5)]")
        script.add("set yrange [\(Double(rows) + 0.5):0.5]")
        script.add(PlotStyle.indexTics("x", count: columns))
        script.add(PlotStyle.indexTics("y", count: rows))
        script.add("unset grid")
        let m = Format.number(largest, digits: 3)
        if target.text {
            script.add("set tics scale 0")  // tick marks would run into the numbers and symbols of the outer cells
            if columns <= 8 && rows <= 12 {
                // Room for the numbers themselves, red positive and blue negative where colour shows.
                script.add("unset key")
                script.add("plot $w using 1:2:(sprintf('%.2g', $3)):($3 >= 0 ? 0xB2182B : 0x2166AC) with labels textcolor rgb variable")
            } else {
                // One character per weight, by sign and size; the legend says which is which.
                let half = largest / 2
                script.add("sign(v) = v >= \(half) ? '#' : v > 0 ? '+' : v > -\(half) ? '-' : '='")
                let h = Format.number(half, digits: 2)
                script.add("plot $w using 1:2:(sign($3)):($3 >= 0 ? 0xB2182B : 0x2166AC) with labels textcolor rgb variable notitle, "
                    + [("#", "w >= \(h)"), ("+", "0 <= w < \(h)"), ("-", "-\(h) < w < 0"), ("=", "w <= -\(h)")]
                        .map { "keyentry with points pt '\($0.0)' title '\($0.1)'" }.joined(separator: ", "))
            }
            return
        }
        script.add(PlotStyle.weightPalette)
        script.add("set cbrange [-\(largest):\(largest)]")
        script.add("set cblabel 'weight (largest |w| = \(m))'")
        script.add("unset key")
        var layers: [String]
        if rows >= 2 && columns >= 2 && rows * columns > 4096 {
            layers = ["$w using 1:2:3 with image"]
        } else {
            // Up to 400 weights, boxes a little narrower than a cell, outlined in grey: a white
            // line separates neighbours, and a weight near 0 (white) still shows its cell.
            let few = rows * columns <= 400
            layers = ["$w using 1:2:(\(few ? 0.47 : 0.5)):(\(few ? 0.47 : 0.5)):3 with boxxyerror fillstyle solid 1.0 "
                + (few ? "border lc rgb '#C0C0C0'" : "noborder") + " lc palette"]
        }
        if rows <= 12 && columns <= 12 {
            // Each value in its cell: white on the dark ends of the scale, black elsewhere.
            let dark = 0.55 * largest
            layers.append("$w using 1:2:(abs($3) > \(dark) ? sprintf('%.2g', $3) : '') with labels textcolor rgb '#FFFFFF'")
            layers.append("$w using 1:2:(abs($3) > \(dark) ? '' : sprintf('%.2g', $3)) with labels textcolor rgb '#1A1A1A'")
        }
        script.add("plot " + layers.joined(separator: ", "))
    }
}
