"""Which files a batch takes, and who/when a call is from (sidecar CSV, file name)."""

from __future__ import annotations

import os
from pathlib import Path

from app.pipeline.discover import discover
from app.pipeline.metadata import from_file_name, metadata_for
from app.storage.records import CallMetadata


def test_folders_are_searched_recursively_for_audio_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.wav", "a/b/two.MP3", "a/notes.txt", "a/.hidden.wav", "a/b/three.opus"):
        (tmp_path / name).write_bytes(b"x")
    found = discover([tmp_path / "a"])
    assert sorted(p.name for p in found.files) == ["one.wav", "three.opus", "two.MP3"]
    assert found.problems == []


def test_problems_name_the_path_and_reason(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no audio here")
    found = discover([empty, tmp_path / "missing.wav"])
    assert found.files == []
    assert found.problems == [
        (str(empty), "folder has no audio files"),
        (str(tmp_path / "missing.wav"), "no such file or folder"),
    ]


def test_a_file_given_twice_is_taken_once_and_any_suffix_is_tried(tmp_path: Path) -> None:
    odd = tmp_path / "call.data"
    odd.write_bytes(b"x")
    found = discover([odd, tmp_path / "." / "call.data"])
    assert found.files == [odd]


def test_odd_entries_in_a_folder_are_listed_for_the_decoder_to_name(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "good.wav").write_bytes(b"x")
    os.mkfifo(folder / "pipe.wav")
    (folder / "loop.wav").symlink_to("loop.wav")
    (folder / "broken.mp3").symlink_to("gone.mp3")
    (folder / "named.wav").mkdir()
    found = discover([folder, tmp_path / "calls" / "loop.wav"])
    assert sorted(p.name for p in found.files) == ["broken.mp3", "good.wav", "loop.wav", "pipe.wav"]
    assert found.problems == [
        (str(folder / "named.wav"), "folder named like an audio file, with no audio files in it")
    ]
    alone = discover([folder / "loop.wav"])  # given directly, a loop is not "no such file"
    assert alone.files == [folder / "loop.wav"] and alone.problems == []


def test_file_name_pattern() -> None:
    meta = from_file_name(Path("2025-03-12_agent-dana-whitfield_team-billing_0042.wav"))
    assert meta == CallMetadata(agent="Dana Whitfield", team="Billing", call_date="2025-03-12")
    assert from_file_name(Path("rec_20240229_1130.wav")).call_date == "2024-02-29"
    assert from_file_name(Path("rec_20240230.wav")).call_date is None  # no such day
    assert from_file_name(Path("call.wav")) == CallMetadata()


def test_sidecar_csv_beats_the_file_name_and_the_user_beats_both(tmp_path: Path) -> None:
    audio = tmp_path / "2025-01-01_agent-zed.wav"
    audio.write_bytes(b"x")
    (tmp_path / "calls.csv").write_text(
        "File,Agent,Team,Date\n2025-01-01_agent-zed.wav,Dana,Billing,2025-02-03\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.csv").write_bytes(b"\xff\xfe\x00garbage")
    assert metadata_for(audio) == CallMetadata("Dana", "Billing", "2025-02-03")
    assert metadata_for(audio, CallMetadata(agent="Lee")) == CallMetadata(
        "Lee", "Billing", "2025-02-03"
    )
