import Testing
@testable import Gnuplot

/// `GnuplotScript.add` refuses commands that would set the terminal or the
/// output or reach outside the script, and never the text of a quoted literal.
@Suite struct GnuplotCommandCheckTests {
    static let refused = [
        // the terminal and the output, as gnuplot abbreviates them
        "set terminal png", "set term svg", "set t dumb", "  set   terminal pngcairo", "set output 'x.png'",
        "set out '|cat'", "set o", "unset output", "unset terminal", "set title 'a'; set output 'b'",
        "if (1) set out 'x'", "do for [i=1:2] { set output 'x' }",
        // shell escapes and other scripts
        "system('ls')", "print system('ls')", "x = system(\"ls\")", "sys 'ls'", "!ls", "! ls", "x = 1; !ls",
        "load 'x.gp'", "l 'x.gp'", "call 'x.gp'", "eval 'plot x'", "evaluate 'plot x'", "shell", "save 'x.gp'",
        "plot x title `ls`", "set title \"`ls`\"", "@macro", "plot @data",
        // files other than the output
        "set print 'file.txt'", "set print '|cat'", "set table 'x.dat'", "set print \"x\"",
        // one line, without control characters
        "set title 'a'\nset output 'x'", "plot x\r", "x = 1\u{85}!ls", "x = 1\u{2028}",
    ]

    @Test(arguments: refused)
    func isRefused(_ command: String) throws {
        var script = GnuplotScript()
        let error = try #require(throws: GnuplotError.self) { try script.add(command) }
        guard case .refused = error else { Issue.record("\(error)"); return }
        #expect(script.commands.isEmpty)
        #expect(!error.description.contains("\n"))
    }

    /// Lines bplab writes, keywords inside strings, comments, `!=`.
    static let accepted = [
        "set title 'it' . \"'\" . 's'", "set title 'set output x'", "set title '!ls `x` @m load'",
        "plot $w using 1:2:($4 > 0 ? '!' : sprintf('%.2g', $3)) with labels textcolor rgb variable",
        "x = 1 != 2", "set table $contour", "unset table; unset contour; set surface", "set print '-'", "set print",
        "set print $out", "set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05", "set tmargin 3; set title offset 0,1",
        "set label 2 'shading' at graph 1, graph 1 right offset 0, character 1", "stats $d every ::3::3 using 1 nooutput",
        "set cblabel 'network output'", "pause 30", "plot x lc rgb '#ff0000' title 'red' # set output 'x'",
        "set xrange [1e-09:1e+06]", "shade(v) = (i = int((v - 0) / 1 * 7.999), i < 0 ? 0 : i > 7 ? 7 : i)",
        "set termoption dash", "$load using 1:2", "Load = 1; L = 2; set key Left",
    ]

    @Test(arguments: accepted)
    func isAccepted(_ command: String) throws {
        var script = GnuplotScript()
        try script.add(command)
        #expect(script.commands == [command])
    }

    /// User text reaches commands only as `GnuplotQuoting.quoted`, and that is never refused.
    @Test func quotedUserTextIsNeverRefused() throws {
        let texts = GnuplotSafetyTests.hostileTexts(marker: "MARKER")
            + ["set output 'x'", "load", "'; set term png; '", "\"`ls`\"", "a'' . \"`ls`\" . ''b", "@x", "!", "l"]
        for text in texts {
            let q = GnuplotQuoting.quoted(text)
            var script = GnuplotScript()
            try script.add("set title \(q)")
            try script.add("plot x title \(q), $d using 1:2:(\(q)) with labels")
            #expect(script.commands.count == 2, "\(text.debugDescription)")
        }
    }

    /// A script draws on the terminal it was made with; another script's terminal cannot be appended.
    @Test func aScriptWithATerminalCannotBeAppended() throws {
        var body = GnuplotScript()
        try body.add("plot x")
        var framed = try GnuplotScript(terminal: .dumb(columns: 40, lines: 12))
        try framed.append(body)
        #expect(framed.render() == "set terminal dumb size 40,12 noenhanced mono\nunset output\nplot x\n")
        var other = GnuplotScript()
        #expect(throws: GnuplotError.self) { try other.append(framed) }
        #expect(other.render().isEmpty)
    }
}
