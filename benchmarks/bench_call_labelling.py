"""Agent sentences labelled per second the way the app labels them: whole calls, call context,
two passes (the second only for fix-dependent questions after a found fix).
Reports per wall second and per CPU second (the latter is what one free core gives).

Run `python -m benchmarks.bench_call_labelling [--weights DIR] [--repeat 3] [--calls N]`. Uses the
team's development calls (tests/data/calls, models/data/dev_calls) and the training
writers' calls as the workload, one thread, and reports sentences/s (best of
`--repeat` passes), the share of sentences labelled twice and the process's peak RSS.
Targets (issue 13): >= 150 agent sentences/s, peak RSS < 600 MB.
Writes bench_results/call_labelling.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from benchmarks.measure import peak_rss_mb

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "call_labelling.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--weights", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--precision", default="float32", help="float32 (the app's) or int8")
    parser.add_argument(
        "--calls", type=int, default=None, help="only the first N calls (a quicker run)"
    )
    args = parser.parse_args(argv)

    from kernel.domain import AGENT, Prediction
    from models.analysis.call_analyzer import label_sentences
    from models.classifier.callsets import load_calls
    from models.classifier.predict import SentenceClassifier

    paths = sorted((REPO_ROOT / "tests" / "data" / "calls").glob("*.json"))
    paths += sorted((REPO_ROOT / "models" / "data").glob("*/*/calls.jsonl"))
    paths += sorted((REPO_ROOT / "models" / "data" / "dev_calls").glob("*.jsonl"))
    calls = [
        call for path in paths if "eval_independent" not in str(path) for call in load_calls(path)
    ]
    calls = calls[: args.calls] if args.calls else calls
    sentences = [call.gold_sentences() for call in calls]
    agent = sum(1 for call in sentences for s in call if s.speaker == AGENT)
    classifier = SentenceClassifier.load(args.weights, num_threads=1, precision=args.precision)
    counted: list[int] = []

    class Counting:
        version = classifier.version
        input_format = classifier.input_format

        def predict(self, pairs: list[tuple[str, str]]) -> list[Prediction]:
            counted.append(len(pairs))
            return classifier.predict(pairs)

    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        counted.clear()
        began, began_cpu = time.perf_counter(), time.process_time()
        for call in sentences:
            label_sentences(call, Counting())
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    result = {
        "classifier_version": classifier.version,
        "input_format": classifier.input_format,
        "precision": classifier.precision,
        "calls": len(calls),
        "agent_sentences": agent,
        "predictions": sum(counted),
        "relabelled_share": round(sum(counted) / agent - 1, 3),
        "agent_sentences_per_s": round(agent / best, 1),
        # What one free core gives; wall time on a shared, overloaded box is far lower.
        "agent_sentences_per_cpu_s": round(agent / best_cpu, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
