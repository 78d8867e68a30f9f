"""No traceback reaches a user: one line (what, which file, where the log is), details logged.

Real `python main.py` subprocesses with an isolated CALLSCOPE_HOME; the
unexpected-error case injects a fault into a command the way a bug would
raise one.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.library import Library
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call

REPO = Path(__file__).resolve().parents[3]


def run_cli(
    args: list[str], home: Path, *, code: str | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """`main.py ARGS`, or `python -c CODE ARGS` where CODE calls app.cli.main."""
    env = {**os.environ, "CALLSCOPE_HOME": str(home), "PYTHONPATH": str(REPO)}
    env.pop("CALLSCOPE_DB", None)
    head = [sys.executable, "-c", code] if code else [sys.executable, str(REPO / "main.py")]
    return subprocess.run(
        [*head, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )  # type: ignore[call-overload]


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    with Library(path) as library:
        for script in load_scripts()[:4]:
            add_scripted_call(library, script)
    return path


def test_an_unexpected_error_is_one_line_and_its_traceback_is_in_the_log(
    filled: Path, tmp_path: Path
) -> None:
    fault = (
        "import sys\n"
        "import app.storage.library as lib\n"
        "def broken(self, *a, **k):\n"
        "    raise ZeroDivisionError('a bug deep in the summaries')\n"
        "lib.Library.call_summaries = broken\n"
        "from app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    home = tmp_path / "home"
    result = run_cli(["list", "--db", str(filled)], home, code=fault)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    log = home / "logs" / "callscope.log"
    assert lines[0] == (
        f"error: `list` failed on {filled} (ZeroDivisionError: a bug deep in the "
        f"summaries); details in {log}"
    )
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "def broken" not in text
    assert "in broken" in text and "a bug deep in the summaries" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_export_to_a_full_disk_leaves_no_partial_file_and_keeps_the_old_export(
    filled: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "calls.json"
    target.write_text("the previous export\n")
    full = run_cli(["export", "--format", "json", "--db", str(filled)], tmp_path / "home")
    size = len(full.stdout.encode())
    assert size > 60_000  # the limit below falls inside the export, above the -shm

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2))

    result = run_cli(
        ["export", "--format", "json", "--db", str(filled), "--out", str(target)],
        tmp_path / "home",
        preexec_fn=small_disk,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {target}: cannot write the export (file too large)"
    assert sorted(p.name for p in out_dir.iterdir()) == ["calls.json"]
    assert target.read_text() == "the previous export\n"


def test_exports_are_complete_and_private(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "new-folder" / "calls.csv"
    old_umask = os.umask(0o022)
    try:
        result = run_cli(
            ["export", "--format", "csv", "--db", str(filled), "--out", str(target)],
            tmp_path / "home",
        )
    finally:
        os.umask(old_umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().count("\n") > 20
    assert sorted(p.name for p in target.parent.iterdir()) == ["calls.csv"]


def test_export_into_a_path_under_a_file_is_one_line(filled: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli(
        ["export", "--format", "json", "--db", str(filled), "--out", str(blocker / "c.json")],
        tmp_path / "home",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert str(blocker) in result.stderr


def test_a_closed_pipe_is_not_a_traceback(filled: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CALLSCOPE_HOME": str(tmp_path / "home")}
    # `true` exits before Python has started, so every write meets a closed pipe.
    command = f"{sys.executable} main.py list --db {filled} | true"
    result = subprocess.run(
        ["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr
