"""Issue 12: a one-voice mono call showed a third "Speaker" role and no way to say who it is.

Review now says one voice was heard and asks whether it is the agent or the
customer; the answer runs `main.py speakers --voice` in a child process and
the call comes back with that role, labelled.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from app.storage.library import Library
from app.ui.review.call_review_view import CallReviewView
from app.ui.review.speaker_roles import roles_command
from kernel.domain import AGENT, UNKNOWN
from models.analysis.call_analyzer import analyze_transcript
from tests.app.ui.stores import store_of
from tests.fixtures.calls import ScriptClassifier, load_scripts
from tests.fixtures.library import add_transcript, script_analysis


def one_voice_call(library: Library) -> int:
    transcript, _ = script_analysis(load_scripts()[0])
    unknown = [replace(s, speaker=UNKNOWN, speaker_confidence=None) for s in transcript.segments]
    one_voice = replace(transcript, segments=unknown)
    analysis = analyze_transcript(one_voice, ScriptClassifier([], default="statement"))
    return add_transcript(library, one_voice, analysis, "/calls/one_voice.wav", channels=1)


def open_review(qtbot: QtBot, library: Library, call_id: int) -> CallReviewView:
    view = CallReviewView(store_of(library))
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    assert view.show_call(call_id)
    return view


def test_a_one_voice_call_asks_who_the_voice_is(qtbot: QtBot, populated_library: Library) -> None:
    call_id = one_voice_call(populated_library)
    view = open_review(qtbot, populated_library, call_id)
    assert view.roles_bar.isVisible()
    assert "one voice" in view.roles_bar.text.text()
    started: list[tuple[int, str]] = []
    view.roles.runner.start = lambda call, voice: started.append((call, voice)) or True  # type: ignore[method-assign]
    view.roles_bar.customer_button.click()
    assert started == [(call_id, "customer")]
    assert not view.roles_bar.agent_button.isEnabled()  # one change at a time
    assert roles_command(populated_library.path, call_id, "customer")[2:] == [
        "speakers", str(call_id), "--voice", "customer", "--db", str(populated_library.path),
    ]  # fmt: skip
    assert view.show_call(1)  # a two-voice call: nothing to ask
    assert not view.roles_bar.isVisible()


@pytest.mark.slow
def test_answering_gives_the_voice_its_role_and_labels(
    qtbot: QtBot, populated_library: Library
) -> None:
    call_id = one_voice_call(populated_library)
    view = open_review(qtbot, populated_library, call_id)
    assert not any(row.is_agent for row in view.model.rows())
    with qtbot.waitSignal(view.roles.runner.finished, timeout=180_000) as blocker:
        view.roles_bar.agent_button.click()
    assert blocker.args[:2] == [call_id, True], blocker.args
    assert not view.roles_bar.isVisible()
    rows = view.model.rows()
    assert rows and all(row.sentence.speaker == AGENT and row.label for row in rows)
    assert view.status_line.text().startswith("Roles set")


def test_any_call_can_have_its_speakers_swapped_from_the_transcript_menu(
    qtbot: QtBot, populated_library: Library
) -> None:
    view = open_review(qtbot, populated_library, 1)
    started: list[tuple[int, str]] = []
    view.roles.runner.start = lambda call, change: started.append((call, change)) or True  # type: ignore[method-assign]
    view.on_transcript_context_menu(view.transcript.visualRect(view.model.index(0)).center())
    swap = next(a for a in view.menu.actions() if a.text() == "Swap agent and customer…")
    view.roles.confirm_swap = lambda: False  # the reviewer thinks again
    swap.trigger()
    assert started == []
    view.roles.confirm_swap = lambda: True
    swap.trigger()
    assert started == [(1, "swap")]
    assert "Swapping agent and customer" in view.status_line.text()
    assert "--swap" in roles_command(populated_library.path, 1, "swap")
    view.menu.close()
