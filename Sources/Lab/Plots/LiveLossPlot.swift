import BackpropCore
import Foundation
import Gnuplot

/// `train live=yes`: the loss curve redrawn in place on the terminal while
/// training runs. It draws on the progress channel (a terminal's stderr), so
/// pipes and transcripts never see it, and it keeps its cost to training
/// under 10%: a redraw happens only when the time spent drawing so far stays
/// below a tenth of the time elapsed, and at most twice a second.
final class LiveLossPlot {
    private let context: CommandContext
    private let sink: @Sendable (String) -> Void
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drawing: Duration = .zero
    private var drawnLines = 0

    /// Nil unless the session has a terminal to draw on and plots are not going to files.
    init?(context: CommandContext) {
        guard let sink = context.output.progress, context.currentTerminal().file == nil else { return nil }
        self.context = context
        self.sink = sink
    }

    func update(history: [EpochRecord]) {
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(500) { return }
        guard drawing * 10 <= now - start else { return }
        let destination = context.currentTerminal()
        var input = PlotInput(context)
        input.history = history
        var target = PlotTarget(text: destination.isText)
        do {
            let plot = try LossPlot(log: false).script(input, target: &target)
            // (In colour the dumb terminal starts with a form feed, which would move the drawing down a line.)
            let picture = String(try context.plotRenderer.draw(plot, on: destination.gnuplot).drop { $0 == "\u{0C}" })
            // Move back over the previous drawing and draw over it.
            let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r" : ""
            sink(up + picture)
            drawnLines = picture.filter { $0 == "\n" }.count
        } catch {
            drawnLines = 0  // a failed plot draws nothing; training goes on
        }
        lastDraw = ContinuousClock.now
        drawing += ContinuousClock.now - now
    }
}
