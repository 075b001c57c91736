import BackpropCore

/// A CSV file's target cells, collected row by row as the file is read,
/// then encoded as numbers (regression, or 0/1) or as one-hot classes.
///
/// A target column is numeric unless `classes=yes` asks for classes or the
/// column is clearly text: at most half its cells are numbers (iris's
/// species). In a numeric column a cell that is not a finite number is an
/// error naming its line and column, so that one typo (`0.7x`) or overflow
/// (`1e400`) cannot turn a regression target into a set of classes.
struct CSVTargets {
    /// More distinct texts than this in a column cannot be classes.
    static let maximumClasses = 1000

    /// The target columns (0-based, in the file) and their names.
    private let columns: [Int]
    private let names: [String]
    /// The cells as numbers (NaN where not one), row after row: a flat
    /// array, one allocation rather than one per row.
    private var numbers: [Double] = []
    /// Per column: how many cells parse as numbers (finite or not), and the
    /// first cell that is not a finite number.
    private var numeric: [Int]
    private var firstBad: [(line: Int, text: String, parsed: Bool)?]
    /// For a single target column, while it has at most `maximumClasses`
    /// distinct texts: each text's id in order of appearance, and each row's
    /// id. Nil after that (a column of many numbers stops costing Strings).
    private var classIDs: [String: Int]?
    private var rowClasses: [Int32] = []

    init(columns: [Int], header: [String], expectedRows: Int) {
        self.columns = columns
        names = columns.map { header[$0] }
        numeric = Array(repeating: 0, count: columns.count)
        firstBad = Array(repeating: nil, count: columns.count)
        numbers.reserveCapacity(expectedRows * columns.count)
        if columns.count == 1 {
            classIDs = [:]
            rowClasses.reserveCapacity(expectedRows)
        }
    }

    /// Takes the target cells of the reader's current record.
    mutating func append<Records: CSVRecords>(_ records: Records) {
        for (k, c) in columns.enumerated() {
            let value = records.number(c)
            numbers.append(value ?? .nan)
            if value != nil { numeric[k] += 1 }
            if firstBad[k] == nil, !(value?.isFinite ?? false) { firstBad[k] = (records.line, records.text(c), value != nil) }
        }
        if let count = classIDs?.count {
            let text = records.text(columns[0])
            let id = classIDs![text] ?? count
            if id == count { classIDs![text] = id }
            rowClasses.append(Int32(id))
            if id == Self.maximumClasses {
                classIDs = nil
                rowClasses = []
            }
        }
    }

    /// Numbers, or one-hot classes with their names sorted (numeric names as
    /// numbers, 2 before 10) so that files with the same classes agree.
    func encode(file: String, categorical: Bool, budget: Int) throws -> (targets: Matrix, classNames: [String], hint: String?) {
        let rows = numbers.count / columns.count
        if !categorical {
            let mostlyNumeric = numeric.map { $0 * 2 > rows }
            let typos = columns.indices.filter { mostlyNumeric[$0] && firstBad[$0] != nil }
            if let k = typos.min(by: { firstBad[$0]!.line < firstBad[$1]!.line }), let bad = firstBad[k] {
                throw LabError("\(file):\(bad.line):\(columns[k] + 1): "
                               + NumberSyntax.refusal(of: bad.text, name: "column \(CSVLoader.shown(names[k]))")!)
            }
            if mostlyNumeric.allSatisfy({ $0 }) {
                let targets = Matrix(rows: rows, columns: columns.count, storage: numbers)
                let binary = columns.count == 1 && numbers.allSatisfy { $0 == 0 || $0 == 1 }
                return (targets, binary ? ["0", "1"] : [], binary ? nil : classLabelHint())
            }
        }
        guard columns.count == 1 else {
            throw LabError("\(file): categorical targets must be a single column; '\(names.map(Printable.text).joined(separator: ","))' mix text and numbers")
        }
        guard let ids = classIDs else {
            throw LabError("\(file): the target column \(CSVLoader.shown(names[0])) has more than \(Self.maximumClasses) classes")
        }
        guard ids.count >= 2 else { throw LabError("\(file): the target column \(CSVLoader.shown(names[0])) has only one class") }
        let classes = ids.keys.sorted { a, b in
            if let x = NumberSyntax.value(a), let y = NumberSyntax.value(b) { return x < y }
            return a < b
        }
        // One-hot rows, as loaded, as the network sees them and split: about three copies.
        try MemoryBudget.require(24 * Double(rows) * Double(classes.count), within: budget,
                                 for: "\(file): \(classes.count) classes × \(LargeCount.grouped(rows)) rows as one-hot targets",
                                 change: "give fewer classes or fewer rows")
        var column = Array(repeating: 0, count: ids.count)  // id in order of appearance → column
        for (c, name) in classes.enumerated() { column[ids[name]!] = c }
        var targets = Matrix(rows: rows, columns: classes.count)
        for (r, id) in rowClasses.enumerated() { targets[r, column[Int(id)]] = 1 }
        return (targets, classes, nil)
    }

    /// For one numeric column holding only a few distinct whole numbers
    /// (digit labels 0–9): they may well be classes, which only classes=yes makes them.
    private func classLabelHint() -> String? {
        guard columns.count == 1, numbers.allSatisfy({ $0 == $0.rounded() }) else { return nil }
        var distinct = Set<Double>()
        for value in numbers {
            distinct.insert(value)
            if distinct.count > 20 { return nil }
        }
        guard distinct.count >= 3 else { return nil }
        let low = Format.number(distinct.min()!), high = Format.number(distinct.max()!)
        return "hint: the target \(CSVLoader.shown(names[0])) holds only the \(distinct.count) whole numbers \(low)…\(high), "
            + "read as one number to regress; if they are class labels, add classes=yes"
    }
}
