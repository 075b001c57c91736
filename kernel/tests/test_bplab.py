"""The kernel's bplab client without Jupyter: finding bplab, and what it says when bplab is not there or ends."""

import pytest

from bplab_kernel.bplab import Bplab, BplabError, find_bplab


def test_bplab_names_the_program(monkeypatch, bplab_kernel):
    monkeypatch.setenv("BPLAB", bplab_kernel)
    assert find_bplab() == bplab_kernel
    monkeypatch.setenv("BPLAB", "/nonexistent/bplab")
    with pytest.raises(BplabError, match="BPLAB=/nonexistent/bplab is not an executable file"):
        find_bplab()
    monkeypatch.delenv("BPLAB")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BplabError, match="bplab is not on PATH"):
        find_bplab()


def test_a_program_that_is_not_bplab_serve_is_refused(tmp_path):
    with pytest.raises(BplabError, match="cannot start"):
        Bplab(program=str(tmp_path / "missing"))
    with pytest.raises(BplabError, match=r"bplab ended \(exit status 0\)"):
        Bplab(program="/bin/true")


def test_requests_and_replies(bplab_kernel, tmp_path):
    bplab = Bplab(program=bplab_kernel, cwd=tmp_path)
    assert bplab.hello["version"] == 1
    messages = list(bplab.request("run", code="data xor\nshow data 1"))
    assert [message["type"] for message in messages] == ["command", "command", "reply"]
    assert bplab.ask("complete", code="show da")["matches"] == ["data"]
    bplab.close()
    assert bplab.process.returncode == 0
