"""The fonts are loaded once per worker thread, and every PDF made with them still carries the
project's Devanagari font and copies as the text it shows."""

import shutil
import subprocess
import threading

import pytest
from weasyprint.text import fonts

from applications import pdf


def _render(tmp_path, name: str) -> str:
    from django.template import engines

    template = engines["django"].from_string(
        '{% include "applications/_pdf_style.html" %}<h1>स्वीकृति पत्र</h1><p>Sanction letter {{ n }}</p>'
    )
    from weasyprint import HTML

    html = template.render({"font_dir": pdf.FONT_DIR.as_uri(), "n": name})
    data = HTML(string=html).write_pdf(font_config=pdf.font_configuration())
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return str(path)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_many_letters_share_one_font_configuration_per_thread(tmp_path, monkeypatch):
    made = []
    original = fonts.FontConfiguration.__init__

    def counted(self):
        made.append(threading.get_ident())
        original(self)

    monkeypatch.setattr(fonts.FontConfiguration, "__init__", counted)
    monkeypatch.setattr(pdf, "_per_thread", threading.local())  # as in a new worker process
    paths = [_render(tmp_path, str(n)) for n in range(3)]
    assert len(made) == 1
    for path in paths:
        listed = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
        assert "Portal-Devanagari" in listed  # the @font-face font, not a system fallback
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
        assert "पत्र" in text and "Sanction letter" in text

    other = threading.Thread(target=_render, args=(tmp_path, "other"))
    other.start()
    other.join()
    assert len(made) == 2 and made[1] != made[0]  # a thread of its own gets its own


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "http://127.0.0.1:9/logo.png", "https://example.org/x.css", "ftp://example.org/f"],
)
def test_a_pdf_loads_nothing_from_the_network_or_elsewhere_on_disk(url):
    with pytest.raises(ValueError, match="loads only the project's fonts"):
        pdf._local_fetcher().fetch(url)


def test_a_pdf_loads_the_project_fonts_and_data_uris():
    font = (pdf.FONT_DIR / "NotoSans-Regular.ttf").as_uri()
    assert pdf._local_fetcher().fetch(font).read(4) == b"\x00\x01\x00\x00"
    assert pdf._local_fetcher().fetch("data:text/plain,odop").read() == b"odop"
    assert pdf._local_fetcher() is pdf._local_fetcher()  # one per thread


def test_a_forked_child_leaves_the_fonts_of_its_parent_alone(tmp_path):
    """A fork (a Celery prefork child, a subprocess before its exec) drops its copies of the
    parent's objects; the fonts' folder, which the parent still uses, must stay."""
    import gc
    import os

    _render(tmp_path, "before")
    folder = pdf.font_configuration()._folder
    assert folder.is_dir() and any(folder.iterdir())
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only drops the configuration and leaves
        pdf._per_thread.configuration = None
        gc.collect()
        os._exit(0)
    os.waitpid(child, 0)
    assert folder.is_dir() and any(folder.iterdir())
    _render(tmp_path, "after")  # and the parent goes on making PDFs
