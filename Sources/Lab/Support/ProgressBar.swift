import Foundation

/// A one-line training progress bar (epoch, steps, loss, steps/s, ETA)
/// redrawn with `\r` on a terminal's stderr, at most ten times a second. It
/// has no sink (and so never appears) in pipes, scripts and transcripts.
/// Counts are of this `train` call, not of the trainer's life.
final class ProgressBar {
    private let epochs: Int
    private let stepsPerEpoch: Int
    private let sink: (@Sendable (String) -> Void)?
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    init(epochs: Int, stepsPerEpoch: Int, sink: (@Sendable (String) -> Void)?) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.sink = sink
    }

    /// After step `stepInEpoch` (1-based) of epoch `epoch` (1-based, of this call).
    func update(epoch: Int, stepInEpoch: Int, loss: Double) {
        guard let sink else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let elapsed = (now - start) / .seconds(1)
        sink("\r" + ProgressBar.line(epoch: epoch, epochs: epochs, step: (epoch - 1) * stepsPerEpoch + stepInEpoch,
                                     steps: epochs * stepsPerEpoch, loss: loss, seconds: elapsed) + "\u{1B}[K")
        drawn = true
    }

    /// `████····  epoch 3/10  step 250/1,000  loss 0.1234  500 steps/s  ETA 2s`
    static func line(epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double, seconds: Double) -> String {
        let total = max(steps, 1), done = min(step, total)
        let rate = Double(done) / max(seconds, 1e-9)
        let eta = Double(total - done) / max(rate, 1e-9)
        let width = 24, filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        return "\(bar)  epoch \(epoch)/\(epochs)  step \(done)/\(total)  loss \(Format.number(loss, digits: 4))"
            + "  \(Int(rate)) steps/s  ETA \(Int(eta.rounded()))s"
    }

    /// Erases the bar so ordinary output starts on a clean line.
    func clear() {
        guard drawn, let sink else { return }
        sink("\r\u{1B}[K")
        drawn = false
    }
}
