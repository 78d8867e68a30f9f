"""`reanalyze` relabels stored calls with the shipped classifier, no new transcription;
`speakers` swaps roles or moves a segment and analyses again."""

from __future__ import annotations

import pytest

from app.cli import main
from app.storage.library import Library
from kernel.domain import AGENT, CUSTOMER
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call


@pytest.fixture
def two_calls(library: Library) -> Library:
    for script in load_scripts()[:2]:
        add_scripted_call(library, script)
    return library


def test_reanalyze_relabels_every_call_once_and_keeps_corrections(
    two_calls: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from models.classifier.predict import SentenceClassifier

    version = SentenceClassifier.load().version
    first = two_calls.list_calls()[0].id
    agent = next(s for s in two_calls.get_model_analysis(first).sentences  # type: ignore[union-attr]
                 if s.speaker == AGENT)  # fmt: skip
    two_calls.correct_label(first, agent.id, "closing")
    segments_before = two_calls.get_transcript(first).segments  # type: ignore[union-attr]
    db = str(two_calls.path)
    assert main(["reanalyze", "--db", db]) == 0
    captured = capsys.readouterr()
    assert f"2 call(s) relabelled with {version}" in captured.err
    for call in two_calls.list_calls():
        settings = two_calls.analysis_settings(call.id)
        assert settings is not None and settings["classifier_version"] == version
        model = two_calls.get_model_analysis(call.id)
        assert model is not None
        assert all(s.label for s in model.sentences if s.speaker == AGENT)
    assert two_calls.get_transcript(first).segments == segments_before  # type: ignore[union-attr]
    assert two_calls.label_corrections(first)[0]["label"] == "closing"
    assert main(["reanalyze", "--db", db]) == 0  # up to date: nothing to do
    assert "0 call(s) relabelled" in capsys.readouterr().err
    assert main(["reanalyze", "--db", db, "--all", "--call", str(first)]) == 0
    assert "1 call(s) relabelled" in capsys.readouterr().err


def test_reanalyze_fast_labels_at_int8_and_a_plain_run_redoes_them(
    two_calls: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    from models.classifier.predict import SentenceClassifier

    version = SentenceClassifier.load().version
    db = str(two_calls.path)
    assert main(["reanalyze", "--db", db, "--all", "--fast"]) == 0
    assert f"2 call(s) relabelled with {version}+int8" in capsys.readouterr().err
    for call in two_calls.list_calls():
        settings = two_calls.analysis_settings(call.id)
        assert settings is not None and settings["classifier_version"] == version + "+int8"
    assert main(["reanalyze", "--db", db]) == 0  # int8 labels are not up to date
    assert f"2 call(s) relabelled with {version}" in capsys.readouterr().err


def test_speakers_swap_and_segment_reassignment(
    two_calls: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    call_id = two_calls.list_calls()[0].id
    before = two_calls.get_transcript(call_id)
    assert before is not None
    db = str(two_calls.path)
    assert main(["speakers", str(call_id), "--db", db, "--swap"]) == 0
    assert "re-analysed" in capsys.readouterr().out
    after = two_calls.get_transcript(call_id)
    assert after is not None
    swap = {AGENT: CUSTOMER, CUSTOMER: AGENT}
    assert [s.speaker for s in after.segments] == [swap[s.speaker] for s in before.segments]
    call = two_calls.get_call(call_id)
    assert call is not None and call.agent_channel == "right"
    analysis = two_calls.get_model_analysis(call_id)
    assert analysis is not None
    agent_texts = {s.text for s in analysis.sentences if s.speaker == AGENT}
    assert before.segments[1].text.split(".")[0] in " ".join(agent_texts)  # the old customer
    assert main(["speakers", str(call_id), "--db", db, "--segment", "0",
                 "--speaker", "agent"]) == 0  # fmt: skip
    moved = two_calls.get_transcript(call_id)
    assert moved is not None and moved.segments[0].speaker == AGENT
    assert main(["speakers", str(call_id), "--db", db, "--show"]) == 0
    assert "agent" in capsys.readouterr().out
    assert main(["speakers", str(call_id), "--db", db, "--segment", "999",
                 "--speaker", "agent"]) == 2  # fmt: skip
    assert main(["speakers", "12345", "--db", db, "--swap"]) == 1


def test_speakers_voice_gives_a_one_voice_call_its_role(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: a one-voice mono call (every segment "unknown") had no way to say who it is."""
    from dataclasses import replace

    from kernel.domain import UNKNOWN
    from tests.fixtures.library import add_transcript, script_analysis

    transcript, _analysis = script_analysis(load_scripts()[0])
    one_voice = replace(
        transcript,
        segments=[
            replace(s, speaker=UNKNOWN, speaker_confidence=None) for s in transcript.segments
        ],
    )
    call_id = add_transcript(library, one_voice, None, "/calls/one_voice.wav", channels=1)
    db = str(library.path)
    assert main(["speakers", str(call_id), "--db", db, "--voice", "agent"]) == 0
    assert "re-analysed" in capsys.readouterr().out
    after = library.get_transcript(call_id)
    assert after is not None and {s.speaker for s in after.segments} == {AGENT}
    analysis = library.get_model_analysis(call_id)
    assert analysis is not None and analysis.sentences
    assert all(s.speaker == AGENT and s.label for s in analysis.sentences)
