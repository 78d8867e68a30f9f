"""Issue 15 as a new user meets it: a phone call in which the customer reads a
card number, its expiry and security code (benchmarks/data/redaction_calls.json,
written for Callscope), synthesized as 8 kHz u-law stereo and mono, goes
through `main.py analyze` (real Whisper); no planted digit is left in any
export, in search, or in an exported clip's text, and the clip is silent over
the card data."""

from __future__ import annotations

import json
import re
import shutil
import wave
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from app.cli import main
from app.clips.clip_export import export_clips
from app.export.call_json import load_schema
from app.redaction.kinds import AUDIO_PADDING_S, CARD_KINDS
from app.storage.library import Library
from scripts.callsynth import synthesize_cached
from tests.app.redaction.leaks import leaks_in_export
from tests.conftest import REPO_ROOT, TEST_AUDIO_CACHE

pytestmark = pytest.mark.slow

CALLS = json.loads((REPO_ROOT / "benchmarks/data/redaction_calls.json").read_text())["calls"]
SCRIPT = next(c for c in CALLS if c["id"] == "card_payment")
CARD_PIECES = [
    piece
    for turn in SCRIPT["turns"]
    for item in turn.get("planted", [])
    if item["kind"] in CARD_KINDS
    for piece in item["pieces"]
]


@pytest.mark.parametrize("layout", ["stereo", "mono"])
def test_card_call_leaves_no_card_data_anywhere(layout: str, tmp_path: Path) -> None:
    made = synthesize_cached(
        SCRIPT, TEST_AUDIO_CACHE, layout=layout, sample_rate=8_000, encoding="ulaw"
    )
    audio = shutil.copy(made.path, tmp_path / "card_payment.wav")
    db = tmp_path / "library.db"
    assert main(["analyze", str(audio), "--db", str(db)]) == 0
    exports = {}
    for fmt in ("json", "csv", "srt", "vtt", "txt"):
        out = tmp_path / f"export.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
        exports[fmt] = out.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(exports["json"]), load_schema())
    for fmt, text in exports.items():
        assert leaks_in_export(fmt, text, CARD_PIECES) == [], fmt
        assert "[card number]" in text, fmt
    with Library(db) as library:
        call_id = library.call_ids()[0]
        kinds = {r.kind for r in library.redactions(call_id)}
        assert "card_number" in kinds and "security_code" in kinds
        for piece in CARD_PIECES:
            assert library.search(piece) == [], piece
        card = [r for r in library.redactions(call_id) if r.kind in CARD_KINDS]
        start, end = max(0.0, card[0].start - 2.0), card[-1].end + 2.0
        library.add_clip(call_id, start, end, "Taking a card payment")
        from app.ui.clips.clips_gateway import ClipsGateway

        gateway = ClipsGateway(library)
        result = export_clips([gateway.spec(gateway.rows()[0])], tmp_path / "clips")
    for path in result.files:
        if path.suffix in (".txt", ".srt", ".html"):
            page = re.sub(r"(?s)<style.*?</style>", "", path.read_text(encoding="utf-8"))
            text = re.sub(r"<[^>]+>", "\n", page)
            assert leaks_in_export("txt", text, CARD_PIECES) == [], path.name
    wav = next(p for p in result.files if p.suffix == ".wav")
    with wave.open(str(wav)) as clip:
        rate, channels = clip.getframerate(), clip.getnchannels()
        pcm = np.frombuffer(clip.readframes(clip.getnframes()), "<i2").reshape(-1, channels)
    for r in card:
        lo = int((r.start - AUDIO_PADDING_S - start) * rate) + 1
        hi = int((r.end + AUDIO_PADDING_S - start) * rate) - 1
        assert np.all(pcm[max(0, lo) : hi] == 0), r
    assert np.abs(pcm).max() > 500  # the rest of the clip still plays
