"""The kernel's session: a cell stops at its first error, Ctrl-C stops a
command and keeps the network, plots come as pictures without files, and
nothing of the protocol lands in history or a saved session."""

import re
import time
from queue import Empty

import pytest
from jupyter_client.manager import KernelManager

from conftest import files_in


@pytest.fixture
def kernel(tmp_path):
    manager = KernelManager(kernel_name="bplab")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    yield manager, client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def execute(kernel, code, interrupt_every=None):
    """Runs a cell: its reply's content and its outputs (kind, content).
    With `interrupt_every` (seconds), Ctrl-C is sent until the cell ends."""
    manager, client = kernel
    msg_id = client.execute(code)
    while True:
        try:
            reply = client.get_shell_msg(timeout=interrupt_every or 120)
        except Empty:
            if interrupt_every is None:
                raise
            manager.interrupt_kernel()
            continue
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    outputs = []
    while True:
        message = client.get_iopub_msg(timeout=10)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return reply["content"], outputs
        if message["msg_type"] in ("stream", "display_data", "error"):
            outputs.append((message["msg_type"], message["content"]))


def text(outputs):
    return "".join(content["text"] for kind, content in outputs if kind == "stream")


def test_a_cell_stops_at_its_first_error(kernel):
    reply, outputs = execute(kernel, "data xor\ntrian\nnet 2 2:sigmoid 1:sigmoid")
    assert reply["status"] == "error"
    assert [kind for kind, _ in outputs] == ["stream", "error"]
    assert text(outputs) == "data xor: 4 samples, 2 inputs → 1 target\n"
    assert outputs[1][1]["traceback"] == ["error: unknown command 'trian' (did you mean 'train'?); type help for the list",
                                          "(line 2, column 1: trian)"]
    reply, outputs = execute(kernel, "show net")
    assert reply["status"] == "error"  # the net line never ran
    assert "no network" in outputs[-1][1]["evalue"]


def test_interrupt_stops_training_and_keeps_the_network(kernel):
    execute(kernel, "data spiral n=400\nnet 2 16:tanh 16:tanh 1:sigmoid")
    reply, outputs = execute(kernel, "train 100000\neval", interrupt_every=1)
    assert reply["status"] == "error" and reply["ename"] == "Interrupted"
    stopped = re.search(r"stopped by Ctrl-C after .*: loss (?:on all \d+ training samples )?\S+ → (\S+)(?: \(without the penalty\))?, train accuracy", text(outputs))
    assert stopped, text(outputs)
    assert "1 line of the cell not run" in outputs[-1][1]["evalue"]  # eval
    reply, outputs = execute(kernel, "eval")
    assert reply["status"] == "ok"
    assert text(outputs).startswith(f"train:  loss {stopped.group(1)}  accuracy ")
    reply, outputs = execute(kernel, "show net")
    assert text(outputs).startswith("network 2-16-16-1:")


def test_plots_are_pictures_and_no_file_is_written(kernel, tmp_path):
    reply, outputs = execute(kernel, "data xor\nnet 2 2:sigmoid 1:sigmoid\ntrain 20 lr=2\nplot loss\nplot boundary")
    assert reply["status"] == "ok"
    pictures = [content["data"] for kind, content in outputs if kind == "display_data"]
    assert [sorted(data) for data in pictures] == [["image/png", "text/plain"]] * 2
    assert all(data["image/png"].startswith("iVBORw0KGgo") for data in pictures)  # PNG's signature in base64
    assert "loss" in pictures[0]["text/plain"]
    reply, outputs = execute(kernel, "%plot svg 400x300\nplot loss")
    assert text(outputs) == "plots: svg, 400x300\n"
    svg = [content["data"]["image/svg+xml"] for kind, content in outputs if kind == "display_data"]
    assert len(svg) == 1 and svg[0].startswith("<svg") and 'width="400"' in svg[0]
    assert files_in(tmp_path) == []


def test_completion_and_help_are_not_recorded(kernel, tmp_path):
    _, client = kernel
    execute(kernel, "data xor")
    client.complete("net 2 4:ta", 10)
    assert client.get_shell_msg(timeout=10)["content"]["matches"] == ["4:tanh"]
    client.inspect("plot loss", 7)
    assert client.get_shell_msg(timeout=10)["content"]["data"]["text/plain"].startswith("usage: plot loss")
    execute(kernel, "net 2 2:sigmoid 1:sigmoid; eval")
    reply, outputs = execute(kernel, "history")
    assert text(outputs) == "   1  data xor\n   2  net 2 2:sigmoid 1:sigmoid; eval\n"
    execute(kernel, "save session saved")
    saved = (tmp_path / "sessions" / "saved.bpl").read_text(encoding="utf-8")
    assert [line for line in saved.split("\n") if line.startswith("bp> ")] == [
        "bp> data xor", "bp> net 2 2:sigmoid 1:sigmoid", "bp> eval", "bp> history"]


def test_the_kernel_starts_a_new_session_after_quit(kernel):
    execute(kernel, "data xor")
    reply, outputs = execute(kernel, "quit")
    assert reply["status"] == "ok"
    reply, outputs = execute(kernel, "show data")
    assert reply["status"] == "error" and "no data" in outputs[-1][1]["evalue"]
