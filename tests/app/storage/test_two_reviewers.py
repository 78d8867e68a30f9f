"""Two reviewers correcting one call at once lose nothing (issue 16), on both engines.

Two processes open the same library as "alice" and "bob", wait for each
other at a barrier, then correct the same agent sentences and patterns of one
call at the same time. Afterwards every reviewer's corrections are kept with
their authors, the effective label of each sentence is the latest correction,
and each review is in the history.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from app.storage.engine import open_library
from kernel.domain import AGENT
from tests.fixtures.calls import load_scripts
from tests.fixtures.library import add_scripted_call

ROUNDS = 5


def _review(target: str, reviewer: str, call_id: int, sentences: list[int], label: str,
            barrier: Any) -> None:  # fmt: skip
    with open_library(target, reviewer=reviewer) as library:
        barrier.wait(timeout=60)
        for _ in range(ROUNDS):
            for idx in sentences:
                library.correct_label(call_id, idx, label)
            library.correct_pattern(call_id, "P4", reviewer == "alice")
        library.set_review(call_id, "in_review", 50 if reviewer == "alice" else 60, reviewer)


def test_two_reviewers_at_once_keep_both_corrections(engine_target: str) -> None:
    with open_library(engine_target, reviewer="lead") as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        model = library.get_model_analysis(call_id)
        assert model is not None
        agents = [s.id for s in model.sentences if s.speaker == AGENT][:3]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_review, args=(engine_target, name, call_id, agents, label, barrier))
        for name, label in (("alice", "closing"), ("bob", "resolution_check"))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]

    with open_library(engine_target, reviewer="lead") as library:
        history = library.label_correction_history(call_id)
        for idx in agents:
            mine = {(r["reviewer"], r["label"]) for r in history if r["sentence_idx"] == idx}
            assert mine == {("alice", "closing"), ("bob", "resolution_check")}
            latest = [r for r in history if r["sentence_idx"] == idx][-1]
            effective = {r["sentence_idx"]: r for r in library.label_corrections(call_id)}[idx]
            assert (effective["reviewer"], effective["label"]) == (
                latest["reviewer"],
                latest["label"],
            )
            analysis = library.get_analysis(call_id)
            assert analysis is not None and analysis.sentences[idx].label == latest["label"]
        marks = library.pattern_correction_history(call_id)
        assert {(m["reviewer"], m["present"]) for m in marks} == {
            ("alice", True),
            ("bob", False),
        }
        reviews = library.review_history(call_id)
        assert sorted((r["reviewer"], r["score"]) for r in reviews) == [
            ("alice", 50),
            ("bob", 60),
        ]
        assert library.reviewed_by(call_id) == reviews[-1]["reviewer"]
        # the stored verdict the library list shows took both reviewers' corrections in
        effective = library.get_analysis(call_id)
        summary = library.summary(call_id)
        assert effective is not None and summary is not None
        assert summary.rushed == effective.rushed
        assert summary.patterns == [p.id for p in effective.patterns]
        assert summary.metrics == effective.metrics


def test_clearing_removes_only_ones_own_correction(engine_target: str) -> None:
    with (
        open_library(engine_target, reviewer="alice") as alice,
        open_library(engine_target, reviewer="bob") as bob,
    ):
        call_id = add_scripted_call(alice, load_scripts()[0])
        model = alice.get_model_analysis(call_id)
        assert model is not None
        idx = next(s.id for s in model.sentences if s.speaker == AGENT)
        alice.correct_label(call_id, idx, "closing")
        bob.correct_label(call_id, idx, "resolution_check")
        assert alice.label_corrections(call_id)[0]["reviewer"] == "bob"  # latest wins
        alice.correct_label(call_id, idx, "closing")  # alice again: now hers is the latest
        assert bob.label_corrections(call_id)[0]["reviewer"] == "alice"
        alice.clear_label_correction(call_id, idx)
        left = bob.label_corrections(call_id)
        assert [(r["reviewer"], r["label"]) for r in left] == [("bob", "resolution_check")]
        clip = bob.add_clip(call_id, 0.0, 2.0, "opening")
        assert alice.clip_author(clip) == "bob"


def _correct_many(target: str, reviewer: str, call_id: int, sentences: list[int], label: str,
                  barrier: Any) -> None:  # fmt: skip
    with open_library(target, reviewer=reviewer) as library:
        barrier.wait(timeout=60)
        for _ in range(ROUNDS):  # back and forth, so the two overlap many times
            for idx in sentences:
                library.correct_label(call_id, idx, "statement")
            for idx in sentences:
                library.correct_label(call_id, idx, label)


def test_the_stored_verdict_takes_in_both_reviewers_at_once(engine_target: str) -> None:
    """Alice and Bob correct different sentences of one call at the same moment: the
    verdict stored for the library list (rushed, patterns, metrics) counts both."""
    with open_library(engine_target, reviewer="lead") as library:
        call_id = add_scripted_call(library, load_scripts()[0])
        model = library.get_model_analysis(call_id)
        assert model is not None
        agents = [s.id for s in model.sentences if s.speaker == AGENT]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    plan = (("alice", agents[0::2], "impact_question"), ("bob", agents[1::2], "problem_question"))
    workers = [
        context.Process(
            target=_correct_many, args=(engine_target, name, call_id, ids, label, barrier)
        )
        for name, ids, label in plan
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    with open_library(engine_target, reviewer="lead") as library:
        assert len(library.label_corrections(call_id)) == len(agents)
        effective = library.get_analysis(call_id)
        summary = library.summary(call_id)
        assert effective is not None and summary is not None
        assert effective.metrics["impact_questions"] == len(agents[0::2])
        assert summary.metrics == effective.metrics
        assert summary.patterns == [p.id for p in effective.patterns]
        assert summary.rushed == effective.rushed
