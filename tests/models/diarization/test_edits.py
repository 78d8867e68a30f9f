"""Manual fixes (swap roles, reassign a segment) and segment splitting, on plain data."""

from __future__ import annotations

import pytest

from kernel.domain import Segment, Transcript, Word
from models.diarization.diarizer import _split_segment, reassign_segment, swap_roles


def _diarized() -> Transcript:
    segments = [
        Segment(0.0, 1.0, "agent", "Hello.", [Word(0.0, 1.0, "Hello.")], 0, 0.9),
        Segment(1.5, 2.0, "customer", "Hi.", [Word(1.5, 2.0, "Hi.")], 0, 0.8),
        Segment(2.5, 3.0, "unknown", "Hm.", [Word(2.5, 3.0, "Hm.")], 0, None),
    ]
    block = {"status": "low_confidence", "agent_voice": 0, "turns": [[0.0, 1.0, "agent"]]}
    return Transcript(segments, "test", 3.0, diarization=block)


def test_swap_roles_swaps_everything_and_keeps_the_original() -> None:
    original = _diarized()
    swapped = swap_roles(original)
    assert [s.speaker for s in swapped.segments] == ["customer", "agent", "unknown"]
    assert swapped.diarization is not None
    assert swapped.diarization["turns"] == [[0.0, 1.0, "customer"]]
    assert swapped.diarization["agent_voice"] == 1
    assert swapped.diarization["edits"] == [{"action": "swap_roles"}]
    assert [s.speaker for s in original.segments] == ["agent", "customer", "unknown"]
    assert original.diarization is not None and "edits" not in original.diarization
    assert [s.speaker for s in swap_roles(swapped).segments] == ["agent", "customer", "unknown"]


def test_reassign_segment() -> None:
    fixed = reassign_segment(_diarized(), 2, "customer")
    assert fixed.segments[2].speaker == "customer"
    assert fixed.segments[2].speaker_confidence == 1.0
    assert fixed.diarization is not None
    assert fixed.diarization["edits"][-1] == {
        "action": "reassign_segment",
        "segment": 2,
        "from": "unknown",
        "to": "customer",
    }
    with pytest.raises(ValueError):
        reassign_segment(_diarized(), 0, "supervisor")
    with pytest.raises(IndexError):
        reassign_segment(_diarized(), 3, "agent")


def test_split_keeps_the_text_spacing() -> None:
    words = [Word(0, 1, "Right?"), Word(1, 2, "CL4"), Word(2, 3, ".49"), Word(3, 4, "Okay.")]
    segment = Segment(0, 4, "unknown", "Right? CL4.49 Okay.", words, 0)
    labels: list[tuple[str, float | None]] = [
        ("customer", 0.9),
        ("agent", 0.8),
        ("agent", 0.6),
        ("unknown", None),
    ]
    pieces = _split_segment(segment, labels)
    assert [(p.speaker, p.text) for p in pieces] == [
        ("customer", "Right?"),
        ("agent", "CL4.49"),
        ("unknown", "Okay."),
    ]
    assert pieces[1].start == 1 and pieces[1].end == 3
    assert pieces[1].speaker_confidence == pytest.approx(0.7)
    assert pieces[2].speaker_confidence is None


def test_manual_fixes_import_no_heavy_modules() -> None:
    """The review UI can import swap_roles/reassign_segment without torch or sklearn."""
    import subprocess
    import sys

    code = (
        "import sys, models.diarization.diarizer; "
        "print(sorted(m for m in ('torch', 'sklearn', 'whisper') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
