import Testing
import BackpropCore

/// Parameter names in the user's notation: parsing, printing, the index in
/// `network.parameters`, and errors that name the valid range.
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

    @Test(arguments: [
        ("w9[1,1]", "the network has layers 1…2"),
        ("b0[1]", "layer 0 is the input; it has no weights"),
        ("w1[3,1]", "i must be in 1…2 (layer 0 has 2 neurons)"),
        ("w1[1,4]", "j must be in 1…3 (layer 1 has 3 neurons)"),
        ("w1[0,1]", "i must be in 1…2 (layer 0 has 2 neurons; neurons are numbered from 1)"),
        ("w1[-1,1]", "i must be in 1…2 (layer 0 has 2 neurons; neurons are numbered from 1)"),
        ("w2[1,0]", "j must be in 1…4 (layer 2 has 4 neurons; neurons are numbered from 1)"),
        ("b1[0]", "j must be in 1…3 (layer 1 has 3 neurons; neurons are numbered from 1)"),
        ("b2[5]", "j must be in 1…4 (layer 2 has 4 neurons)"),
        ("x[3]", "must be in 1…2 (layer 0 has 2 neurons)"),
        ("x[0]", "must be in 1…2 (layer 0 has 2 neurons; neurons are numbered from 1)"),
        ("w1[1]", "a weight takes two indices w1[i,j]"),
        ("b1[1,1]", "a bias takes one index b1[j]"),
        ("w1[a,1]", "'a' is not a neuron number"),
        ("w[1,1]", "give the layer number"),
        ("q1[1]", "is not a parameter"),
        ("w1(1,1)", "expected an index in brackets"),
    ])
    func badNamesSayWhatIsValid(_ text: String, _ message: String) throws {
        let network = try Self.network()
        let error = #expect(throws: CoreError.self) { try ParameterReference(parsing: text, in: network) }
        #expect(error?.description.contains(message) == true, "\(text): \(error?.description ?? "no error")")
    }
}
