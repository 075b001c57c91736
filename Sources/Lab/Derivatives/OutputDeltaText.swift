import BackpropCore

/// An output delta d_L[k] in words: from the loss's own dE/do[k], and for
/// sigmoid + bce and softmax + ce on to the closed form backprop computes,
/// so the reader sees where the familiar o − e comes from (and when it does not).
struct OutputDeltaText {
    let format: (Double) -> String

    /// Said when dE/do overflows but the closed form is still exact.
    private static let notFinite = "   (o rounds to 0 or 1 here, so dE/do is not finite; the closed form below is exact)"

    func lines(_ delta: OutputDelta) -> [String] {
        let (n, L) = (delta.neuron + 1, delta.layer)
        let name = delta.delta.name, oe = "o[\(n)] − e[\(n)]"
        let own = "(\(delta.loss.rawValue): \(Self.derivativeFormula(delta.loss)))"
        let f = GradientText.derivativeForm(delta.activation, layer: L, neuron: delta.neuron)
        let o = delta.output.value, e = delta.target.value, d = delta.delta.value
        switch delta.form {
        case let .sigmoidBCE(lossSlope, complement, slope):
            return ["\(name) = dE/do[\(n)] · f'(z\(L)[\(n)]) = (\(oe))/(o[\(n)]·(1 − o[\(n)])) · \(f)   \(own)",
                    "    = (\(format(o)) − \(factor(e)))/(\(format(o))·\(format(complement))) · \(format(slope.value)) "
                        + "= \(factor(lossSlope.value)) · \(format(slope.value))" + (lossSlope.value.isFinite ? "" : Self.notFinite),
                    "    = \(oe) = \(format(o)) − \(factor(e)) = \(format(d))   (o[\(n)]·(1 − o[\(n)]) cancels)"]
        case let .softmaxCE(quotients, allFinite, targetSum):
            let written = GradientText.join(quotients, separator: ", ") {
                "−\(factor($0.target.value))/\(format($0.output.value)) = \(format($0.value))"
            }
            let reduces = targetSum == 1 ? "Σ_j e[j] = 1, so this is \(oe)" : "Σ_j e[j] = \(format(targetSum)), not 1, so not \(oe)"
            return ["\(name) = Σ_j dE/do[j] · do[j]/dz\(L)[\(n)] = Σ_j (−e[j]/o[j]) · o[j]·([j = \(n)] − o[\(n)])   \(own)",
                    "    dE/do[j] = −e[j]/o[j]: \(written)" + (allFinite ? "" : Self.notFinite),
                    "    = o[\(n)]·Σ_j e[j] − e[\(n)] = \(format(o))·\(format(targetSum)) − \(factor(e)) = \(format(d))   "
                        + "(the o[j] cancel; \(reduces))"]
        case let .softmaxMSE(error, dot):
            return ["\(name) = o[\(n)]·((\(oe)) − Σ_j (o[j] − e[j])·o[j])   (mse through the softmax Jacobian)",
                    "    = \(factor(o)) · (\(format(error)) − \(factor(dot))) = \(format(d))"]
        case .elementwise(let slope):
            return ["\(name) = dE/do[\(n)] · f'(z\(L)[\(n)]) = (\(oe)) · \(f)   \(own)",
                    "    = (\(format(o)) − \(factor(e))) · \(factor(slope.value)) = \(format(d))"]
        }
    }

    private func factor(_ x: Double) -> String { GradientText.factor(x, format) }

    /// The loss's own form of dE/do_k for one sample (n = 1).
    static func derivativeFormula(_ loss: Loss) -> String {
        switch loss {
        case .mse: return "dE/do = o − e"
        case .bce: return "dE/do = (o − e)/(o·(1 − o))"
        case .ce: return "dE/do = −e/o"
        }
    }
}
