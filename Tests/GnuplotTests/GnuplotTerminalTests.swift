import Foundation
import Testing
@testable import Gnuplot

/// Terminal commands as text; the drawings themselves are checked in GnuplotProcessTests.
@Suite struct GnuplotTerminalTests {
    @Test func setupCommands() {
        #expect(GnuplotTerminal.dumb(columns: 79, lines: 24).setup == "set terminal dumb size 79,24 noenhanced mono")
        #expect(GnuplotTerminal.dumb(columns: 5, lines: 3, color: true).setup == "set terminal dumb size 20,10 noenhanced ansi")
        #expect(GnuplotTerminal.png(width: 800, height: 600).setup == "set terminal pngcairo size 800,600 noenhanced font 'DejaVu Sans,10'")
        #expect(GnuplotTerminal.svg(width: 800, height: 600).setup
            == "set terminal svg size 800,600 fixed noenhanced font 'DejaVu Sans,10' background '#ffffff'")
        #expect(GnuplotTerminal.pdf(width: 720, height: 540).setup == "set terminal pdfcairo size 10.00in,7.50in noenhanced font 'DejaVu Sans,10' fontscale 1")
        #expect(GnuplotTerminal.sixel(width: 640, height: 480).setup
            == "set terminal sixelgd size 640,480 truecolor noenhanced font 'DejaVu Sans,10'")
    }

    @Test func preambleSetsOrUnsetsTheOutput() throws {
        #expect(try GnuplotTerminal.dumb(columns: 40, lines: 12).preamble(output: nil)
            == ["set terminal dumb size 40,12 noenhanced mono", "unset output"])
        #expect(try GnuplotTerminal.svg(width: 10, height: 10).preamble(output: "a'b.svg").last == "set output 'a' . \"'\" . 'b.svg'")
        // A file format without a file would return its bytes as text.
        for terminal in [GnuplotTerminal.png(width: 1, height: 1), .svg(width: 1, height: 1), .pdf(width: 1, height: 1)] {
            #expect(throws: GnuplotError.self) { try terminal.preamble(output: nil) }
        }
        #expect(try GnuplotTerminal.sixel(width: 10, height: 10).preamble(output: nil).last == "unset output")
    }

    @Test func fallbackWhenADriverIsMissing() {
        let text = GnuplotTerminal.dumb(columns: 80, lines: 24)
        #expect(GnuplotTerminal.sixel(width: 1, height: 1).ifAvailable(["dumb", "png"], else: text) == text)
        #expect(GnuplotTerminal.sixel(width: 1, height: 1).ifAvailable(["dumb", "sixelgd"], else: text) == .sixel(width: 1, height: 1))
    }

    @Test func fileTerminalsByExtension() {
        #expect(GnuplotTerminal.forFile("a/b.PNG", width: 3, height: 4) == .png(width: 3, height: 4))
        #expect(GnuplotTerminal.forFile("b.svg", width: 3, height: 4) == .svg(width: 3, height: 4))
        #expect(GnuplotTerminal.forFile("b.pdf", width: 3, height: 4) == .pdf(width: 3, height: 4))
        #expect(GnuplotTerminal.forFile("b.gp", width: 3, height: 4) == nil)
        #expect(GnuplotTerminal.forFile("b", width: 3, height: 4) == nil)
    }
}
