"""No planted card digit or personal detail survives storage: exports in every
format, search, the library file itself, a clip's transcript, index page and audio."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from app.cli import main
from app.clips.clip_export import export_clips
from app.pipeline.options import AnalyzeOptions
from app.pipeline.process import STORED, CallProcessor
from app.redaction.kinds import AUDIO_PADDING_S
from app.storage.library import Library
from tests.fixtures.calls import ScriptClassifier

from .conftest import dialogue
from .leaks import CARD_GROUPS, PAYMENT_CALL, PLANTED_WORDS, leaks, leaks_in_export

RATE = 8000


class _FixedTranscriber:
    """Stands in for Whisper: returns the written dialogue for any audio."""

    def __init__(self, transcript):
        self.transcript = transcript

    def transcribe_call(self, audio, **_kwargs):
        return self.transcript


def _noise_wav(path: Path, seconds: float) -> Path:
    rng = np.random.default_rng(15)
    samples = (rng.uniform(-0.3, 0.3, size=(int(seconds * RATE), 2)) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return path


def _analyse(tmp_path: Path, redact: bool) -> tuple[Library, int]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    transcript = dialogue(*PAYMENT_CALL)
    audio = _noise_wav(tmp_path / "payment.wav", transcript.duration_s + 1)
    library = Library(tmp_path / "library.db")
    processor = CallProcessor(
        library,
        AnalyzeOptions(redact=redact),
        transcriber=_FixedTranscriber(transcript),
        classifier=ScriptClassifier([], default="statement"),
    )
    outcome = processor.process(audio)
    assert outcome.status == STORED, outcome.message
    assert outcome.call_id is not None
    return library, outcome.call_id


def _exports(library: Library, tmp_path: Path) -> dict[str, str]:
    texts = {}
    for fmt in ("json", "csv", "srt", "vtt", "txt"):
        out = tmp_path / f"export.{fmt}"
        assert main(["export", "--db", str(library.path), "--format", fmt, "--out", str(out)]) == 0
        texts[fmt] = out.read_text(encoding="utf-8")
    return texts


def _library_bytes(library: Library) -> str:
    library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = b"".join(
        p.read_bytes() for p in library.path.parent.glob(library.path.name + "*") if p.is_file()
    )
    return data.decode("latin-1")


def _assert_nothing_leaks(library: Library, call_id: int, tmp_path: Path) -> None:
    for fmt, text in _exports(library, tmp_path).items():
        assert leaks(text) == [], fmt  # the whole file, times and all
        assert leaks_in_export(fmt, text, (*CARD_GROUPS, *PLANTED_WORDS)) == [], fmt
        assert "[card number]" in text, fmt
    for query in (*CARD_GROUPS, "Elm", "March", "four", "seven", "LS1", '"eight eight"'):
        assert library.search(query) == [], query
    assert [h.call_id for h in library.search("card number")] != []
    raw = _library_bytes(library)
    for secret in ("4539", "Elm Street", "665-0", "four five three nine"):
        assert secret not in raw, secret


def test_redacted_by_default_nothing_leaks(tmp_path: Path) -> None:
    library, call_id = _analyse(tmp_path, redact=True)
    kinds = [r.kind for r in library.redactions(call_id)]
    assert kinds.count("card_number") == 2  # read over two turns around the agent's "Okay."
    assert {"expiry_date", "security_code", "date_of_birth", "address"} <= set(kinds)
    assert library.is_redacted(call_id)
    _assert_nothing_leaks(library, call_id, tmp_path)


def test_labels_and_metrics_are_those_of_the_spoken_text(tmp_path: Path) -> None:
    redacted, call_id = _analyse(tmp_path / "a", redact=True)
    spoken, spoken_id = _analyse(tmp_path / "b", redact=False)
    one, other = redacted.get_model_analysis(call_id), spoken.get_model_analysis(spoken_id)
    assert one is not None and other is not None
    assert [(s.id, s.label, s.start) for s in one.sentences] == [
        (s.id, s.label, s.start) for s in other.sentences
    ]
    assert one.metrics == other.metrics and one.rushed == other.rushed
    assert not spoken.is_redacted(spoken_id) and spoken.redactions(spoken_id) == []
    assert leaks(" ".join(s.text for s in other.sentences))  # --no-redact keeps the text


def test_redact_command_cleans_a_library_analysed_without_redaction(tmp_path: Path) -> None:
    library, call_id = _analyse(tmp_path, redact=False)
    library.add_clip(call_id, 5.0, 12.0, "Card payment")
    agent = next(s for s in library.get_model_analysis(call_id).sentences if s.speaker == "agent")  # type: ignore[union-attr]
    library.correct_label(call_id, agent.id, "closing")
    assert library.search("Elm") != []
    assert main(["redact", "--all", "--db", str(library.path)]) == 0
    assert {r.kind for r in library.redactions(call_id)} >= {"card_number", "security_code"}
    _assert_nothing_leaks(library, call_id, tmp_path)
    assert library.label_corrections(call_id)[0]["label"] == "closing"  # corrections stay
    before = library.redactions(call_id)
    assert main(["redact", "--call", str(call_id), "--db", str(library.path)]) == 0
    assert library.redactions(call_id) == before  # a second run changes nothing


def test_unknown_call_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library, _call_id = _analyse(tmp_path, redact=True)
    assert main(["redact", "--call", "999", "--db", str(library.path)]) == 1
    err = capsys.readouterr().err
    assert "999" in err and "Traceback" not in err


def test_clip_transcript_page_and_audio_hide_the_card(tmp_path: Path) -> None:
    from app.ui.clips.clips_gateway import ClipsGateway

    library, call_id = _analyse(tmp_path, redact=True)
    card = [r for r in library.redactions(call_id) if r.kind == "card_number"]
    start, end = card[0].start - 3.0, card[-1].end + 3.0
    library.add_clip(call_id, start, end, "Card payment", ["pci"])
    gateway = ClipsGateway(library)
    spec = gateway.spec(gateway.rows()[0])
    result = export_clips([spec], tmp_path / "clips")
    assert not result.problems
    for path in result.files:
        if path.suffix in (".txt", ".srt", ".html"):
            text = path.read_text(encoding="utf-8")
            assert leaks(text) == [], path.name
    assert "[card number]" in (tmp_path / "clips" / "01-card-payment.txt").read_text()
    with wave.open(str(tmp_path / "clips" / "01-card-payment.wav")) as clip:
        rate = clip.getframerate()
        pcm = np.frombuffer(clip.readframes(clip.getnframes()), "<i2").reshape(-1, 2)
    for redaction in library.redactions(call_id):
        if redaction.end < start or redaction.start > end:
            continue
        lo = max(0, int((redaction.start - AUDIO_PADDING_S - start) * rate) + 1)
        hi = min(len(pcm), int((redaction.end + AUDIO_PADDING_S - start) * rate) - 1)
        assert hi > lo and np.all(pcm[lo:hi] == 0), redaction
    assert np.abs(pcm[: int(0.5 * rate)]).max() > 1000  # speech before the card still plays
