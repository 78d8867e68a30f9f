"""Supervisors' label corrections as training data, and the switch rule for a retrain.

`python main.py train --with-corrections` (app/cli/train_cmd.py):

1. `correction_rows(library)`: every corrected agent sentence of the library,
   with the context the app gives it (customer sentence, previous agent
   sentence, fix already made from the corrected labels, opening), labelled
   as the supervisor said. Each enters `CORRECTION_WEIGHT` times.
2. A candidate is trained into a scratch folder. By default every model of the
   current classifier continues from its own weights and seed (`update.run_update`)
   for `UPDATE_EPOCHS` epochs at `UPDATE_LR_SCALE` of the usual learning rates (a
   gentle step from a trained model), on the corrections plus `REPLAY_ROWS` rows
   of the base data drawn with a fixed seed (so it keeps what it knew): minutes.
   `--from-scratch` trains every model again from the base encoder on all the
   base data plus the corrections (hours on two cores).
3. `compare`: old and candidate on the frozen independent sentences (macro-F1)
   and on the corrected sentences (agreement with the supervisors).
4. `should_switch`: the candidate replaces the shipped weights only when it is
   not worse on either (frozen set within FROZEN_TOLERANCE; corrected
   sentences at least as many right). The old weights are kept in
   `weights_previous/`. Corrections stay in the library, whatever happens;
   each call records the classifier version that labelled it, and `reanalyze`
   relabels the library with the new one on request.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernel.domain import AGENT, LABELS
from models.analysis.call_analyzer import with_labels
from models.analysis.context import CallContext, call_contexts
from models.classifier.examples import CORRECTIONS_INDUSTRY

CORRECTION_WEIGHT = 8
UPDATE_EPOCHS = 2
UPDATE_LR_SCALE = 0.3
REPLAY_ROWS = 6000
FROZEN_TOLERANCE = 0.005  # macro-F1 the candidate may lose on the frozen set (training noise)


@dataclass(frozen=True)
class CorrectionRow:
    call_id: int
    sentence_id: int
    text: str
    context: CallContext
    label: str
    model_label: str | None


def correction_rows(library: Any) -> list[CorrectionRow]:
    """Every corrected agent sentence in the library with its call context."""
    rows: list[CorrectionRow] = []
    for call_id in library.call_ids():
        fixes = {
            int(r["sentence_idx"]): str(r["label"]) for r in library.label_corrections(call_id)
        }
        if not fixes:
            continue
        model = library.get_model_analysis(call_id)
        if model is None:
            continue
        agent_ids = {s.id for s in model.sentences if s.speaker == AGENT}
        fixes = {i: label for i, label in fixes.items() if i in agent_ids and label in LABELS}
        corrected = with_labels(model.sentences, fixes)
        before = {s.id: s.label for s in model.sentences}
        for sentence_id, text, context in call_contexts(corrected):
            if sentence_id in fixes:
                rows.append(
                    CorrectionRow(
                        call_id, sentence_id, text, context, fixes[sentence_id], before[sentence_id]
                    )
                )
    return rows


def write_training_file(
    base: Path,
    rows: list[CorrectionRow],
    out: Path,
    input_format: str,
    replay: int | None = None,
    seed: int = 13,
) -> int:
    """Base training JSONL (all of it, or `replay` lines drawn with `seed`) plus the
    corrections (each CORRECTION_WEIGHT times); returns how many rows were added."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [line for line in base.read_text(encoding="utf-8").splitlines() if line.strip()]
    if replay is not None and replay < len(lines):
        lines = random.Random(seed).sample(lines, replay)
    added = 0
    with out.open("w", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
        for row in rows:
            line = json.dumps(
                {
                    "text": row.text,
                    "context": row.context.render(input_format),
                    "label": row.label,
                    "industry": CORRECTIONS_INDUSTRY,
                    "source": f"correction:call{row.call_id}:s{row.sentence_id}",
                },
                ensure_ascii=False,
            )
            for _ in range(CORRECTION_WEIGHT):
                handle.write(line + "\n")
                added += 1
    return added


def corrected_right(classifier: Any, rows: list[CorrectionRow]) -> int:
    """How many corrected sentences the classifier labels as the supervisor did."""
    if not rows:
        return 0
    fmt = str(getattr(classifier, "input_format", "text_context_pair"))
    predictions = classifier.predict([(r.text, r.context.render(fmt)) for r in rows])
    return sum(p.label == r.label for p, r in zip(predictions, rows, strict=True))


def frozen_macro_f1(classifier: Any) -> float:
    """Macro-F1 on the frozen independent sentences (standalone + in-call)."""
    from models.classifier.run_eval import EVAL_DIR, eval_files, in_context, score_sentences

    calls, standalone = eval_files(EVAL_DIR)
    return score_sentences(classifier, standalone + in_context(calls)).macro_f1


@dataclass
class Comparison:
    old_version: str
    new_version: str
    old_frozen: float
    new_frozen: float
    old_corrected: int
    new_corrected: int
    corrections: int

    def lines(self) -> list[str]:
        return [
            f"frozen independent sentences, macro-F1: old {self.old_frozen:.3f} "
            f"({self.old_version}), new {self.new_frozen:.3f} ({self.new_version})",
            f"corrected sentences labelled as the supervisor did: old "
            f"{self.old_corrected}/{self.corrections}, new {self.new_corrected}/{self.corrections}",
        ]


def compare(old: Any, new: Any, rows: list[CorrectionRow]) -> Comparison:
    return Comparison(
        old.version,
        new.version,
        frozen_macro_f1(old),
        frozen_macro_f1(new),
        corrected_right(old, rows),
        corrected_right(new, rows),
        len(rows),
    )


def should_switch(result: Comparison, tolerance: float = FROZEN_TOLERANCE) -> bool:
    """Not worse on the frozen set (within `tolerance`) and on the corrected sentences."""
    return (
        result.new_frozen >= result.old_frozen - tolerance
        and result.new_corrected >= result.old_corrected
    )


def switch_weights(candidate: Path, current: Path, target: Path) -> Path:
    """Make `candidate` the weights in `target` (the user's folder, never the install);
    the weights in use until now (`current`) are kept in `<target>_previous`."""
    previous = target.with_name(target.name + "_previous")
    staged = target.with_name(target.name + ".new")
    for folder in (previous, staged):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(current, previous)
    shutil.copytree(candidate, staged)
    if target.exists():
        shutil.rmtree(target)
    staged.rename(target)
    return previous
