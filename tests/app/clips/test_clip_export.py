"""Exporting clips to a folder: per-clip files, snippets, index.html with relative links."""

from __future__ import annotations

import re
import wave
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.clips.clip_audio import padded_range
from app.clips.clip_export import export_clips, slugify
from app.clips.clip_snippet import snippet_srt, snippet_text
from app.clips.clip_spec import ClipSpec, sentences_in_range
from kernel.domain import Sentence
from models.audio.decode import decode_audio
from scripts.callsynth import SynthesizedCall


def _sentences() -> list[Sentence]:
    return [
        Sentence(0, 0.5, 2.0, "agent", "How can I help you today?", label="problem_question"),
        Sentence(1, 2.6, 5.0, "customer", "My internet keeps dropping."),
        Sentence(2, 5.6, 7.5, "agent", "Is this stopping you from working?", "impact_question"),
        Sentence(3, 8.0, 9.0, "customer", "Yes <really> & badly."),
    ]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_slugify() -> None:
    assert slugify("Fix before impact!") == "fix-before-impact"
    assert slugify("Ça coûte / 100 €") == "ca-coute-100"
    assert slugify("???") == "clip"


def test_sentences_in_range_and_snippets() -> None:
    inside = sentences_in_range(_sentences(), 4.0, 8.5)
    assert [s.id for s in inside] == [1, 2, 3]
    text = snippet_text(inside, 4.0)
    assert "[0:01.6] Agent: Is this stopping you from working?  (impact question)" in text
    srt = snippet_srt(inside, 4.0, 8.5)
    assert srt.startswith("1\n00:00:00,000 --> 00:00:01,000\nCustomer: My internet")
    assert "00:00:04,000 --> 00:00:04,500" in srt  # clamped to the clip's end


def test_export_real_call_with_padding(tmp_path: Path, short_stereo_call: SynthesizedCall) -> None:
    path, truth = short_stereo_call
    duration = float(truth["duration_s"])
    turn = truth["turns"][2]  # the agent's impact question
    start, end = padded_range(float(turn["start"]), float(turn["end"]), duration, 1.0)
    spec = ClipSpec(
        title="Impact question done right",
        source=str(path),
        start_s=start,
        end_s=end,
        tags=["impact", "good example"],
        note="Listen to how she asks about work.",
        sentences=[
            Sentence(
                0,
                float(turn["start"]),
                float(turn["end"]),
                "agent",
                turn["text"],
                label="impact_question",
            )
        ],
        agent="Dana",
    )
    result = export_clips([spec], tmp_path / "export")
    wav_path = tmp_path / "export" / "01-impact-question-done-right.wav"
    with wave.open(str(wav_path)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    expected = (float(turn["end"]) - float(turn["start"])) + 2.0  # 1 s padding each side
    assert seconds == pytest.approx(expected, abs=0.05)
    mp3 = decode_audio(tmp_path / "export" / "01-impact-question-done-right.mp3")
    assert mp3.duration_s == pytest.approx(expected, abs=0.1)
    assert result.problems == []
    assert {p.suffix for p in result.files} == {".wav", ".mp3", ".txt", ".srt", ".html"}


def test_multi_clip_index_has_relative_links(tmp_path: Path) -> None:
    from tests.app.clips.test_clip_audio import _tone_wav

    source = tmp_path / "calls" / "call one.wav"
    source.parent.mkdir()
    _tone_wav(source, seconds=12.0)
    specs = [
        ClipSpec("Jumps to the fix", str(source), 0.0, 4.0, ["P1"], "Fix came first.",
                 sentences_in_range(_sentences(), 0.0, 4.0)),
        ClipSpec("Great <impact> question", str(source), 4.5, 9.5, ["impact"], "",
                 sentences_in_range(_sentences(), 4.5, 9.5)),
        ClipSpec("Audio gone", str(tmp_path / "missing.wav"), 1.0, 2.0, [], "", []),
    ]  # fmt: skip
    result = export_clips(specs, tmp_path / "share", fmt="opus", title="Week 12")
    html = result.index.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    files = [link for link in parser.links if not link.startswith("#")]
    assert files, html
    for link in files:
        assert not re.match(r"^[a-z]+:|^/", link), link  # relative, no scheme, no root
        assert (tmp_path / "share" / link).is_file(), link
    assert '<audio controls preload="none">' in html
    assert 'type="audio/ogg"' in html
    assert "Great &lt;impact&gt; question" in html
    assert "Yes &lt;really&gt; &amp; badly." in html
    assert "Impact question</span>" in html
    assert "Fix came first." in html
    assert "No audio: the call&#x27;s audio file is missing." in html
    assert len(result.problems) == 1
    assert (tmp_path / "share" / "03-audio-gone.txt").is_file()
    assert not (tmp_path / "share" / "03-audio-gone.wav").exists()
    assert "http" not in html
