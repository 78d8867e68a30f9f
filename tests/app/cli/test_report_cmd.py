"""`main.py report`: arguments, the agreed Library call, output; a fake Library stands in."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest

from app.cli import main
from kernel.domain import CallSummary


class FakeLibrary:
    """Records how the command used it; returns two analysed calls."""

    opened: ClassVar[list[Path]] = []
    asked: ClassVar[list[tuple[str | None, str | None]]] = []

    def __init__(self, db_path: Path) -> None:
        FakeLibrary.opened.append(Path(db_path))

    def call_summaries(self, date_from: str | None, date_to: str | None) -> list[CallSummary]:
        FakeLibrary.asked.append((date_from, date_to))
        metrics: dict[str, Any] = {"impact_questions": 1, "problem_questions": 1}
        return [
            CallSummary(1, "a.wav", 60, "analysed", "Dana", "Broadband", "2024-03-04", True,
                        ["P1"], metrics),
            CallSummary(2, "b.wav", 60, "analysed", "Ben", "Broadband", "2024-04-04", False,
                        [], metrics),
        ]  # fmt: skip


@pytest.fixture
def fake_library(monkeypatch: pytest.MonkeyPatch) -> type[FakeLibrary]:
    module = types.ModuleType("app.storage.library")
    module.Library = FakeLibrary  # type: ignore[attr-defined]
    if "app.storage" not in sys.modules:
        try:
            import app.storage  # noqa: F401
        except ModuleNotFoundError:
            monkeypatch.setitem(sys.modules, "app.storage", types.ModuleType("app.storage"))
    monkeypatch.setitem(sys.modules, "app.storage.library", module)
    FakeLibrary.opened, FakeLibrary.asked = [], []
    return FakeLibrary


def test_report_json_by_agent(
    fake_library: type[FakeLibrary], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "lib.db"
    db.touch()
    code = main(["report", "--db", str(db), "--format", "json", "--period", "none",
                 "--from", "2024-03-01", "--to", "2024-03-31"])  # fmt: skip
    assert code == 0
    assert fake_library.opened == [db] and fake_library.asked == [("2024-03-01", "2024-03-31")]
    rows = json.loads(capsys.readouterr().out)
    # The fake ignores the dates; the command still keeps only the range.
    assert [(r["group"], r["calls"], r["rushed_share"]) for r in rows] == [("Dana", 1, 1.0)]


def test_report_table_by_team_defaults_to_the_default_db(
    fake_library: type[FakeLibrary], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    db = tmp_path / "default.db"
    db.touch()
    monkeypatch.setenv("CALLSCOPE_DB", str(db))
    assert main(["report", "--by", "team", "--period", "month"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert fake_library.opened == [db] and fake_library.asked == [(None, None)]
    assert out[0].split()[:2] == ["team", "period"]
    assert [line.split()[:3] for line in out[2:]] == [
        ["Broadband", "2024-03", "1"],
        ["Broadband", "2024-04", "1"],
    ]


def test_report_csv(fake_library: type[FakeLibrary], tmp_path: Path,
                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    db = tmp_path / "lib.db"
    db.touch()
    assert main(["report", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("group,period,calls,rushed_share,P1_share")


def test_missing_library_and_bad_dates(
    fake_library: type[FakeLibrary], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--db", str(tmp_path / "nope.db")]) == 1
    assert "no library here" in capsys.readouterr().err
    assert fake_library.opened == []
    db = tmp_path / "lib.db"
    db.touch()
    assert main(["report", "--db", str(db), "--from", "2024-05-01", "--to", "2024-04-01"]) == 2
    with pytest.raises(SystemExit):
        main(["report", "--from", "March"])
    assert "is not a date" in capsys.readouterr().err
