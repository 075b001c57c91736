"""`%plot`: how the kernel asks bplab to draw plots (a line of the kernel's own, never sent to bplab)."""

import re

FORMATS = ("png", "svg")


class PlotSettings:
    """Plots come as PNG by default, which notebooks show even untrusted,
    640x480 (as `export notebook FILE.ipynb` draws them: a notebook's column
    and a printed page hold them); `%plot svg` (or `%plot png svg`) asks for
    SVG, `%plot 800x600` sets the size."""

    def __init__(self):
        self.formats = ["png"]
        self.size = (640, 480)

    def request(self):
        return {"formats": self.formats, "width": self.size[0], "height": self.size[1]}

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
        return f"plots: {' and '.join(self.formats)}, {self.size[0]}x{self.size[1]}"
