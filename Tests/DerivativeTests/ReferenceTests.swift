import Testing
import BackpropCore

/// Parameter names in the user's notation (w2[1,2], b1[3], x[1]): parsing,
/// printing, the index in `network.parameters`, and refusing bad names
/// (LabTests checks that the refusals name the valid range).
@Suite struct ReferenceTests {
    static func network() throws -> Network {
        try Network(inputSize: 2, layers: [(3, .tanh), (4, .sigmoid)], loss: .mse)
    }

    @Test func namesRoundTripAndMapToTheParameterBuffer() throws {
        let network = try Self.network()
        let w = try ParameterReference(parsing: "w2[3,4]", in: network)
        #expect(w == .weight(layer: 2, from: 2, to: 3))
        #expect(w.description == "w2[3,4]")
        // W1 is 2×3 (6), b1 3, then W2 row-major: row 3, column 4 → 9 + 2·4 + 3.
        #expect(w.parameterIndices(in: network) == [9 + 2 * 4 + 3])
        #expect(try ParameterReference(parsing: "b1[3]", in: network).parameterIndices(in: network) == [8])
        #expect(try ParameterReference(parsing: " x[2] ", in: network) == .input(1))
        #expect(try ParameterReference(parsing: "w1", in: network).parameterIndices(in: network) == Array(0..<6))
        #expect(try ParameterReference(parsing: "b2", in: network).parameterIndices(in: network) == Array(21..<25))
        #expect(try ParameterReference(parsing: "w2", in: network).shape(in: network) == (3, 4))
        let names = ParameterReference.names(of: network)
        #expect(names.count == network.parameters.count)
        for (k, name) in names.enumerated() {
            #expect(try ParameterReference(parsing: name, in: network).parameterIndices(in: network) == [k])
        }
    }

    @Test(arguments: ["w9[1,1]", "b0[1]", "w1[3,1]", "w1[1,4]", "w1[0,1]", "w1[-1,1]", "w2[1,0]", "b1[0]", "b2[5]",
                      "x[3]", "x[0]", "w1[1]", "b1[1,1]", "w1[a,1]", "w[1,1]", "q1[1]", "w1(1,1)"])
    func badNamesAreRefused(_ text: String) throws {
        let network = try Self.network()
        #expect(throws: CoreError.self) { try ParameterReference(parsing: text, in: network) }
    }
}
