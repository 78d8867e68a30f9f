"""Export coaching clips to a folder a trainer can share: audio, transcripts, index.html.

For every clip: `NN-title.wav`, a compressed copy (`.mp3` or Opus `.ogg`),
`NN-title.txt` and `NN-title.srt`; then one `index.html` linking them by
relative names. A clip whose call audio is gone still gets its transcript
and a line on the page saying why there is no audio. Clips are call audio
and words, so like every export they are private: files 0600, a folder
created for them 0700. Runs on any thread.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.clips.clip_audio import (
    COMPRESSED_FORMATS,
    ClipAudio,
    cut_audio,
    write_compressed,
    write_wav,
)
from app.clips.clip_snippet import snippet_srt, snippet_text
from app.clips.clip_spec import ClipSpec
from app.clips.index_page import IndexEntry, render_index
from app.export.atomic import EXPORT_MODE, FOLDER_MODE, write_text_atomic
from app.redaction.audio import mute_spans
from kernel.domain import CallscopeInputError

INDEX_NAME = "index.html"
_MIMES = {"mp3": "audio/mpeg", "opus": "audio/ogg"}

Progress = Callable[[float, str], None]


@dataclass
class ExportResult:
    """What an export wrote: the folder, its index page, every file, and per-clip problems."""

    folder: Path
    index: Path
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def slugify(title: str, limit: int = 40) -> str:
    """A file-name-safe, readable title: "Fix before impact!" -> "fix-before-impact"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "clip"


def _private(path: Path) -> Path:
    """Create (or empty) `path` as 0600 before an encoder writes it, so it is never readable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, EXPORT_MODE)
    os.close(fd)
    os.chmod(path, EXPORT_MODE)  # an existing file keeps its old mode through O_CREAT
    return path


def clip_base_name(number: int, spec: ClipSpec) -> str:
    return f"{number:02d}-{slugify(spec.title)}"


def export_clip_files(spec: ClipSpec, folder: Path, base: str, fmt: str = "mp3") -> IndexEntry:
    """Write one clip's audio and transcript files into `folder`; never raises for bad audio."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    entry = IndexEntry(spec=spec, compressed_mime=_MIMES.get(fmt, "audio/mpeg"))
    text_path = folder / f"{base}.txt"
    header = f"{spec.title}\n"
    if spec.tags:
        header += f"Tags: {', '.join(spec.tags)}\n"
    if spec.note.strip():
        header += f"Note: {spec.note.strip()}\n"
    write_text_atomic(
        text_path, header + "\n" + snippet_text(spec.sentences, spec.start_s, spec.end_s)
    )
    entry.text = text_path.name
    srt_path = folder / f"{base}.srt"
    write_text_atomic(srt_path, snippet_srt(spec.sentences, spec.start_s, spec.end_s))
    entry.srt = srt_path.name
    try:
        audio = cut_audio(spec.source, spec.start_s, spec.end_s)
    except (CallscopeInputError, ValueError) as exc:
        reason = exc.reason if isinstance(exc, CallscopeInputError) else str(exc)
        entry.problems.append(f"No audio: {reason}.")
        return entry
    if spec.muted:
        audio = ClipAudio(
            mute_spans(audio.samples, audio.sample_rate, spec.muted, spec.start_s),
            audio.sample_rate,
        )
    entry.wav = write_wav(audio, _private(folder / f"{base}.wav")).name
    suffix = COMPRESSED_FORMATS[fmt][1]
    entry.compressed = write_compressed(audio, _private(folder / f"{base}{suffix}"), fmt).name
    return entry


def export_clips(
    specs: Sequence[ClipSpec],
    folder: Path | str,
    fmt: str = "mp3",
    title: str = "Coaching clips",
    progress: Progress | None = None,
) -> ExportResult:
    """Export every clip into `folder` (created) and write its index.html."""
    if fmt not in COMPRESSED_FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(COMPRESSED_FORMATS)})")
    target = Path(folder)
    target.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    entries: list[IndexEntry] = []
    result = ExportResult(folder=target, index=target / INDEX_NAME)
    total = max(1, len(specs))
    for number, spec in enumerate(specs, start=1):
        if progress:
            progress((number - 1) / total, f"Exporting {spec.title}")
        entry = export_clip_files(spec, target, clip_base_name(number, spec), fmt)
        entries.append(entry)
        for name in (entry.wav, entry.compressed, entry.text, entry.srt):
            if name:
                result.files.append(target / name)
        result.problems.extend(f"{spec.title}: {p}" for p in entry.problems)
    write_text_atomic(result.index, render_index(entries, title))
    result.files.append(result.index)
    if progress:
        progress(1.0, "Done")
    return result
