import Foundation

/// A one-line training progress bar (steps, loss, steps/s, ETA) redrawn with
/// `\r` on a terminal's stderr, at most ten times a second. It has no sink
/// (and so never appears) in pipes, scripts and transcripts.
final class ProgressBar {
    private let total: Int
    private let sink: (@Sendable (String) -> Void)?
    private let start = ContinuousClock.now
    private var lastDraw = ContinuousClock.now
    private var drawn = false

    init(total: Int, sink: (@Sendable (String) -> Void)?) {
        self.total = max(total, 1)
        self.sink = sink
    }

    func update(step: Int, loss: Double) {
        guard let sink else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let elapsed = Double((now - start).components.attoseconds) * 1e-18 + Double((now - start).components.seconds)
        let done = min(step, total)
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = Double(total - done) / max(rate, 1e-9)
        let width = 24, filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        sink("\r\(bar) \(done)/\(total)  loss \(Format.number(loss, digits: 4))  \(Int(rate)) steps/s  ETA \(Int(eta.rounded()))s\u{1B}[K")
        drawn = true
    }

    /// Erases the bar so ordinary output starts on a clean line.
    func clear() {
        guard drawn, let sink else { return }
        sink("\r\u{1B}[K")
        drawn = false
    }
}
