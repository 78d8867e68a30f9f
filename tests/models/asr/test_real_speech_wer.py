"""Whisper tiny.en and base on real recorded speech with reference text (issue 14).

Measured (benchmarks/bench_real_voices.py, four recordings, 68 s): pooled WER
tiny.en 0.021 (16 kHz) / 0.048 (8 kHz mu-law), base 0.007 / 0.027. The bounds
leave one or two words of room on the 142 reference words.
"""

from __future__ import annotations

import pytest

WER_MAX = {
    ("tiny.en", "16k"): 0.04,
    ("tiny.en", "8k_ulaw"): 0.07,
    ("base", "16k"): 0.02,
    ("base", "8k_ulaw"): 0.045,
}


@pytest.mark.slow
def test_wer_on_real_speech_and_base_beats_tiny() -> None:
    from benchmarks.bench_real_voices import wer_by_model

    results = wer_by_model(("tiny.en", "base"))
    for (model, variant), bound in WER_MAX.items():
        entry = results[f"{model}/all/{variant}"]
        assert entry["calls"] >= 4
        assert entry["wer"] <= bound, (model, variant, entry)
    for variant in ("16k", "8k_ulaw"):
        assert results[f"base/all/{variant}"]["wer"] < results[f"tiny.en/all/{variant}"]["wer"]
