"""Issue 6's promise end to end: a mono phone recording analysed with `analyze`
puts the right speaker on the words, and its analysis matches the same call
recorded in stereo (real flite audio, Whisper, diarization, classifier)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from scripts.callsynth import synthesize_cached
from tests.conftest import REPO_ROOT, TEST_AUDIO_CACHE

pytestmark = pytest.mark.slow

SCRIPT = REPO_ROOT / "tests" / "data" / "mono_calls" / "billing_rms_awb.json"
WORD_SPEAKER_MIN = 0.95  # issue 6 target; see the test run


def _analyse(path: Path, db: Path) -> dict[str, Any]:
    assert main(["analyze", str(path), "--db", str(db)]) == 0
    out = db.with_suffix(".json")
    assert main(["export", "--db", str(db), "--format", "json", "--out", str(out)]) == 0
    (call,) = json.loads(out.read_text(encoding="utf-8"))
    return dict(call)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any], Any]:
    script = json.loads(SCRIPT.read_text(encoding="utf-8"))
    stereo = synthesize_cached(script, TEST_AUDIO_CACHE, layout="stereo", sample_rate=8_000,
                               encoding="ulaw")  # fmt: skip
    mono = synthesize_cached(script, TEST_AUDIO_CACHE, layout="mono", sample_rate=8_000,
                             encoding="ulaw")  # fmt: skip
    folder = tmp_path_factory.mktemp("mono-vs-stereo")
    return _analyse(stereo.path, folder / "s.db"), _analyse(mono.path, folder / "m.db"), mono.truth


def _speaker_at(truth: Any, moment: float) -> str | None:
    for turn in truth["turns"]:
        if turn["start"] - 0.15 <= moment <= turn["end"] + 0.15:
            return str(turn["speaker"])
    return None


def test_mono_words_get_the_right_speaker(both: tuple[dict[str, Any], dict[str, Any], Any]) -> None:
    _stereo, mono, truth = both
    assert mono["channels"] == 1
    assert mono["diarization"]["status"] == "ok"
    judged = right = 0
    for segment in mono["segments"]:
        assert segment["speaker_confidence"] is not None
        for word in segment["words"]:
            expected = _speaker_at(truth, (word["start"] + word["end"]) / 2)
            if expected is None:
                continue
            judged += 1
            right += segment["speaker"] == expected
    assert judged > 50 and right / judged >= WORD_SPEAKER_MIN


def test_mono_analysis_matches_stereo(both: tuple[dict[str, Any], dict[str, Any], Any]) -> None:
    stereo, mono, _truth = both
    assert mono["rushed"] == stereo["rushed"]

    # P5 needs separate channels: never judged on mono. P6 is a 30 s threshold
    # that this call's first offer sits close to (~32 s), so a word time moved
    # by the mixed audio can flip it; the patterns that decide "rushed" must match.
    def deciding(call: dict[str, Any]) -> list[str]:
        return sorted(p["id"] for p in call["patterns"] if p["id"] in ("P1", "P2", "P3", "P4"))

    assert deciding(mono) == deciding(stereo)
    stereo_agent = [x for x in stereo["sentences"] if x["speaker"] == "agent"]
    mono_agent = [x for x in mono["sentences"] if x["speaker"] == "agent"]
    matched = agree = 0
    for sentence in stereo_agent:  # the same sentence heard in the mono file, by its words
        best = max(mono_agent, key=lambda m: _overlap(sentence["text"], m["text"]))
        if _overlap(sentence["text"], best["text"]) >= 0.6:
            matched += 1
            agree += best["label"] == sentence["label"]
    assert matched >= 0.8 * len(stereo_agent)
    assert agree >= 0.9 * matched


def _overlap(a: str, b: str) -> float:
    words_a = set("".join(c if c.isalnum() else " " for c in a.lower()).split())
    words_b = set("".join(c if c.isalnum() else " " for c in b.lower()).split())
    return len(words_a & words_b) / max(len(words_a | words_b), 1)
