"""scripts/find-python picks a pyenv Python 3.12+ even without a .python-version."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layout(tmp_path: Path, versions: list[str], pinned: str | None) -> dict:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "find-python", tmp_path / "scripts" / "find-python")
    if pinned:
        (tmp_path / ".python-version").write_text(pinned + "\n")
    for version in versions:
        bin_dir = tmp_path / "home" / ".pyenv" / "versions" / version / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "python3").symlink_to(sys.executable)
    # No pyenv and no python3.12+ on PATH: only the pyenv versions can be found.
    return {"HOME": str(tmp_path / "home"), "PATH": "/nonexistent-bin:/usr/bin:/bin"}


def _run(tmp_path: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(tmp_path / "scripts" / "find-python")], env=env, capture_output=True, text=True
    )


def test_without_python_version_the_newest_pyenv_python_is_used(tmp_path):
    env = _layout(tmp_path, ["3.12.1", "3.13.1"], pinned=None)
    result = _run(tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/versions/3.13.1/bin/python3")


def test_the_pinned_version_comes_first(tmp_path):
    env = _layout(tmp_path, ["3.12.1", "3.13.1"], pinned="3.12.1")
    assert _run(tmp_path, env).stdout.strip().endswith("/versions/3.12.1/bin/python3")


def test_nothing_found_names_a_version_to_install(tmp_path):
    env = _layout(tmp_path, [], pinned=None)
    env["PATH"] = "/nonexistent-bin"
    result = _run(tmp_path, env)
    assert result.returncode == 1
    assert "pyenv install 3.12" in result.stderr
