"""The Jupyter kernel: each cell's lines run as bplab commands in one session."""

import signal
import threading
from contextlib import contextmanager

from ipykernel.kernelbase import Kernel

from . import __version__
from .bplab import Bplab, BplabError
from .magics import PlotSettings


class BplabKernel(Kernel):
    implementation = "bplab_kernel"
    implementation_version = __version__
    language = "bplab"
    language_version = ""
    # As `export notebook FILE.ipynb` writes it (no Pygments lexer knows bplab: plain text).
    language_info = {"name": "bplab", "mimetype": "text/x-bplab", "file_extension": ".bpl", "pygments_lexer": "text"}
    banner = "bplab — Backprop Lab: build, train and question small neural networks. Type help."

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bplab = None
        self.plots = PlotSettings()

    def running_bplab(self):
        """The running bplab, started on first use (and again after it ended)."""
        if self.bplab is None or self.bplab.process.poll() is not None:
            self.bplab = Bplab()
            self.language_version = self.bplab.hello.get("bplab", "")
        return self.bplab

    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False, **kwargs):
        code, notes = self.plots.take_magics(code)
        for note in notes:
            self.stream(note + "\n", silent)
        if not code.strip():
            return self.ok()
        try:
            bplab = self.running_bplab()
            with self.forwarding_interrupts(bplab):
                reply = None
                for message in bplab.request("run", code=code, plots=self.plots.request()):
                    self.show(message, silent, several_lines=len(code.strip().splitlines()) > 1)
                    reply = message
        except BplabError as error:
            self.bplab = None
            return self.error("bplab", str(error), [f"error: {error}"], silent)
        if reply["status"] == "ok":
            return self.ok()
        if reply["status"] == "interrupted":
            skipped = reply.get("skipped_lines", 0)
            note = "interrupted: the session keeps its network and data" + (
                f"; {skipped} line{'s' if skipped != 1 else ''} of the cell not run" if skipped else "")
            return self.error("Interrupted", note, [note], silent)
        error = reply.get("error") or {"message": "the request was refused"}
        if reply["status"] == "invalid":
            return self.error("bplab", error["message"], [f"error: {error['message']}"], silent)
        return {"status": "error", "execution_count": self.execution_count, "ename": "error",
                "evalue": error["message"], "traceback": [f"error: {error['message']}"]}

    def show(self, message, silent, several_lines):
        """A command's output as Jupyter outputs: text as a stream, each
        plot as a picture with its text form, an error as an error."""
        for part in message.get("output", []):
            if "text" in part:
                self.stream(part["text"], silent)
            elif "plot" in part:
                self.picture(part["plot"], silent)
        error = message.get("error")
        if message.get("type") == "command" and error:
            traceback = [f"error: {error['message']}"]
            if several_lines:
                traceback.append(f"(line {error['line']}, column {error['column']}: {error['command']})")
            self.error("error", error["message"], traceback, silent)

    def stream(self, text, silent):
        if not silent:
            self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": text})

    def picture(self, plot, silent):
        data = {}
        if plot.get("text"):
            data["text/plain"] = plot["text"].rstrip("\n")
        if plot.get("png"):
            data["image/png"] = plot["png"]
        if plot.get("svg"):
            data["image/svg+xml"] = plot["svg"]
        if plot.get("error") and not data:
            data["text/plain"] = f"(plot not drawn: {plot['error']})"
        if data and not silent:
            self.send_response(self.iopub_socket, "display_data", {"data": data, "metadata": {}})

    def error(self, name, value, traceback, silent):
        if not silent:
            self.send_response(self.iopub_socket, "error", {"ename": name, "evalue": value, "traceback": traceback})
        return {"status": "error", "execution_count": self.execution_count, "ename": name, "evalue": value,
                "traceback": traceback}

    def ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    @contextmanager
    def forwarding_interrupts(self, bplab):
        """While a cell runs, Ctrl-C (SIGINT, from Jupyter's interrupt) goes
        on to bplab, which stops the running command and answers; the kernel
        keeps reading its answer instead of raising KeyboardInterrupt."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.signal(signal.SIGINT, lambda number, frame: bplab.interrupt())
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    async def do_complete(self, code, cursor_pos):
        try:
            reply = self.running_bplab().ask("complete", code=code, cursor=cursor_pos)
        except BplabError:
            self.bplab = None
            return {"status": "ok", "matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}}
        return {"status": "ok", "matches": reply.get("matches", []), "cursor_start": reply.get("cursor_start", cursor_pos),
                "cursor_end": reply.get("cursor_end", cursor_pos), "metadata": {}}

    async def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        try:
            reply = self.running_bplab().ask("inspect", code=code, cursor=cursor_pos)
        except BplabError:
            self.bplab = None
            reply = {}
        found = bool(reply.get("found"))
        return {"status": "ok", "found": found, "data": {"text/plain": reply["text"]} if found else {}, "metadata": {}}

    async def do_is_complete(self, code):
        # A bplab line is whole when it ends: Enter always runs it.
        return {"status": "complete"}

    async def do_shutdown(self, restart):
        if self.bplab is not None:
            self.bplab.close()
            self.bplab = None
        return {"status": "ok", "restart": restart}
