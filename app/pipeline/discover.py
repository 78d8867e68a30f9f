"""Expand the user's paths into audio files, naming what cannot be used."""

from __future__ import annotations

import os
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


def _holds_audio(folder: Path) -> bool:
    return any(is_audio_name(p) and not p.is_dir() for p in folder.rglob("*"))


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Files as given (any suffix: the decoder judges them) and audio files under folders.

    A folder without audio files, or a path that does not exist, is a problem
    named with its reason; duplicates are listed once, in the order given.
    Audio-named entries in a folder that are not regular files (named pipes,
    sockets, symlink loops, broken links) are listed too: the decoder refuses
    each with its reason rather than the batch skipping it without a word.
    """
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if is_audio_name(p) and not p.name.startswith(".") and not p.is_dir()
            )
            if not inside:
                found.problems.append((str(path), "folder has no audio files"))
            candidates = inside
            found.problems.extend(
                (str(p), "folder named like an audio file, with no audio files in it")
                for p in sorted(path.rglob("*"))
                if p.is_dir() and is_audio_name(p) and not _holds_audio(p)
            )
        elif os.path.lexists(path):  # a symlink loop or broken link: the decoder says which
            candidates = [path]
        else:
            found.problems.append((str(path), "no such file or folder"))
            candidates = []
        for candidate in candidates:
            try:
                key = candidate.resolve()
            except (OSError, RuntimeError):  # symlink loop
                key = candidate.absolute()
            if key not in seen:
                seen.add(key)
                found.files.append(candidate)
    return found
