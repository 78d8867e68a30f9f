"""Role assignment from what each voice says (no audio)."""

from __future__ import annotations

from kernel.domain import LABELS, Prediction
from models.diarization.roles import (
    AGENT_LIKE_LABELS,
    CLASSIFIER_WEIGHT,
    HINT_MARGIN,
    HINT_MAX_SENTENCES,
    RoleHint,
    assign_roles,
    sentences,
    voice_evidence,
)

CALL = [
    (1, "Hello? Is anyone there?"),
    (0, "Yes, thank you for calling Northwind, my name is Dana. How can I help you today?"),
    (1, "My router keeps dropping the connection since yesterday."),
    (0, "I am sorry to hear that. Can I have your account number please?"),
    (1, "It is four five seven."),
    (0, "I will send a technician tomorrow. Is there anything else I can help you with?"),
    (1, "No, that is all, thanks."),
]


def test_agent_found_although_the_customer_speaks_first() -> None:
    decision = assign_roles(CALL)
    assert decision.agent_voice == 0
    assert decision.confidence > 0.99
    contributions = decision.evidence["contributions"]
    # Every contribution is log-odds that voice 0 is the agent: both cues point there.
    assert contributions["greeting"] > 0 and contributions["calling_about"] > 0


def test_voice_numbers_do_not_matter() -> None:
    swapped = [(1 - voice, text) for voice, text in CALL]
    decision = assign_roles(swapped)
    assert decision.agent_voice == 1
    assert decision.score == -assign_roles(CALL).score


def test_no_evidence_means_no_confidence() -> None:
    decision = assign_roles([(0, "Okay."), (1, "Okay.")])
    assert decision.confidence == 0.5


def test_classifier_hint_decides_when_phrases_do_not() -> None:
    turns = [
        (0, "The weather is odd today."),
        (1, "When did the problem start? What does the error say?"),
        (0, "Last week. It says nothing."),
    ]

    def hint(pairs: list[tuple[str, str]]) -> list[Prediction]:
        out = []
        for text, _context in pairs:
            label = "problem_question" if text.endswith("?") else "statement"
            scores = {name: (0.9 if name == label else 0.1 / 7) for name in LABELS}
            out.append(Prediction(label, scores[label], scores))
        return out

    plain = assign_roles(turns)
    hinted = assign_roles(turns, role_hint=hint)
    assert hinted.agent_voice == 1
    assert hinted.confidence > plain.confidence
    assert hinted.evidence["voices"]["1"]["classifier_agent_like"] > 0.8
    assert "problem_question" in AGENT_LIKE_LABELS


def test_evidence_counts() -> None:
    found = voice_evidence(["Thank you for calling. How can I help you?", "Okay."])
    assert found["greeting"] == 2 and found["questions"] == 1 and found["sentences"] == 3
    assert sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]


def _counting_hint(calls: list[int]) -> RoleHint:
    def hint(pairs: list[tuple[str, str]]) -> list[Prediction]:
        calls.append(len(pairs))
        scores = {name: 1 / len(LABELS) for name in LABELS}
        return [Prediction("statement", scores["statement"], scores) for _ in pairs]

    return hint


def test_classifier_not_asked_when_the_phrases_decide() -> None:
    calls: list[int] = []
    strong = [*CALL, (0, "Thank you for calling, have a great day.")]
    plain = assign_roles(strong)
    assert abs(plain.score) >= CLASSIFIER_WEIGHT + HINT_MARGIN
    hinted = assign_roles(strong, role_hint=_counting_hint(calls))
    assert calls == []  # its term could not reach the margin the phrases give
    assert hinted.agent_voice == plain.agent_voice and hinted.score == plain.score
    assert hinted.evidence["classifier"]["asked"] is False


def test_classifier_asked_on_at_most_the_cap_per_voice() -> None:
    calls: list[int] = []
    turns = [(i % 2, f"Sentence number {i}. Another one {i}.") for i in range(80)]
    decision = assign_roles(turns, role_hint=_counting_hint(calls))
    assert calls == [2 * HINT_MAX_SENTENCES]
    assert decision.evidence["classifier"] == {"asked": True, "sentences": 2 * HINT_MAX_SENTENCES}


def test_a_turn_opening_with_the_business_and_agent_names_points_to_the_agent() -> None:
    # The agent answers with names only; the caller greets the agent by name and
    # introduces herself; nothing else tells them apart.
    turns = [
        (0, "Strike Zone, this is Tyler."),
        (1, "Hi Tyler, this is Rosa. I booked the party package for Friday."),
        (0, "Okay, booking number quick."),
        (1, "It's four one eight."),
    ]
    decision = assign_roles(turns)
    assert decision.evidence["voices"]["0"]["named_opening"] == 1
    assert decision.evidence["voices"]["1"]["named_opening"] == 0
    assert decision.evidence["contributions"]["named_opening"] > 0
    assert decision.agent_voice == 0
    for caller in (
        "Yeah, it's Mark.",
        "Morning, it's Jean from number four.",
        "The thing is, it's Monday.",
    ):
        assert voice_evidence([caller])["named_opening"] == 0, caller
    assert voice_evidence(["The Loom House, this is Poppy."])["named_opening"] == 1
