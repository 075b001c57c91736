/// A CSV file without a header row (`load FILE header=no`): the reader's
/// first row, which it took for the header, is given back as the first
/// record (file line 1), and the columns are named x1, x2, … So both
/// readers work unchanged, and the first row goes through the same checks
/// as every other.
struct HeaderlessRecords<Base: CSVRecords>: CSVRecords {
    private var base: Base
    private let first: [String]
    /// True while the first row is the current record.
    private var onFirst = false
    private var started = false
    let header: [String]

    init(_ base: Base) {
        self.base = base
        // A trailing separator gives one empty field too many, as on data lines.
        var first = base.header
        if first.count > 1 && first.last!.isEmpty { first.removeLast() }
        self.first = first
        // An empty file keeps its empty "header", for the loader's own message.
        header = first.allSatisfy(\.isEmpty) ? first : first.indices.map { "x\($0 + 1)" }
    }

    var line: Int { onFirst ? 1 : base.line }
    var fieldCount: Int { onFirst ? first.count : base.fieldCount }

    mutating func next() throws -> Bool {
        if !started {
            started = true
            onFirst = !first.allSatisfy(\.isEmpty)
            if onFirst { return true }
        }
        onFirst = false
        return try base.next()
    }

    func text(_ field: Int) -> String { onFirst ? first[field] : base.text(field) }
    func number(_ field: Int) -> Double? { onFirst ? NumberSyntax.value(first[field]) : base.number(field) }
    func isMissing(_ field: Int) -> Bool { onFirst ? Self.isMissingText(first[field]) : base.isMissing(field) }
}
