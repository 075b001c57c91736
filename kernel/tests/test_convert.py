"""nbconvert turns an exported lesson into HTML with its plots, and headless
Chromium prints that HTML as PDF (what nbconvert's webpdf does, without the
browser Playwright would download)."""

import shutil
import subprocess

import nbformat
import pytest
from nbconvert import HTMLExporter

from conftest import REPOSITORY, copy_lessons
from test_lessons import export


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    folder = copy_lessons(tmp_path_factory.mktemp("convert"))
    notebook = export(folder, REPOSITORY / "sessions" / "xor.bpl")
    body, _ = HTMLExporter().from_notebook_node(nbformat.read(notebook, as_version=4))
    page = folder / "xor.html"
    page.write_text(body, encoding="utf-8")
    return page, body


def test_html_has_prose_commands_and_plots(html):
    _, body = html
    assert "Lesson: XOR" in body
    assert "train 3000 lr=5 batch=4" in body
    assert body.count('src="data:image/svg+xml;base64,') == 2  # plot boundary, plot loss
    assert "trained 3,000 epochs" in body


@pytest.mark.skipif(not shutil.which("chromium"), reason="needs chromium (make test installs it)")
def test_pdf_from_the_html(html):
    page, _ = html
    pdf = page.with_suffix(".pdf")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", page.as_uri()], check=True, capture_output=True, timeout=120)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.count(b"/Type /Page") >= 2
