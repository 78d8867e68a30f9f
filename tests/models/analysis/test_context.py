"""The call context the classifier sees, and the two-pass labelling that fills in fixes."""

from __future__ import annotations

from kernel.domain import LABELS, Prediction
from models.analysis.call_analyzer import label_sentences
from models.analysis.context import (
    CALL_FORMAT,
    CALL_FORMAT_V1,
    PLAIN_FORMAT,
    CallContext,
    call_contexts,
)
from models.classifier.inputs import CALL_INPUT_FORMAT
from tests.models.analysis.helpers import dialogue

CALL = [
    ("a", "Thanks for calling Harbor Bank, this is Anna."),
    ("c", "Hi."),
    ("a", "How can I help?"),
    ("c", "My card is declined."),
    ("a", "I've removed the block on it."),
    ("c", "Okay."),
    ("a", "Is the light green now?"),
    ("a", "Thanks for calling Harbor Bank."),
]


def test_contexts_carry_customer_previous_agent_fix_and_opening() -> None:
    sentences = dialogue(
        [(s, t, "resolution_offer" if i == 4 else "statement") for i, (s, t) in enumerate(CALL)]
    )
    found = {i: c for i, _, c in call_contexts(sentences)}
    assert found[0] == CallContext("", "", False, True, False)
    assert found[2].opening and found[2].customer == "Hi."  # "Hi." is no problem yet
    assert found[4].opening is False and found[4].fix_made is False
    assert found[6] == CallContext("Okay.", "I've removed the block on it.", True, False, True)
    assert found[7].previous_agent == "Is the light green now?" and not found[7].opening


def test_only_the_agents_last_turn_is_marked_call_end() -> None:
    sentences = dialogue([*CALL, ("c", "Bye.")])
    found = {i: c.last_turn for i, _, c in call_contexts(sentences)}
    # the last run of agent sentences (6, 7) with no customer sentence between them
    assert found == {0: False, 2: False, 4: False, 6: True, 7: True}
    assert [c.last_turn for _, _, c in call_contexts(dialogue(CALL[:3]))] == [False, True]


def test_call_end_is_rendered_after_the_fix_flag_in_v2_only() -> None:
    context = CallContext("No, that's all.", "Anything else?", True, False, True)
    assert context.render(CALL_FORMAT) == (
        "fix made. call end. No, that's all. agent before: Anything else?"
    )
    assert (
        context.render(CALL_FORMAT_V1) == "fix made. No, that's all. agent before: Anything else?"
    )


def test_render_puts_flags_first_and_plain_format_is_the_customer_alone() -> None:
    context = CallContext("It still blinks.", "I've reset it.", True, False)
    assert context.render(CALL_FORMAT) == "fix made. It still blinks. agent before: I've reset it."
    assert CallContext("Hi.", "", None, True).render() == "call start. Hi."
    assert context.render(PLAIN_FORMAT) == "It still blinks."
    assert CallContext("x").render() == "x"  # nothing known: the first model's input
    assert CALL_FORMAT == CALL_INPUT_FORMAT


class KeywordClassifier:
    """Offers for "I've"; checks only when told a fix was made; else problem questions."""

    version = "stub"
    input_format = CALL_FORMAT

    def __init__(self) -> None:
        self.batches: list[list[tuple[str, str]]] = []

    def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        self.batches.append(list(pairs))
        out = []
        for text, context in pairs:
            if text.startswith("I've"):
                label = "resolution_offer"
            elif text.endswith("?"):
                label = (
                    "resolution_check" if context.startswith("fix made.") else "problem_question"
                )
            else:
                label = "statement"
            out.append(Prediction(label, 0.9, {n: 0.9 if n == label else 0.1 / 7 for n in LABELS}))
        return out


def test_second_pass_relabels_every_sentence_after_a_found_fix() -> None:
    stub = KeywordClassifier()
    labelled = label_sentences(dialogue(CALL), stub)
    by_text = {s.text: s.label for s in labelled}
    assert by_text["How can I help?"] == "problem_question"
    assert by_text["Is the light green now?"] == "resolution_check"
    # Everything after the first offer is seen again with "fix made" (as in training);
    # the offer itself and what came before it are not.
    assert len(stub.batches) == 2
    assert [t for t, _ in stub.batches[1]] == [
        "Is the light green now?",
        "Thanks for calling Harbor Bank.",
    ]


class ClosingClassifier:
    """Reads every "Thanks for calling" as a closing, like a model that never saw greetings."""

    version = "stub"

    def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
        out = []
        for text, _ in pairs:
            label = "closing" if text.startswith("Thanks for calling") else "statement"
            scores = {n: 0.05 / 6 for n in LABELS}
            scores.update({label: 0.9, "statement" if label == "closing" else "closing": 0.05})
            out.append(Prediction(label, 0.9, scores))
        return out


def test_a_closing_before_the_customer_said_anything_is_a_greeting() -> None:
    labelled = label_sentences(dialogue(CALL), ClosingClassifier())
    assert labelled[0].label == "statement"  # opening: "Hi." is only courtesy
    assert abs(labelled[0].confidence - 0.95) < 1e-9 and labelled[0].scores["closing"] == 0.0
    assert labelled[7].label == "closing"  # the same words at the end close the call
