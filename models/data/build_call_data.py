"""Build `train_calls.jsonl`: the training set in the call-context input format.

    python -m models.data.build_call_data

Two sources, one JSONL (`text`, `context`, `label`, `industry`, `source`), the
context already rendered by models.analysis.context.CallContext (what the app
gives the classifier):

1. Whole labelled conversations written by independent writers
   (`calls_train/<writer>/calls.jsonl`, same format as the frozen evaluation
   calls): every agent sentence with its real context — the customer's last
   sentence, the agent's previous sentence, whether a fix was offered earlier
   (from the gold labels), whether it is in the call's opening. Each call
   enters `REPEAT_CALL_ROWS` times (they are few next to the template rows), one
   of them as a speech recognizer might write it (`styles.asr`: lower case, no
   commas, fillers). Their standalone sentences (`sentences.jsonl`, with the
   previous customer and agent sentence and whether a fix was offered) enter
   twice the same way. Calls named in `dev_calls/dev_ids.txt` are the team's
   development calls: never trained on, written to `dev_calls/dev_calls.jsonl`.
2. The same calls as the app hears them (`calls_train_asr.jsonl`, built by
   `models.data.build_asr_rows`: synthesized, transcribed by Whisper, split by
   the app's splitter, the writer's labels carried over): Whisper's misheard
   words, lost question marks, run-ons and cut sentences. Each call is there
   twice already (stereo and mono 8 kHz), so its rows enter once
   (`REPEAT_ASR_ROWS`).
3. The template set (`train.jsonl`): its customer context, plus flags set the
   way they hold in real calls for that label (a check always follows a fix; a
   problem question mostly does not; greetings sit in the opening), drawn
   with a fixed seed. About one row in six keeps no flags, as for a sentence
   seen without its call.

The team's `test.jsonl` is left as it is (customer context only): it is
scored that way, so its number stays comparable with earlier models.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from kernel.domain import Sentence
from models.analysis.context import CallContext, call_contexts
from models.classifier.callsets import LabelledCall, load_calls

DATA_DIR = Path(__file__).resolve().parent
CALLS_DIR = DATA_DIR / "calls_train"
DEV_DIR = DATA_DIR / "dev_calls"
TEMPLATE_FILE = DATA_DIR / "train.jsonl"
OUT_FILE = DATA_DIR / "train_calls.jsonl"
ASR_FILE = DATA_DIR / "calls_train_asr.jsonl"
REPEAT_CALL_ROWS = 3
REPEAT_ASR_ROWS = 1
SEED = 29

_GREETING = re.compile(
    r"\b(thanks? (you )?for (calling|holding|contacting)|you'?re through to|welcome to|"
    r"good (morning|afternoon|evening)|my name'?s|my name is|speaking\b|this is \w+)",
    re.IGNORECASE,
)
_ASK_PROBLEM = re.compile(r"\b(how can i help|what can i do for you|how may i help)", re.I)
# P(fix already made) for a template row of this label (what real calls show).
FIX_RATE = {
    "resolution_check": 0.95,
    "closing": 0.75,
    "problem_question": 0.12,
    "impact_question": 0.2,
    "resolution_offer": 0.3,
    "rush_cue": 0.4,
    "other_question": 0.35,
    "statement": 0.4,
}
NO_FLAGS_RATE = 0.17


def template_context(row: dict[str, str], rng: random.Random) -> CallContext:
    customer = row.get("context", "") or ""
    if rng.random() < NO_FLAGS_RATE:
        return CallContext(customer)
    label, text = row["label"], row["text"]
    fix = rng.random() < FIX_RATE[label]
    if label == "closing":
        opening = False
    elif label == "statement" and _GREETING.search(text):
        opening = rng.random() < 0.85
    elif label == "problem_question" and _ASK_PROBLEM.search(text):
        opening, fix = rng.random() < 0.7, False
    elif label == "other_question":
        opening = rng.random() < 0.3
    else:
        opening = rng.random() < 0.04
    if opening:
        fix = False
    return CallContext(customer, "", fix, opening)


def labelled_rows(
    sentences: Sequence[Sentence], call: LabelledCall, writer: str, source: str
) -> list[dict[str, str]]:
    """A training row for each labelled agent sentence, in the app's call context."""
    label_of = {s.id: s.label for s in sentences}
    industry = str(call.extra.get("industry") or writer)
    return [
        {
            "text": text,
            "context": context.render(),
            "label": str(label_of[sentence_id]),
            "industry": f"{writer}:{industry}",
            "source": source,
        }
        for sentence_id, text, context in call_contexts(sentences)
        if label_of[sentence_id]
    ]


def call_rows(call: LabelledCall, writer: str) -> list[dict[str, str]]:
    return labelled_rows(call.gold_sentences(), call, writer, f"call:{writer}:{call.id}")


def dev_ids() -> set[str]:
    listed = DEV_DIR / "dev_ids.txt"
    if not listed.is_file():
        return set()
    lines = listed.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip()}


def sentence_rows(path: Path, writer: str) -> list[dict[str, str]]:
    """A writer's standalone sentences (previous customer/agent sentence, fix offered)."""
    from models.classifier.run_eval import load_sentences

    return [
        {
            "text": text,
            "context": context.render(),
            "label": label,
            "industry": f"{writer}:sentences",
            "source": f"sentence:{writer}",
        }
        for text, context, label in load_sentences(path)
    ]


def asr_copy(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The row as a speech recognizer might give it (lower case, no commas, fillers, a "."
    for a "?")."""
    from models.data.styles import asr

    text = asr(row["text"], rng, question_dots=True)
    return {**row, "text": text, "source": row["source"] + "|variation:asr"}


def build() -> tuple[list[dict[str, str]], list[str]]:
    """(training rows, development call lines)."""
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    held = dev_ids()
    dev_lines: list[str] = []
    for path in sorted(CALLS_DIR.glob("*/calls.jsonl")):
        writer = path.parent.name
        for call in load_calls(path):
            if call.id in held:
                continue
            written = call_rows(call, writer)
            rows.extend(written * (REPEAT_CALL_ROWS - 1))
            rows.extend(asr_copy(row, rng) for row in written)
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line).get("id") in held:
                dev_lines.append(line)
    for path in sorted(CALLS_DIR.glob("*/sentences.jsonl")):
        found = sentence_rows(path, path.parent.name)
        rows.extend(found)
        rows.extend(asr_copy(row, rng) for row in found)
    if ASR_FILE.is_file():
        with ASR_FILE.open(encoding="utf-8") as handle:
            heard = [json.loads(line) for line in handle if line.strip()]
        heard = [row for row in heard if row["source"].split(":")[-1] not in held]
        rows.extend(heard * REPEAT_ASR_ROWS)
    with TEMPLATE_FILE.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                row["context"] = template_context(row, rng).render()
                rows.append(row)
    return rows, dev_lines


def main() -> int:
    rows, dev_lines = build()
    (DEV_DIR / "dev_calls.jsonl").write_text("\n".join(dev_lines) + "\n", encoding="utf-8")
    with OUT_FILE.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    calls = sum(r["source"].startswith("call:") for r in rows)
    print(f"wrote {OUT_FILE}: {len(rows)} rows ({calls} from whole calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
