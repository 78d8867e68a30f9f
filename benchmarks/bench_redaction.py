"""Redaction recall and precision per kind on calls with planted personal data (issue 15).

Run `python -m benchmarks.bench_redaction [--layouts stereo mono]`. The calls
of benchmarks/data/redaction_calls.json (written for this benchmark: card
numbers, codes, expiry dates, bank details, national IDs, dates of birth,
phones, e-mails, addresses, names, each turn listing what it holds) are
synthesized as 8 kHz u-law phone recordings, stereo and mono, and go through
the real pipeline (`analyze_paths`: decode, Whisper, diarization for mono,
classifier) stored as spoken; then `redact_call` runs on what was stored, as
the pipeline does before storing.

Recall of a kind: of the planted items Whisper transcribed (a piece of the
value is in the turn's words), the share with no piece left after
redaction. Precision of a kind: the share of its placeholders that lie on a
turn holding that kind (strict) or any planted item (any). The ordinary
scripted calls of tests/data/calls (no planted data, text as written) give
the placeholders put where nothing was planted. Writes
bench_results/redaction.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.pipeline.batch import analyze_paths
from app.pipeline.options import AnalyzeOptions
from app.redaction import redact_call
from app.redaction.kinds import KINDS
from app.redaction.numbers import join_digits, token_number
from app.storage.library import Library
from kernel.domain import Segment
from scripts.callsynth import synthesize_cached

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = REPO_ROOT / "benchmarks" / "data" / "redaction_calls.json"
# Written after the rules were tuned on DATA, scored without tuning for them.
HOLDOUT = REPO_ROOT / "benchmarks" / "data" / "redaction_holdout.json"
RESULTS = REPO_ROOT / "bench_results" / "redaction.json"
AUDIO_CACHE = REPO_ROOT / ".cache" / "test-audio"
EDGE_S = 0.3  # words this close to a turn's extent belong to it


def _turn_text(segments: list[Segment], start: float, end: float) -> str:
    words = [
        w.word
        for s in segments
        for w in (s.words or [])
        if (w.start + w.end) / 2 >= start - EDGE_S and (w.start + w.end) / 2 <= end + EDGE_S
    ]
    return " ".join(w.strip() for w in words)


def _digits(text: str) -> str:
    """Every number in the text as digits, in order ("twenty seven" -> "27")."""
    values = [token_number(w) for w in re.split(r"[\s,]+", text)]
    return join_digits([v for v in values if v and v not in ("o",) and not v.startswith("x")])


def _present(piece: str, text: str) -> bool:
    if piece.isdigit():
        return piece in _digits(text)
    return re.search(rf"(?i)(?<![\w]){re.escape(piece)}(?![\w])", text) is not None


def score_call(
    script: dict[str, Any],
    truth: dict[str, Any],
    before: list[Segment],
    after: list[Segment],
    redactions: list[Any],
) -> dict[str, Any]:
    items = []
    planted_turns = []
    for turn, extent in zip(script["turns"], truth["turns"], strict=True):
        planted = turn.get("planted", [])
        if planted:
            planted_turns.append((extent["start"], extent["end"], {p["kind"] for p in planted}))
        for item in planted:
            text_before = _turn_text(before, extent["start"], extent["end"])
            text_after = _turn_text(after, extent["start"], extent["end"])
            heard = [p for p in item["pieces"] if _present(p, text_before)]
            left = [p for p in heard if _present(p, text_after)]
            items.append(
                {
                    "kind": item["kind"],
                    "heard": bool(heard),
                    "caught": bool(heard) and not left,
                    "left": left,
                    "before": text_before,
                    "after": text_after,
                }
            )
    placed = []
    for r in redactions:
        on = [
            kinds
            for start, end, kinds in planted_turns
            if r.start < end + EDGE_S and r.end > start - EDGE_S
        ]
        placed.append(
            {
                "kind": r.kind,
                "any": bool(on),
                "strict": any(r.kind in k for k in on),
                "start": r.start,
                "end": r.end,
            }
        )
    return {"items": items, "placeholders": placed}


def run_layout(layout: str, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    paths: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for script in calls:
        made = synthesize_cached(
            script, AUDIO_CACHE, layout=layout, sample_rate=8_000, encoding="ulaw"
        )
        paths[str(made.path.resolve())] = (script, made.truth)
    out = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.db"
        analyze_paths(
            list(paths),
            db,
            AnalyzeOptions(redact=False),
            jobs=1,
            out=io.StringIO(),
            err=io.StringIO(),
        )
        with Library(db) as library:
            for call in library.list_calls():
                script, truth = paths[call.source]
                transcript = library.get_transcript(call.id)
                analysis = library.get_model_analysis(call.id)
                assert transcript is not None
                began = time.perf_counter()
                result = redact_call(transcript, analysis)
                seconds = time.perf_counter() - began
                scored = score_call(
                    script,
                    truth,
                    transcript.segments,
                    result.transcript.segments,
                    result.redactions,
                )
                scored.update(call=script["id"], layout=layout, redaction_s=round(seconds, 4))
                out.append(scored)
    return out


def ordinary_calls() -> dict[str, Any]:
    """Placeholders put in the ordinary scripted calls (no planted data; text as written)."""
    from tests.fixtures.calls import load_scripts, script_transcript

    found: dict[str, list[str]] = defaultdict(list)
    calls = load_scripts()
    for script in calls:
        transcript = script_transcript(script)
        result = redact_call(transcript)
        for r in result.redactions:
            words = [
                w.word.strip()
                for s in transcript.segments
                for w in s.words
                if w.start >= r.start - 0.01 and w.end <= r.end + 0.01
            ]
            found[r.kind].append(f"{script['id']}: {' '.join(words)}")
    return {"calls": len(calls), "placeholders": {k: v for k, v in found.items()}}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        items = [i for r in rows for i in r["items"] if i["kind"] == kind]
        heard = [i for i in items if i["heard"]]
        marks = [p for r in rows for p in r["placeholders"] if p["kind"] == kind]
        if not items and not marks:
            continue
        per[kind] = {
            "planted": len(items),
            "transcribed": len(heard),
            "recall": round(sum(i["caught"] for i in heard) / len(heard), 3) if heard else None,
            "placeholders": len(marks),
            "precision": round(sum(p["strict"] for p in marks) / len(marks), 3) if marks else None,
            "precision_any_kind": round(sum(p["any"] for p in marks) / len(marks), 3)
            if marks
            else None,
            "missed": [{"after": i["after"], "left": i["left"]} for i in heard if not i["caught"]],
        }
    return per


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--layouts", nargs="+", default=["stereo", "mono"], choices=("stereo", "mono")
    )
    parser.add_argument(
        "--holdout",
        type=Path,
        default=HOLDOUT,
        help="held-out calls to score beside the tuned ones (e.g. an independent writer's)",
    )
    parser.add_argument("--holdout-only", action="store_true", help="score only the held-out calls")
    args = parser.parse_args(argv)
    calls = [] if args.holdout_only else json.loads(DATA.read_text(encoding="utf-8"))["calls"]
    holdout = json.loads(args.holdout.read_text(encoding="utf-8"))["calls"]
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for layout in args.layouts:
        rows += run_layout(layout, calls)
        for row in run_layout(layout, holdout):
            row["layout"] = f"{layout}-holdout"
            rows.append(row)
    layouts = [f"{layout}{part}" for layout in args.layouts for part in ("", "-holdout")]
    result = {
        "machine": {
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
            "python": platform.python_version(),
        },
        "calls": len(calls),
        "holdout_calls": len(holdout),
        "layouts": layouts,
        "per_kind": {
            layout: summarize([r for r in rows if r["layout"] == layout]) for layout in layouts
        },
        "all": summarize([r for r in rows if not r["layout"].endswith("-holdout")]),
        "all_holdout": summarize([r for r in rows if r["layout"].endswith("-holdout")]),
        "redaction_s_per_call": round(sum(r["redaction_s"] for r in rows) / max(1, len(rows)), 4),
        "ordinary_calls": ordinary_calls(),
        "wall_s": round(time.perf_counter() - started, 1),
        "rows": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"{'kind':<16}{'layout':<16}{'planted':>8}{'heard':>7}{'recall':>8}{'marks':>7}"
        f"{'prec':>7}{'any':>7}"
    )
    for layout, table in result["per_kind"].items():
        for kind, v in table.items():
            print(
                f"{kind:<16}{layout:<16}{v['planted']:>8}{v['transcribed']:>7}"
                f"{v['recall'] if v['recall'] is not None else '-':>8}{v['placeholders']:>7}"
                f"{v['precision'] if v['precision'] is not None else '-':>7}"
                f"{v['precision_any_kind'] if v['precision_any_kind'] is not None else '-':>7}"
            )
    ordinary = result["ordinary_calls"]
    n = sum(len(v) for v in ordinary["placeholders"].values())
    print(f"ordinary calls: {n} placeholder(s) in {ordinary['calls']} calls with nothing planted")
    print(f"wrote {RESULTS.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
