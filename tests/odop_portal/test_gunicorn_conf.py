"""gunicorn.conf.py: read by gunicorn from the working directory (the repository's root here and
in the image), it moves what a worker loaded out of the garbage collector's reach."""

import gc
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_reads_the_file_as_the_image_and_compose_start_it():
    # The compose command has no --config: gunicorn finds ./gunicorn.conf.py in its directory.
    printed = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--print-config", "odop_portal.wsgi:application"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "config                             = ./gunicorn.conf.py" in printed
    assert "post_worker_init                   = <post_worker_init()>" in printed
    assert "gunicorn.conf.py" not in (ROOT / ".dockerignore").read_text()


def test_a_worker_freezes_what_it_loaded():
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000  # Django and the portal are loaded in this process
    finally:
        gc.unfreeze()
