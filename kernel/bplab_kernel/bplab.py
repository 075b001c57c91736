"""`bplab serve` as a child process, spoken to in its machine protocol (docs/protocol.md)."""

import json
import os
import shutil
import signal
import subprocess

PROTOCOL_VERSION = 1


class BplabError(Exception):
    """bplab could not be started, or ended while a request was answered."""


def find_bplab():
    """The program named by $BPLAB, else `bplab` on PATH."""
    named = os.environ.get("BPLAB")
    if named:
        if not (os.path.isfile(named) and os.access(named, os.X_OK)):
            raise BplabError(f"BPLAB={named} is not an executable file")
        return named
    found = shutil.which("bplab")
    if not found:
        raise BplabError("bplab is not on PATH: build it (make build) and put it there, or set BPLAB to its path")
    return found


class Bplab:
    """One `bplab serve` session. It runs in a session of its own, so a
    Ctrl-C sent to the kernel's process group reaches it only as the kernel
    forwards it (`interrupt`), once, and never its gnuplot."""

    def __init__(self, program=None, cwd=None):
        self.program = program or find_bplab()
        try:
            self.process = subprocess.Popen([self.program, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            cwd=cwd, start_new_session=True)
        except OSError as error:
            raise BplabError(f"cannot start {self.program}: {error.strerror}") from error
        self._buffer = b""
        self._next_id = 0
        self.hello = self._read()
        if self.hello.get("type") != "hello" or self.hello.get("version") != PROTOCOL_VERSION:
            self.close()
            raise BplabError(f"{self.program} speaks protocol {self.hello.get('version')}, "
                             f"this kernel speaks {PROTOCOL_VERSION}")

    def request(self, op, **fields):
        """Sends one request and yields its messages, the reply last."""
        self._next_id += 1
        line = json.dumps(dict(fields, op=op, id=self._next_id)) + "\n"
        try:
            self.process.stdin.write(line.encode())
            self.process.stdin.flush()
        except OSError as error:
            raise self._ended() from error
        while True:
            message = self._read()
            if message.get("id") != self._next_id:
                continue
            if message.get("closing"):
                # bplab ends after this reply (shutdown, or a cell that ran `quit`).
                self.process.stdin.close()
                self.process.wait()
            yield message
            if message.get("type") == "reply":
                return

    def ask(self, op, **fields):
        """The reply to a request that sends nothing before it (complete, inspect)."""
        reply = None
        for reply in self.request(op, **fields):
            pass
        return reply

    def interrupt(self):
        """Ctrl-C: bplab stops the running command at its next step and keeps its state."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)

    def close(self):
        """Asks bplab to end, and makes sure it does."""
        if self.process.poll() is None:
            try:
                self.ask("shutdown")
            except (BplabError, OSError):
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _read(self):
        """The next message. os.read, not a buffered reader: a signal
        arriving during the read loses nothing (the read is retried)."""
        out = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            try:
                chunk = os.read(out, 1 << 16)
            except KeyboardInterrupt:
                # Ctrl-C where the kernel could not take SIGINT over (not its main thread).
                self.interrupt()
                continue
            if not chunk:
                raise self._ended()
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _ended(self):
        status = self.process.wait()
        return BplabError(f"bplab ended (exit status {status}); the next cell starts a new session")
