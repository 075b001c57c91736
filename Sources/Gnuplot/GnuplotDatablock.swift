extension GnuplotScript {
    /// Named inline data: `$name << EOD`, one line per row, `EOD`.
    ///
    /// Numbers are written in Swift's shortest round-trip form
    /// (`0.30000000000000004`, `5e-324`): as precise as `%.17g` — gnuplot
    /// reads back the very same Double — but shorter, and identical on
    /// every machine, so exported scripts and golden files are stable.
    /// Zero is written `0` (also for −0, which gnuplot would print as `-0`).
    /// NaN and ±infinity become `NaN`, which gnuplot reads as an undefined
    /// value and skips (a line plot breaks there); an infinite value has no
    /// place on a finite axis anyway.
    ///
    /// A datablock ends at the first line `EOD`. Since rows hold numbers
    /// only, no data line can be `EOD` (or anything but numbers), and the
    /// name is checked to be a plain identifier, so user data cannot end the
    /// block early or smuggle in a command.
    public struct Datablock: Equatable, Sendable {
        public let name: String
        /// Rows of columns; an empty row is written as a blank line.
        public let rows: [[Double]]

        /// - Precondition: `name` is an identifier (ASCII letter or `_`, then
        ///   letters, digits, `_`): bplab chooses names, users never do.
        public init(name: String, rows: [[Double]]) {
            precondition(Datablock.isIdentifier(name), "datablock name '\(name)' is not an identifier")
            self.name = name
            self.rows = rows
        }

        /// The block as gnuplot text, ending with a newline.
        public func render() -> String {
            var text = "$\(name) << EOD\n"
            text.reserveCapacity(rows.count * 48)
            for row in rows {
                for (index, value) in row.enumerated() {
                    if index > 0 { text.append(" ") }
                    text.append(Datablock.number(value))
                }
                text.append("\n")
            }
            return text + "EOD\n"
        }

        /// One value as gnuplot reads it back exactly (see above).
        static func number(_ value: Double) -> String {
            value.isFinite ? (value == 0 ? "0" : "\(value)") : "NaN"
        }

        static func isIdentifier(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
            return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
        }
    }
}
