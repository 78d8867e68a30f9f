"""`make eval`: the classifier and the verdicts on the team's test split and on the
freshest independent, frozen hold-out (models/data/eval_holdout_13/; earlier
sets with --eval-dir: eval_holdout_vw, eval_holdout_rs (scored, not studied), and, studied since,
eval_independent, dev_holdout_jk, dev_holdout_pq).

    python -m models.classifier.run_eval [--calls-limit N] [--no-audio]

Reports (a) the team's test split, (b) the independent sentences (standalone
ones, plus every agent sentence of the independent calls labelled in its
call's context), macro-F1 and per-label F1, and (c) the independent calls
through text and from audio (stereo, mono 8 kHz mu-law): verdict right, P1-P4
presences, false "rushed" on good calls, "needs a look"; (d) the calls' agent
sentences as Whisper heard them (the writer's labels carried over to Whisper's
sentences, models/data/asr_rows.py). Gold verdicts apply
TAXONOMY.md's rules to the gold labels; disagreements with the writer's
intended verdict are listed. Writes the numbers to .cache/eval/report.json.
Never used to choose anything: it only scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kernel.domain import AGENT, LABELS
from models.analysis.context import PLAIN_FORMAT, CallContext, call_contexts
from models.classifier.callsets import LabelledCall, json_lines, load_calls
from models.classifier.eval_calls import (
    CACHE_DIR,
    LAYOUTS,
    AudioPath,
    CallOutcome,
    audio_outcomes,
    heard_labels,
    intended_disagreements,
    interleave,
    summarise,
    sweep,
    text_outcomes,
)
from models.classifier.evaluate import Report, compute_report

# The freshest hold-out nobody has studied (older, studied since: eval_independent,
# dev_holdout_jk, dev_holdout_pq).
EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval_holdout_13"
# The first independent set (frozen 2026-12-06, studied since): parity checks read it.
FIRST_INDEPENDENT_DIR = Path(__file__).resolve().parents[1] / "data" / "eval_independent"
# The team's own development calls (choices such as the verdict rule are made on these).
DEV_SOURCES = (
    Path(__file__).resolve().parents[2] / "tests" / "data" / "calls",
    Path(__file__).resolve().parents[1] / "data" / "dev_calls",
)


Row = tuple[str, CallContext, str]  # (text, context, gold label)


def load_sentences(path: Path) -> list[Row]:
    """(text, context, label) of a standalone-sentence JSONL file.

    Context fields: `previous_customer` (or `context`), `previous_agent`,
    `fix_already_offered`, `opening`; any may be missing (then unknown).
    """
    rows = []
    for number, raw in json_lines(path):
        if "text" not in raw or "label" not in raw:
            continue
        label = str(raw["label"]).strip()
        if label not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {label!r}")
        fix = raw.get("fix_already_offered")
        opening = raw.get("opening")
        context = CallContext(
            customer=str(raw.get("previous_customer", raw.get("context")) or ""),
            previous_agent=str(raw.get("previous_agent") or ""),
            fix_made=None if fix is None else bool(fix),
            opening=None if opening is None else bool(opening),
        )
        rows.append((str(raw["text"]), context, label))
    return rows


def in_context(calls: Sequence[LabelledCall]) -> list[Row]:
    """Every gold agent sentence of the calls with the context the app would give it
    (fixes known from the gold labels)."""
    rows = []
    for call in calls:
        sentences = call.gold_sentences()
        gold = {s.id: s.label for s in sentences if s.speaker == AGENT}
        for sentence_id, text, context in call_contexts(sentences):
            rows.append((text, context, str(gold[sentence_id])))
    return rows


def score_sentences(classifier: Any, rows: Sequence[Row]) -> Report:
    fmt = str(getattr(classifier, "input_format", PLAIN_FORMAT))
    predictions = classifier.predict([(text, context.render(fmt)) for text, context, _ in rows])
    return compute_report([label for *_, label in rows], [p.label for p in predictions])


def report_line(name: str, report: Report) -> str:
    per = " ".join(f"{s.label.split('_')[0][:5]}={s.f1:.2f}" for s in report.per_label)
    head = f"{name:<34} n={report.n:5d}  macro-F1 {report.macro_f1:.3f}"
    return f"{head}  acc {report.accuracy:.3f}  {per}"


def calls_line(name: str, s: dict[str, Any]) -> str:
    return (
        f"{name:<10} {s['verdict_right']:3d}/{s['calls']:<3d} verdict right; false rushed on good "
        f"{s['false_rushed_on_good']}/{s['good_calls']}; missed rushed {s['missed_rushed']}/"
        f"{s['rushed_calls']}; needs a look {s['needs_a_look']} "
        f"(good {s['needs_a_look_on_good']}, rushed {s['needs_a_look_on_rushed']}); "
        + " ".join(f"{p} {s[p + '_right']}/{s['calls']}" for p in ("P1", "P2", "P3", "P4"))
        + f"; plain rule (no certainty): {s['verdict_right_any_pattern']}/{s['calls']}, "
        f"false rushed {s['false_rushed_on_good_any_pattern']}"
    )


def eval_files(folder: Path) -> tuple[list[LabelledCall], list[Row]]:
    calls: list[LabelledCall] = []
    sentences: list[Row] = []
    for path in sorted(folder.glob("*/calls.jsonl")) + sorted(folder.glob("calls.jsonl")):
        calls.extend(load_calls(path))
    for path in sorted(folder.glob("*/sentences.jsonl")) + sorted(folder.glob("sentences.jsonl")):
        sentences.extend(load_sentences(path))
    return calls, sentences


def dev_files() -> tuple[list[LabelledCall], list[Row]]:
    calls: list[LabelledCall] = []
    for folder in DEV_SOURCES:
        for path in sorted(folder.glob("*.json")) + sorted(folder.glob("*.jsonl")):
            calls.extend(load_calls(path))
    return calls, []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--weights", type=Path, default=None, help="classifier weights folder")
    parser.add_argument("--calls-limit", type=int, default=None, help="first N calls only")
    parser.add_argument("--no-audio", action="store_true", help="skip the audio path")
    parser.add_argument("--layouts", nargs="+", default=list(LAYOUTS), choices=list(LAYOUTS))
    parser.add_argument("--asr-model", default="tiny.en")
    parser.add_argument("--no-test-split", action="store_true")
    parser.add_argument("--out", type=Path, default=CACHE_DIR / "report.json")
    parser.add_argument("--dev", action="store_true", help="the team's dev calls instead")
    parser.add_argument(
        "--sweep", action="store_true", help="with --dev: the verdict rule at several thresholds"
    )
    parser.add_argument("--show-calls", action="store_true", help="one line per call")
    args = parser.parse_args(argv)
    if args.sweep and not args.dev:
        parser.error(
            "--sweep only with --dev: rules are chosen on development calls, never the frozen set"
        )

    from models.classifier.predict import SentenceClassifier

    classifier = SentenceClassifier.load(args.weights, num_threads=1)
    result: dict[str, Any] = {
        "classifier_version": classifier.version,
        "date": time.strftime("%Y-%m-%d"),
    }
    print(f"classifier {classifier.version}")
    if not args.no_test_split:
        from models.classifier.examples import TEST_FILE, load_examples

        test = load_examples(TEST_FILE)
        report = score_sentences(
            classifier, [(e.text, CallContext(e.context), e.label) for e in test]
        )
        result["test_split"] = report.to_dict()
        print(report_line("(a) team test split", report))
    calls, standalone = dev_files() if args.dev else eval_files(args.eval_dir)
    if not calls and not standalone:
        print(f"{args.eval_dir}: no independent evaluation files", file=sys.stderr)
        return 2
    contextual = in_context(calls)
    for name, rows in (
        ("(b) independent sentences, all", standalone + contextual),
        ("    standalone", standalone),
        ("    agent sentences of calls", contextual),
    ):
        if rows:
            report = score_sentences(classifier, rows)
            result[name.strip()] = report.to_dict()
            print(report_line(name, report))
    disagree = intended_disagreements(calls)
    result["intended_disagreements"] = disagree
    print(f"gold verdict (rules on gold labels) vs writer's intended: {len(disagree)} disagree")
    for line in disagree:
        print(f"  {line}")
    ordered = interleave(calls)
    limited = ordered[: args.calls_limit] if args.calls_limit else ordered
    paths: dict[str, list[CallOutcome]] = {"text": text_outcomes(ordered, classifier)}
    audio = AudioPath(args.asr_model)  # one transcriber for the verdicts and (d)
    if not args.no_audio:
        paths.update(
            audio_outcomes(
                limited,
                classifier,
                args.layouts,
                audio,
                progress=lambda m: print(f"  {m}", file=sys.stderr, flush=True),
            )
        )
    print(f"(c) independent calls: text {len(ordered)}, audio {len(limited)} of {len(calls)}")
    for name, outcomes in paths.items():
        summary = summarise(outcomes)
        result[f"calls_{name}"] = {"summary": summary, "calls": [asdict(o) for o in outcomes]}
        print("  " + calls_line(name, summary))
        if args.sweep:
            for line in sweep(outcomes):
                print(f"    {line}")
        if args.show_calls:
            for o in outcomes:
                mark = "ok " if o.rushed == o.gold_rushed else "XX "
                print(f"    {mark}{o.id}: gold {o.gold_patterns} got {o.evidence} {o.certainty}")
    if not args.no_audio:
        for layout in args.layouts:
            gold, predicted = heard_labels(limited, classifier, layout, audio)
            report = compute_report(gold, predicted)
            result[f"heard_sentences_{layout}"] = report.to_dict()
            print(report_line(f"(d) agent sentences heard, {layout}", report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
