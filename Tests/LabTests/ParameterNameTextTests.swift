import Testing
import BackpropCore
@testable import Lab

/// A bad parameter name, as `grad` reports it: the refusal names what is valid.
@Suite struct ParameterNameTextTests {
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
        let network = try Network(inputSize: 2, layers: [(3, .tanh), (4, .sigmoid)], loss: .mse)
        let harness = try DerivativeText.session(network, try Matrix([[1, 2]]), try Matrix([[1, 0, 0, 0]]))
        let lines = harness.run("grad \(text)")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: grad: ") && lines[0].contains(message), "\(text): \(lines)")
    }
}
