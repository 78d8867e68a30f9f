"""The index.html of an exported clip folder: opens offline in any browser, relative links only.

Everything a trainer needs is on one page: each clip's title, tags, coaching
note, where it comes from, an audio player and the labelled transcript. No
scripts, no remote fonts or styles; light and dark follow the reader's system.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from app.clips.clip_snippet import clock, speaker_name
from app.clips.clip_spec import ClipSpec
from app.label_colors import LABEL_COLORS, label_title
from kernel.domain import AGENT


@dataclass
class IndexEntry:
    """One exported clip: its spec and the file names written next to index.html."""

    spec: ClipSpec
    wav: str | None = None
    compressed: str | None = None
    compressed_mime: str = "audio/mpeg"
    text: str | None = None
    srt: str | None = None
    problems: list[str] = field(default_factory=list)  # e.g. "audio file missing"


def _href(name: str) -> str:
    """A relative link to a file in the same folder (spaces and # escaped)."""
    return escape(quote(name), quote=True)


def _label_css() -> str:
    light = []
    dark = []
    for label, color in LABEL_COLORS.items():
        light.append(
            f".lab-{label}{{color:{color.light_text};background:{color.light_fill};"
            f"{'font-weight:700;' if color.strong else ''}}}"
        )
        dark.append(f".lab-{label}{{color:{color.dark_text};background:{color.dark_fill};}}")
    return "\n".join(light) + "\n@media (prefers-color-scheme: dark){\n" + "\n".join(dark) + "\n}"


_CSS = """
:root{color-scheme:light dark;--bg:#f4f5f7;--card:#fff;--text:#1d2228;--muted:#5c6570;
--border:#cfd4da;--accent:#2563b8}
@media (prefers-color-scheme: dark){:root{--bg:#1f2227;--card:#272b31;--text:#e6e8eb;
--muted:#a1a8b3;--border:#464c55;--accent:#5b9bf0}}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);
color:var(--text);margin:0;padding:24px;line-height:1.45}
main{max-width:900px;margin:0 auto}
h1{font-size:1.6em;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 20px}
nav ol{margin:0 0 24px;padding-left:1.4em}
nav a,.files a{color:var(--accent)}
article{background:var(--card);border:1px solid var(--border);border-radius:10px;
padding:16px 20px;margin:0 0 20px}
article h2{font-size:1.25em;margin:0 0 6px}
.meta{color:var(--muted);font-size:.92em;margin:0 0 8px}
.tags{margin:0 0 10px}
.tag{display:inline-block;border:1px solid var(--border);border-radius:999px;padding:1px 10px;
margin:0 4px 4px 0;font-size:.88em}
.note{border-left:4px solid var(--accent);padding:6px 12px;margin:0 0 12px;white-space:pre-wrap}
audio{width:100%;margin:4px 0 10px}
.problem{color:#b42318;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.95em}
td{padding:4px 6px;vertical-align:top;border-top:1px solid var(--border)}
td.t{color:var(--muted);white-space:nowrap;font-variant-numeric:tabular-nums}
td.who{white-space:nowrap;font-weight:600}
tr.customer td.who{color:var(--muted)}
.lab{display:inline-block;border-radius:4px;padding:0 6px;font-size:.82em;margin-left:6px;
white-space:nowrap}
.files{font-size:.9em;margin-top:10px}
"""


def _transcript_rows(spec: ClipSpec) -> str:
    rows = []
    for sentence in spec.sentences:
        who = speaker_name(sentence.speaker)
        chip = ""
        if sentence.speaker == AGENT and sentence.label:
            chip = (
                f'<span class="lab lab-{escape(sentence.label)}">'
                f"{escape(label_title(sentence.label))}</span>"
            )
        css = "agent" if sentence.speaker == AGENT else "customer"
        rows.append(
            f'<tr class="{css}"><td class="t">{clock(max(0.0, sentence.start - spec.start_s))}'
            f'</td><td class="who">{escape(who)}</td><td>{escape(sentence.text)}{chip}</td></tr>'
        )
    if not rows:
        return '<p class="meta">No transcript in this stretch.</p>'
    return "<table>" + "".join(rows) + "</table>"


def _meta(spec: ClipSpec) -> str:
    parts = []
    if spec.agent:
        parts.append(f"Agent {escape(spec.agent)}")
    if spec.team:
        parts.append(f"team {escape(spec.team)}")
    if spec.call_date:
        parts.append(escape(spec.call_date))
    source = spec.source.replace("\\", "/").rsplit("/", 1)[-1]
    if source:
        parts.append(escape(source))
    parts.append(f"{clock(spec.start_s)}–{clock(spec.end_s)} of the call ({spec.duration_s:.1f} s)")
    return " · ".join(parts)


def _article(number: int, entry: IndexEntry) -> str:
    spec = entry.spec
    tags = "".join(f'<span class="tag">{escape(tag)}</span>' for tag in spec.tags)
    note = f'<div class="note">{escape(spec.note)}</div>' if spec.note.strip() else ""
    sources = []
    if entry.compressed:
        sources.append(
            f'<source src="{_href(entry.compressed)}" type="{escape(entry.compressed_mime)}">'
        )
    if entry.wav:
        sources.append(f'<source src="{_href(entry.wav)}" type="audio/wav">')
    audio = f'<audio controls preload="none">{"".join(sources)}</audio>' if sources else ""
    problems = "".join(f'<p class="problem">{escape(p)}</p>' for p in entry.problems)
    links = [
        f'<a href="{_href(name)}">{kind}</a>'
        for kind, name in (
            ("MP3" if entry.compressed_mime == "audio/mpeg" else "Ogg Opus", entry.compressed),
            ("WAV", entry.wav),
            ("Transcript", entry.text),
            ("Subtitles (SRT)", entry.srt),
        )
        if name
    ]
    files = f'<p class="files">Files: {" · ".join(links)}</p>' if links else ""
    return (
        f'<article id="clip-{number}"><h2>{number}. {escape(spec.title)}</h2>'
        f'<p class="meta">{_meta(spec)}</p>'
        f"{f'<div class=tags>{tags}</div>' if tags else ''}{note}{problems}{audio}"
        f"{_transcript_rows(spec)}{files}</article>"
    )


def render_index(entries: Sequence[IndexEntry], title: str = "Coaching clips") -> str:
    """The whole page as a string (UTF-8 when written)."""
    toc = "".join(
        f'<li><a href="#clip-{n}">{escape(e.spec.title)}</a></li>'
        for n, e in enumerate(entries, start=1)
    )
    count = len(entries)
    body = "".join(_article(n, e) for n, e in enumerate(entries, start=1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}{_label_css()}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>"
        f'<p class="sub">{count} clip{"" if count == 1 else "s"} exported from Callscope. '
        "Everything on this page works offline; keep the files in this folder together.</p>"
        f"<nav><ol>{toc}</ol></nav>{body}</main></body></html>\n"
    )
