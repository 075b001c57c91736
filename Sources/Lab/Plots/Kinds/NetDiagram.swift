import BackpropCore

/// The network as `plot net` and `plot paths` lay it out: a column per
/// layer (0 the input), a row per neuron, an edge per weight.
///
/// Small networks are drawn whole. A layer wider than `maxNeurons` shows
/// the neurons with the strongest edges, a network of more layers than
/// `maxColumns` shows its first and last layers with the middle folded, and
/// a pair of layers with more than `maxEdges` edges between the shown
/// neurons draws only the strongest: `notes` says what was left out, so the
/// picture never pretends to be the whole of a large network.
struct NetDiagram {
    static let maxNeurons = 16
    static let maxColumns = 10
    static let maxEdges = 96
    /// Networks of at most this many weights (none left out) name every edge and neuron.
    static let labelledEdges = 40

    /// One drawn layer: its number, its shown neurons (0-based, in order), and its x.
    struct Column {
        let layer: Int
        let neurons: [Int]
        let x: Double
        /// The y of the k-th shown neuron: rows one apart, centred on 0, the first on top.
        func y(_ k: Int) -> Double { Double(neurons.count - 1) / 2 - Double(k) }
    }

    /// w_layer[from, to], between shown neurons of columns `left` and `left + 1`.
    struct Edge: Hashable {
        let layer: Int, from: Int, to: Int
        let left: Int
    }

    let network: Network
    let columns: [Column]
    let edges: [Edge]
    /// The x between two columns whose layers are not neighbours, and the layers folded there.
    let folds: [(x: Double, layers: ClosedRange<Int>)]
    /// What the drawing leaves out, in words (empty when it shows everything).
    let notes: [String]
    /// True when every weight is drawn and there are few enough to name each.
    var labelled: Bool { notes.isEmpty && edges.count <= Self.labelledEdges }

    /// The layout of `network`, edges chosen by `strength` (|weight|, |gradient|);
    /// the neurons in `keep` ([layer, neuron]) are drawn however wide their layer.
    init(network: Network, keep: Set<[Int]> = [], strength: (_ layer: Int, _ from: Int, _ to: Int) -> Double) {
        self.network = network
        let depth = network.depth
        let half = Self.maxColumns / 2
        let layers = depth + 1 <= Self.maxColumns ? Array(0...depth) : Array(0..<half) + Array((depth + 1 - half)...depth)
        var notes: [String] = []
        if layers.count < depth + 1 {
            notes.append("layers \(half)–\(depth - half) folded (\(depth + 1 - 2 * half) of \(depth) layers not drawn); "
                         + NetworkCommands.layerRunText(network).joined(separator: ", "))
        }
        // The neurons of a wide layer: those whose edges to the neighbouring layers weigh most.
        var columns: [Column] = [], x = 0.0, folds: [(Double, ClosedRange<Int>)] = [], sampled: [String] = []
        for (c, l) in layers.enumerated() {
            if c > 0 && l != layers[c - 1] + 1 {
                folds.append((x + 0.5, (layers[c - 1] + 1)...(l - 1)))
                x += 1
            }
            let width = network.width(ofLayer: l)
            var neurons = Array(0..<width)
            if width > Self.maxNeurons {
                let weight = neurons.map { j -> Double in
                    var sum = 0.0
                    if l > 0 { for i in 0..<network.width(ofLayer: l - 1) { sum += abs(strength(l, i, j)) } }
                    if l < depth { for k in 0..<network.width(ofLayer: l + 1) { sum += abs(strength(l + 1, j, k)) } }
                    return sum.isFinite ? sum : .infinity
                }
                let kept = neurons.filter { keep.contains([l, $0]) }
                let strongest = neurons.filter { !keep.contains([l, $0]) }
                    .sorted { weight[$0] > weight[$1] || (weight[$0] == weight[$1] && $0 < $1) }
                neurons = Array((kept + strongest).prefix(Self.maxNeurons)).sorted()
                sampled.append("\(Self.maxNeurons) of \(LargeCount.grouped(width)) " + (l == 0 ? "inputs" : "in layer \(l)"))
            }
            columns.append(Column(layer: l, neurons: neurons, x: x))
            x += 1
        }
        if !sampled.isEmpty {
            notes.append("neurons drawn: " + sampled.joined(separator: ", ")
                         + (keep.isEmpty ? " (those with the strongest edges)" : " (the parameter's, and those with the strongest edges)"))
        }
        var edges: [Edge] = [], thinned: [(layer: Int, count: Int)] = []
        for c in 1..<max(columns.count, 1) where columns[c].layer == columns[c - 1].layer + 1 {
            let l = columns[c].layer
            var pair = columns[c - 1].neurons.flatMap { i in columns[c].neurons.map { Edge(layer: l, from: i, to: $0, left: c - 1) } }
            if pair.count > Self.maxEdges {
                thinned.append((l, pair.count))
                // The parameter's own edge first, then the strongest.
                let size = pair.map { edge -> Double in
                    let size = abs(strength(edge.layer, edge.from, edge.to))
                    // NaN sorts nowhere: it counts as strongest, so it is seen.
                    return keep.contains([l - 1, edge.from]) && keep.contains([l, edge.to]) || size.isNaN ? .infinity : size
                }
                pair = pair.indices.sorted { size[$0] > size[$1] || (size[$0] == size[$1] && $0 < $1) }
                    .prefix(Self.maxEdges).sorted().map { pair[$0] }
            }
            edges += pair
        }
        // One line per number of edges thinned from: "W1, W2, W97: the 96 strongest of 256 edges each".
        for count in thinned.map(\.count).reduce(into: [Int](), { if !$0.contains($1) { $0.append($1) } }) {
            let layers = thinned.filter { $0.count == count }.map { "W\($0.layer)" }
            notes.append("\(layers.joined(separator: ", ")): the \(Self.maxEdges) strongest of \(LargeCount.grouped(count)) edges "
                         + "between drawn neurons" + (layers.count > 1 ? " each" : ""))
        }
        (self.columns, self.edges, self.folds, self.notes) = (columns, edges, folds, notes)
    }

    /// The column layer `l` is drawn in, if it is drawn.
    func column(ofLayer l: Int) -> Int? { columns.firstIndex { $0.layer == l } }

    /// Where neuron j of layer l is drawn, if it is.
    func position(layer l: Int, neuron j: Int) -> (x: Double, y: Double)? {
        guard let c = column(ofLayer: l), let k = columns[c].neurons.firstIndex(of: j) else { return nil }
        return (columns[c].x, columns[c].y(k))
    }

    /// The most neurons any column draws.
    var tallest: Int { columns.map(\.neurons.count).max() ?? 1 }
    /// The x of the last column.
    var width: Double { columns.last?.x ?? 0 }

    /// "input", "layer 2", "output (layer 3)".
    static func layerName(_ l: Int, depth: Int) -> String {
        l == 0 ? "input" : l == depth ? "output (layer \(l))" : "layer \(l)"
    }
}
