"""`%plot`: how the kernel asks bplab to draw plots (a line of the kernel's own, never sent to bplab)."""

import re

FORMATS = ("png", "svg")


class PlotSettings:
    """Plots come as PNG by default, which notebooks show even untrusted;
    `%plot svg` (or `%plot png svg`) asks for SVG, `%plot 640x480` sets the size."""

    def __init__(self):
        self.formats = ["png"]
        self.size = None

    def request(self):
        request = {"formats": self.formats}
        if self.size:
            request["width"], request["height"] = self.size
        return request

    def take_magics(self, code):
        """The code without its `%plot` lines (left blank, so bplab's line
        numbers still count the cell's lines), and what they said."""
        lines, notes = [], []
        for line in code.split("\n"):
            if line.strip().split(" ", 1)[0] == "%plot":
                notes.append(self.apply(line.strip().split()[1:]))
                lines.append("")
            else:
                lines.append(line)
        return "\n".join(lines), notes

    def apply(self, words):
        formats = [word for word in words if word in FORMATS]
        sizes = [word for word in words if re.fullmatch(r"\d+x\d+", word)]
        unknown = [word for word in words if word not in formats and word not in sizes]
        if unknown:
            return f"%plot: '{unknown[0]}' is neither a format ({', '.join(FORMATS)}) nor a size WIDTHxHEIGHT"
        if any(not 50 <= int(n) <= 10000 for size in sizes for n in size.split("x")):
            return "%plot: a size is WIDTHxHEIGHT in pixels, each 50…10000"
        if formats:
            self.formats = formats
        if sizes:
            self.size = tuple(int(n) for n in sizes[-1].split("x"))
        size = "x".join(map(str, self.size)) if self.size else "bplab's default size"
        return f"plots: {' and '.join(self.formats)}, {size}"
