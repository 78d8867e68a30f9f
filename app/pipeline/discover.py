"""Expand the user's paths into audio files, naming what cannot be used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Containers PyAV decodes that can hold a call recording (audio or video).
AUDIO_SUFFIXES = frozenset(
    {
        ".wav",
        ".mp3",
        ".m4a",
        ".aac",
        ".ogg",
        ".oga",
        ".opus",
        ".flac",
        ".wma",
        ".amr",
        ".webm",
        ".mp4",
        ".mkv",
        ".mov",
        ".au",
        ".aif",
        ".aiff",
        ".caf",
    }
)


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def is_audio_name(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Files as given (any suffix: the decoder judges them) and audio files under folders.

    A folder without audio files, or a path that does not exist, is a problem
    named with its reason; duplicates are listed once, in the order given.
    """
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and is_audio_name(p) and not p.name.startswith(".")
            )
            if not inside:
                found.problems.append((str(path), "folder has no audio files"))
            candidates = inside
        elif path.exists():
            candidates = [path]
        else:
            found.problems.append((str(path), "no such file or folder"))
            candidates = []
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found
