"""Every lesson exported as .ipynb: valid nbformat 4.5, and run headless by
nbclient on the bplab kernel it gives the text the lesson recorded (what
`bplab replay --check` compares), with its plots as pictures; nothing is
written under plots/."""

import shutil
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import LESSONS, bplab_program, files_in


def recorded_outputs(path):
    """The commands of a transcript with their recorded output lines, read
    as bplab reads them (a `bp> ` line is a command, a `#` line prose, one
    leading backslash of an output line an escape; trailing blank lines are layout)."""
    commands = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("bp> ") or line == "bp>":
            commands.append((line[4:], []))
        elif line.startswith("#"):
            commands.append(None)
        elif commands and commands[-1] is not None:
            commands[-1][1].append(line[1:] if line.startswith("\\") else line)
    return [(command, trimmed(output)) for command, output in filter(None, commands)]


def trimmed(lines):
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def cell_text(cell):
    """A code cell's outputs as the lines a transcript records."""
    text = ""
    for output in cell.outputs:
        if output.output_type == "stream":
            text += output.text
        elif output.output_type == "display_data":
            text += output.data.get("text/plain", "") + "\n"
        elif output.output_type == "error":
            text += "\n".join(output.traceback) + "\n"
    return trimmed(text[:-1].split("\n") if text.endswith("\n") else text.split("\n"))


def export(folder, lesson):
    """`replay LESSON; export notebook LESSON.ipynb` in `folder`: the notebook's path."""
    notebook = folder / (lesson.stem + ".ipynb")
    subprocess.run([bplab_program(), "-c", f"replay {lesson.name}; export notebook {notebook.name}"], cwd=folder,
                   check=True, capture_output=True)
    return notebook


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_lesson_notebook_runs_on_the_kernel_as_recorded(lesson, lesson_folder):
    notebook = export(lesson_folder("exported"), lesson)
    nb = nbformat.read(notebook, as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    # Byte for byte what Jupyter writes when it saves the notebook.
    assert nbformat.writes(nb) + "\n" == notebook.read_text(encoding="utf-8")
    assert nb.metadata.kernelspec.name == "bplab"
    recorded = recorded_outputs(lesson)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.source for cell in code] == [command for command, _ in recorded]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert [cell_text(cell) for cell in code] == [output for _, output in recorded]

    # Run where nothing was written yet: the lesson's own exports write their files afresh.
    folder = lesson_folder("run")
    shutil.copy(notebook, folder)
    before = files_in(folder)
    run = nbformat.read(folder / notebook.name, as_version=4)
    for cell in run.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(run, kernel_name="bplab", timeout=300, resources={"metadata": {"path": str(folder)}}).execute()
    ran = [cell for cell in run.cells if cell.cell_type == "code"]
    for cell, (command, output) in zip(ran, recorded):
        assert cell_text(cell) == output, command
    assert [cell.execution_count for cell in ran] == list(range(1, len(ran) + 1))
    # Each plot comes as a PNG with its text form beside it, as exported.
    pictures = [[sorted(output.data) for output in cell.outputs if output.output_type == "display_data"] for cell in ran]
    exported = [[sorted(set(output.data) - {"image/svg+xml"}) for output in cell.outputs
                 if output.output_type == "display_data"] for cell in code]
    assert pictures == exported
    written = sorted(set(files_in(folder)) - set(before))
    assert not any(name.startswith("plots/") for name in written), written
