"""Who took a call, in which team, on which day: from a sidecar CSV or the file name.

Sidecar: any `*.csv` in the recording's folder with a `file` (or `filename`,
`path`) column naming it and any of `agent`, `team`, `date`/`call_date`
columns, and optionally a `vocabulary` (or `hotwords`) column of company,
product and agent names for Whisper (comma- or semicolon-separated).
File name: an ISO date (2025-03-12 or 20250312) anywhere in it, and
`agent-NAME` / `team-NAME` parts, e.g. `2025-03-12_agent-dana_team-billing_0042.wav`.
What the user gives explicitly wins over the sidecar, which wins over the name.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from app.storage.records import CallMetadata

FILE_COLUMNS = ("file", "filename", "path", "recording")
DATE_COLUMNS = ("call_date", "date")
VOCABULARY_COLUMNS = ("vocabulary", "hotwords")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_TAGGED = re.compile(r"(?:^|[_\s.])(agent|team)-([A-Za-z0-9][A-Za-z0-9 -]*?)(?=$|[_.])")


def _valid_date(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def from_file_name(path: Path) -> CallMetadata:
    stem = path.stem
    call_date = None
    for match in _ISO_DATE.finditer(stem):
        call_date = _valid_date(*match.groups())
        if call_date:
            break
    tags = {kind: value.replace("-", " ").strip().title() for kind, value in _TAGGED.findall(stem)}
    return CallMetadata(agent=tags.get("agent"), team=tags.get("team"), call_date=call_date)


def normalise_date(text: str | None) -> str | None:
    if not text:
        return None
    match = _ISO_DATE.search(text.strip())
    return _valid_date(*match.groups()) if match else None


@lru_cache(maxsize=64)
def _sidecar_sheet_rows(folder: Path, stamp: float) -> tuple[tuple[str, dict[str, str]], ...]:
    """(recording name, row with lower-case column names) of every sidecar sheet, in order."""
    del stamp  # part of the cache key: a changed folder is read again
    rows: list[tuple[str, dict[str, str]]] = []
    for sheet in sorted(folder.glob("*.csv")):
        try:
            with sheet.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                header = {name.strip().lower(): name for name in reader.fieldnames or []}
                file_key = next((header[c] for c in FILE_COLUMNS if c in header), None)
                if file_key is None:
                    continue
                for row in reader:
                    name = Path(str(row.get(file_key) or "").strip()).name
                    if name:
                        rows.append((name, {k: str(row.get(v) or "") for k, v in header.items()}))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # a broken sheet beside the calls is not the call's problem
    return tuple(rows)


def _sheet_rows(folder: Path) -> tuple[tuple[str, dict[str, str]], ...]:
    try:
        stamp = folder.stat().st_mtime
    except OSError:
        return ()
    return _sidecar_sheet_rows(folder, stamp)


def _metadata_of(row: dict[str, str]) -> CallMetadata:
    date_key = next((c for c in DATE_COLUMNS if c in row), None)
    return CallMetadata(
        agent=row.get("agent", "").strip() or None,
        team=row.get("team", "").strip() or None,
        call_date=normalise_date(row[date_key]) if date_key else None,
    )


def from_sidecar(path: Path) -> CallMetadata:
    for name, row in _sheet_rows(path.parent):
        if name == path.name:
            return _metadata_of(row)  # the first row naming it wins
    return CallMetadata()


def metadata_for(path: Path, given: CallMetadata | None = None) -> CallMetadata:
    found = from_sidecar(path).merged_over(from_file_name(path))
    return (given or CallMetadata()).merged_over(found)


def vocabulary_for(path: Path) -> str:
    """The sidecar's vocabulary text for this recording ("" when none)."""
    for name, row in _sheet_rows(path.parent):
        words = next((row[c].strip() for c in VOCABULARY_COLUMNS if c in row), "")
        if name == path.name and words:
            return words
    return ""
