"""Review screen speed on a one-hour call (~1,000 sentences): open time and waveform time.

Run `python -m benchmarks.bench_review` (a benchmark, not a timed test: the
numbers depend on what else the machine is doing, so the load average is
recorded with them). Builds a synthetic one-hour, two-speaker call with
about a thousand sentences, analysed with the real call analyzer, in a
library; then times `CallReviewView.show_call` until the transcript is laid
out and painted (cold: first open; warm: reopening), a label correction
round trip (real SQLite library), and the waveform peaks of a one-hour stereo 8 kHz WAV (computed
off the GUI thread in the app; cold and cached). Writes
bench_results/review.json. Target: open < 500 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "review.json"
TARGET_OPEN_MS = 500.0
AGENT_LINES = [
    ("Thank you for calling Northwind, my name is Dana.", "statement"),
    ("What seems to be the problem?", "problem_question"),
    ("How is this affecting your business this week?", "impact_question"),
    ("When did it start, and which device shows the error message?", "problem_question"),
    ("I'll send a technician tomorrow morning to replace the router.", "resolution_offer"),
    ("Can you try logging in now and tell me if it works?", "resolution_check"),
    ("Can I have your account number, please?", "other_question"),
    ("I need to keep this quick, there are other customers waiting.", "rush_cue"),
    ("Is there anything else I can help you with today?", "closing"),
    ("I'm sorry to hear that, that sounds really frustrating for you.", "statement"),
]
CUSTOMER_LINES = [
    "My internet keeps dropping every few minutes since yesterday morning.",
    "Yes, I work from home and my video calls keep getting cut off in the middle.",
    "But what if it happens again on Friday when I have the big client meeting?",
    "Okay, thank you.",
    "It's the router in the hallway, the light is flashing orange.",
]


def build_call(minutes: float = 60.0, sentences: int = 1000) -> tuple[Any, Any]:
    """(Transcript, CallAnalysis) of a long synthetic call, about `sentences` sentences."""
    from kernel.domain import AGENT, CUSTOMER, Segment, Transcript, Word
    from models.analysis.call_analyzer import analyze_transcript
    from tests.fixtures.calls import ScriptClassifier

    duration = minutes * 60.0
    slot = (duration - 2.0) / sentences
    segments = []
    rng = np.random.default_rng(7)
    for n in range(sentences):
        agent = n % 2 == 0 or rng.random() < 0.2
        text = (
            AGENT_LINES[n % len(AGENT_LINES)][0]
            if agent
            else CUSTOMER_LINES[n % len(CUSTOMER_LINES)]
        )
        start = 1.0 + n * slot
        tokens = text.split()
        step = (slot * 0.85) / len(tokens)
        words = [Word(start + i * step, start + (i + 1) * step, t) for i, t in enumerate(tokens)]
        speaker = AGENT if agent else CUSTOMER
        segments.append(Segment(start, words[-1].end, speaker, text, words, 0 if agent else 1))
    transcript = Transcript(segments, "bench", duration)
    analysis = analyze_transcript(transcript, ScriptClassifier(AGENT_LINES, default="statement"))
    return transcript, analysis


def write_long_wav(path: Path, seconds: float, rate: int = 8000) -> None:
    """A stereo 16-bit WAV of speech-like bursts, written in one-minute blocks."""
    import wave

    rng = np.random.default_rng(3)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        for _minute in range(int(seconds // 60)):
            n = rate * 60
            envelope = (np.sin(np.arange(n) / rate * 2 * np.pi * 0.2) > 0).astype(np.float32)
            noise = rng.standard_normal((2, n)).astype(np.float32) * 0.15
            block = noise * np.stack([envelope, 1 - envelope])
            out.writeframes((block.T * 32767).clip(-32768, 32767).astype("<i2").tobytes())


def keep_singletons_alive() -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None (and True on signal emits)
    on every void call; without this a long run dies with "deallocating None"."""
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def time_open(view: Any, app: Any, call_id: int) -> float:
    """ms from show_call to the transcript laid out and the window painted."""
    start = time.perf_counter()
    view.show_call(call_id)
    view.transcript.doItemsLayout()  # finish the list's (batched) layout now
    view.repaint()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-audio", action="store_true", help="skip the waveform timing")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO_ROOT))
    if sys.version_info < (3, 12):
        keep_singletons_alive()

    from PySide6.QtWidgets import QApplication

    from app.storage.library import Library
    from app.ui.review.call_review_view import CallReviewView
    from app.ui.store import Store
    from app.ui.style.theme import Theme
    from app.waveform_peaks import cached_peaks
    from tests.fixtures.library import add_transcript

    app = QApplication.instance() or QApplication([])
    Theme.apply(app, "light")  # type: ignore[arg-type]
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "target_open_ms": TARGET_OPEN_MS,
    }
    t0 = time.perf_counter()
    transcript, analysis = build_call(sentences=args.sentences)
    results["build_call_s"] = round(time.perf_counter() - t0, 2)
    results["sentences"] = len(analysis.sentences)
    results["patterns"] = [hit.id for hit in analysis.patterns]

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.db")
        audio = Path(tmp) / "one_hour.wav"
        if not args.no_audio:
            write_long_wav(audio, transcript.duration_s)
        call_id = add_transcript(
            library, transcript, analysis, str(audio), agent="Dana", team="Broadband",
            call_date="2025-03-12",
        )  # fmt: skip
        store = Store(library.path)  # the screen reads through the app's Store
        view = CallReviewView(store)
        view.resize(1366 - 168, 700)
        view.show()
        app.processEvents()
        opens = [time_open(view, app, call_id) for _ in range(args.repeats)]
        results["open_ms_first"] = round(opens[0], 1)
        results["open_ms_median"] = round(statistics.median(opens), 1)
        results["open_ms_all"] = [round(v, 1) for v in opens]
        row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).is_agent)
        sentence_id = view.model.row_at(row).sentence.id
        start = time.perf_counter()
        view.correct_label(sentence_id, "impact_question")
        app.processEvents()
        results["correction_ms"] = round((time.perf_counter() - start) * 1000, 1)
        view.undo_stack.undo()

        if not args.no_audio:
            start = time.perf_counter()
            while view.timeline.peaks is None and time.perf_counter() - start < 120:
                app.processEvents()
                time.sleep(0.02)
            results["waveform_shown_after_s"] = round(time.perf_counter() - start, 2)
            cache = Path(tmp) / "peaks"
            start = time.perf_counter()
            peaks = cached_peaks(audio, cache)
            results["peaks_cold_s"] = round(time.perf_counter() - start, 2)
            start = time.perf_counter()
            cached_peaks(audio, cache)
            results["peaks_cached_ms"] = round((time.perf_counter() - start) * 1000, 1)
            results["peaks_shape"] = list(peaks.peaks.shape)
            results["audio_mb"] = round(audio.stat().st_size / 1e6, 1)
        view.close()
        store.close()
        library.close()

    results["open_ok"] = results["open_ms_median"] < TARGET_OPEN_MS
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key, value in results.items():
        print(f"{key:>18}: {value}")
    return 0 if results["open_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
