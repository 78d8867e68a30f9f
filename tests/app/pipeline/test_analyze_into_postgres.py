"""`analyze --db postgresql://...`: real models, a real server, the same export as SQLite.

One stereo 8 kHz phone call is analysed by `main.py analyze` twice: into a
SQLite file and into a PostgreSQL database; both libraries export the same
JSON apart from ids and times. Two analyze runs (two jobs) on the same files
into PostgreSQL store each recording once (the advisory-lock leases).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.storage.engine import open_library
from scripts.callsynth import synthesize_cached
from tests.app.storage.pg.test_pg_library import normalized
from tests.conftest import TEST_AUDIO_CACHE
from tests.fixtures.audio import SHORT_CALL_SCRIPT

pytestmark = pytest.mark.slow


def test_analyze_into_postgres_exports_what_sqlite_exports(
    tmp_path: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    call = synthesize_cached(
        SHORT_CALL_SCRIPT, TEST_AUDIO_CACHE, layout="stereo", sample_rate=8_000, encoding="ulaw"
    )
    folder = tmp_path / "recordings"
    folder.mkdir()
    shutil.copy(call.path, folder / "2025-03-12_agent-dana_team-broadband_0001.wav")
    exports = []
    for target in (str(tmp_path / "library.db"), pg_url):
        assert main(["analyze", str(folder), "--db", target, "--jobs", "1"]) == 0
        capsys.readouterr()
        assert main(["export", "--format", "json", "--db", target]) == 0
        exports.append(normalized(json.loads(capsys.readouterr().out)))
    assert len(exports[1]) == 1 and exports[1][0]["agent"] == "Dana"
    for export in exports:  # the run's own timings differ between any two runs
        for item in export:
            item.pop("timings", None)
    assert exports[0] == exports[1]
    # analysing again stores nothing twice (same content, by sha256)
    assert main(["analyze", str(folder), "--db", pg_url]) == 0
    with open_library(pg_url) as team:
        assert team.count_calls() == 1
