import BackpropCore
import Foundation
import Gnuplot

/// `train live=loss|boundary` (`live=yes` is the loss): a plot redrawn in
/// place on the terminal while training runs — the loss curve, or the
/// decision boundary of the weights as they are. It draws on the progress
/// channel (a terminal's stderr), so pipes and transcripts never see it,
/// and it keeps its cost to training under 10%: a drawing happens only when
/// the time spent drawing so far, with this drawing's expected cost (the
/// last one's and half again, the loss curve's growing with its epochs;
/// before the first, `firstCost`), stays within a tenth of the
/// time elapsed, and at most twice a second. A training too short to pay
/// for one drawing shows none. `finish` reports what it cost.
final class LivePlot {
    enum Kind: String, CaseIterable {
        case loss, boundary

        /// What a first drawing is expected to cost (about what one costs here, text or sixel).
        var firstCost: Duration { self == .loss ? .milliseconds(30) : .milliseconds(150) }
    }

    private let context: CommandContext
    private let kind: Kind
    private let sink: @Sendable (String) -> Void
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    /// Time spent drawing so far, and how many drawings: what the 10% rule weighs.
    private(set) var drawing: Duration = .zero
    private(set) var drawings = 0
    /// What the next drawing is expected to cost (for the loss, per epoch drawn last time).
    private var expected: Duration
    private var drawnEpochs = 0
    private var drawnLines = 0

    /// Nil unless the session has a terminal to draw on and plots are not going to files.
    init?(_ kind: Kind, context: CommandContext) {
        guard let sink = context.output.progress, context.currentTerminal().file == nil else { return nil }
        self.context = context
        self.kind = kind
        self.sink = sink
        expected = kind.firstCost
    }

    /// The line that closes a live plot, on the progress channel: what it
    /// cost, so the 10% rule can be seen to hold ("live boundary: 7 drawings,
    /// 0.31 s of 3.92 s training (7.9%)").
    func finish() {
        guard drawings > 0 else { return }
        let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        let (spent, total) = (seconds(drawing), seconds(ContinuousClock.now - start))
        sink("live \(kind.rawValue): \(Format.count(drawings, "drawing")), \(Format.number(spent, digits: 2)) s of "
             + "\(Format.number(total, digits: 3)) s training (\(Format.percent(spent / max(total, 1e-9))))\n")
    }

    /// Redraws, if the cost rule allows, from the epochs so far and the network as it is now.
    func update(history: [EpochRecord], network: Network, data: LabData) {
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(500) { return }
        // The loss curve's cost grows with the epochs it draws.
        let growth = kind == .loss && drawnEpochs > 0 ? Double(history.count) / Double(drawnEpochs) : 1
        guard (drawing + expected * growth) * 10 <= now - start else { return }
        let destination = context.currentTerminal()
        var input = PlotInput(context)
        input.history = history
        input.network = { network }
        input.networkAndData = { (network, data) }
        var target = destination.target
        do {
            let plot = try kind == .loss ? LossPlot(log: false).script(input, target: &target)
                : BoundaryPlot(resolution: 100).script(input, target: &target)
            // (In colour the dumb terminal starts with a form feed, which would move the drawing down a line.)
            let picture = String(try context.plotRenderer.draw(plot, on: destination.sized(for: target).gnuplot).drop { $0 == "\u{0C}" })
            // Move back over the previous drawing and draw over it.
            let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r" : ""
            sink(up + picture)
            drawnLines = picture.filter { $0 == "\n" }.count
            drawings += 1
        } catch {
            drawnLines = 0  // a failed plot draws nothing; training goes on
        }
        lastDraw = ContinuousClock.now
        let cost = ContinuousClock.now - now
        drawing += cost
        // Half as much again as the last: the machine's load varies.
        expected = cost * 1.5
        drawnEpochs = history.count
    }
}
