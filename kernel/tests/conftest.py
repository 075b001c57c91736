"""What the kernel's tests share: the bplab under test, the kernel registered
in a private Jupyter folder (so no kernel the user installed is found
instead), and scratch folders with the lessons."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
LESSONS = sorted((REPOSITORY / "sessions").glob("*.bpl"))


def bplab_program():
    return os.environ.get("BPLAB") or str(REPOSITORY / ".build" / "debug" / "bplab")


@pytest.fixture(scope="session", autouse=True)
def bplab_kernel(tmp_path_factory):
    """`python3 -m bplab_kernel install --prefix …`, found first through JUPYTER_PATH."""
    program = bplab_program()
    if not os.access(program, os.X_OK):
        pytest.fail(f"{program} is not built (swift build)")
    prefix = tmp_path_factory.mktemp("jupyter")
    subprocess.run([sys.executable, "-m", "bplab_kernel", "install", "--prefix", str(prefix), "--bplab", program],
                   check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    return program


def copy_lessons(folder):
    """Fills `folder` with the lessons and their data, as in sessions/ (and nothing else)."""
    folder.mkdir(exist_ok=True)
    for lesson in LESSONS:
        shutil.copy(lesson, folder)
    shutil.copytree(REPOSITORY / "sessions" / "data", folder / "data")
    return folder


@pytest.fixture
def lesson_folder(tmp_path):
    """Makes folders with the lessons (`copy_lessons`) under the test's own."""
    return lambda name="lessons": copy_lessons(tmp_path / name)


def files_in(folder):
    """Every file under `folder`, relative to it."""
    return sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file())
