/// A dense row-major matrix of doubles: element (r, c) lives at `r * columns + c`.
///
/// Batches are matrices with one sample per row, so a layer's net inputs for
/// a batch of B samples is a B × width matrix. Indices here are 0-based; the
/// 1-based names users see (`w2[1,2]`) are translated at the edges.
public struct Matrix: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Contiguous storage, `rows * columns` elements, row-major.
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix size \(rows)×\(columns) is negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns,
                     "Matrix \(rows)×\(columns) needs \(rows * columns) values, got \(storage.count)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from rows of equal length; throws if they are ragged.
    public init(_ rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        for (r, row) in rowArrays.enumerated() where row.count != columns {
            throw CoreError.shapeMismatch("row \(r + 1) has \(row.count) values, expected \(columns)")
        }
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// One row as an array (a copy).
    public func row(_ r: Int) -> [Double] {
        Array(storage[(r * columns)..<((r + 1) * columns)])
    }

    /// The rows at the given indices, in that order, as a new matrix.
    public func rows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        for (k, r) in indices.enumerated() {
            for c in 0..<columns { out[k, c] = self[r, c] }
        }
        return out
    }

    /// Appends one row; its length must equal `columns` (or set it when empty).
    public mutating func append(row: [Double]) {
        if rows == 0 && columns == 0 { columns = row.count }
        precondition(row.count == columns, "row of \(row.count) values appended to a matrix of \(columns) columns")
        storage.append(contentsOf: row)
        rows += 1
    }

    public var rowArrays: [[Double]] {
        (0..<rows).map { row($0) }
    }

    /// True when every element is finite (no NaN, no ±Inf).
    public var isFinite: Bool {
        storage.allSatisfy { $0.isFinite }
    }
}
