"""The CLI on a team library: `--db postgresql://...`, $CALLSCOPE_DB, `library copy`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.storage.engine import open_library
from kernel.domain import AGENT
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call
from tests.fixtures.postgres import free_port

REPO = Path(__file__).resolve().parents[3]


def cli(
    *args: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "CALLSCOPE_HOME": str(home), "PYTHONPATH": str(REPO)}
    full.pop("CALLSCOPE_DB", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        cwd=REPO, env=full, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def personal_library(path: Path) -> list[int]:
    """A personal SQLite library: three calls, one corrected and reviewed, a clip, a filter."""
    with open_library(path, reviewer="dana") as mine:
        ids = [add_scripted_call(mine, s) for s in load_scripts()[:3]]
        model = mine.get_model_analysis(ids[0])
        assert model is not None
        agent = next(s for s in model.sentences if s.speaker == AGENT)
        mine.correct_label(ids[0], agent.id, "closing")
        mine.set_review(ids[0], "reviewed", 70, "good")
        mine.add_clip(ids[1], 1.0, 3.0, "greeting")
        mine.save_filter("rushed", '{"rushed": true}')
        mine.begin_call("/calls/unfinished.wav", "e" * 64, duration_s=3, channels=1)
    return ids


def test_copy_into_the_team_library_is_complete_and_idempotent(tmp_path: Path, pg_url: str) -> None:
    mine = tmp_path / "mine.db"
    ids = personal_library(mine)
    home = tmp_path / "home"
    first = cli("library", "copy", "--from", str(mine), "--to", pg_url, "--reviewer", "dana",
                home=home)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "3 calls copied" in first.stdout and "1 unfinished left out" in first.stdout
    again = cli("library", "copy", "--from", str(mine), "--to", pg_url, home=home)
    assert again.returncode == 0, again.stderr
    assert "0 calls copied" in again.stdout and "3 already there" in again.stdout

    from app.export.call_json import call_to_dict
    from tests.app.storage.pg.test_pg_library import normalized

    with open_library(mine) as local, open_library(pg_url) as team:
        assert team.count_calls() == 3
        by_sha = {c.sha256: c.id for c in team.list_calls()}
        for call_id in ids:
            local_call = local.get_call(call_id)
            assert local_call is not None
            there = by_sha[local_call.sha256]
            assert normalized(call_to_dict(team, there)) == normalized(call_to_dict(local, call_id))
        corrected = by_sha[local.get_call(ids[0]).sha256]  # type: ignore[union-attr]
        assert [r["reviewer"] for r in team.label_correction_history(corrected)] == ["dana"]
        assert team.review_history(corrected)[0]["reviewer"] == "dana"
        assert [c.title for c in team.list_clips()] == ["greeting"]
        assert [f.name for f in team.list_filters()] == ["rushed"]
        # the copied sentences are searchable (PostgreSQL indexes them as they arrive)
        assert team.search("help")
        assert [h.call_id for h in team.search("help")] == [
            by_sha[local.get_call(h.call_id).sha256]  # type: ignore[union-attr]
            for h in local.search("help")
        ]


def test_commands_take_the_url_from_db_or_the_environment(tmp_path: Path, pg_url: str) -> None:
    with open_library(pg_url) as team:
        add_scripted_call(team, load_scripts()[0])
    home = tmp_path / "home"
    listed = cli("list", "--db", pg_url, home=home)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2 and "/calls/" in listed.stdout
    exported = cli("export", "--format", "json", home=home, env={"CALLSCOPE_DB": pg_url})
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)) == 1
    info = cli("library", "info", home=home, env={"CALLSCOPE_DB": pg_url,
                                                  "CALLSCOPE_REVIEWER": "erin"})  # fmt: skip
    assert info.returncode == 0, info.stderr
    assert "engine: PostgreSQL" in info.stdout and "reviewer: erin" in info.stdout


def test_a_server_that_is_down_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://ann:hunter2-secret@127.0.0.1:{free_port()}/team"
    for args in (("list", "--db", url), ("library", "copy", "--from", url, "--to", url)):
        done = cli(*args, home=tmp_path / "home")
        assert done.returncode == 1
        assert "hunter2-secret" not in done.stderr + done.stdout
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "ann:***@127.0.0.1" in done.stderr and "no PostgreSQL server" in done.stderr


def test_copy_refuses_a_missing_personal_library(tmp_path: Path, pg_url: str) -> None:
    done = cli("library", "copy", "--from", str(tmp_path / "nope.db"), "--to", pg_url,
               home=tmp_path / "home")  # fmt: skip
    assert done.returncode == 1 and "nope.db: no library here" in done.stderr
    assert not (tmp_path / "nope.db").exists()
