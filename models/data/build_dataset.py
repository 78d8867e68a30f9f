"""Generate train.jsonl and test.jsonl, deterministically.

Run `python -m models.data.build_dataset`.

Boundary seeds, hand-written free phrasings (handwritten.py) and slot-filled templates,
each passed through a style (plain, speech-recognizer, casual, hesitant, formal,
non-native, polite, rushed, empathic). The test split holds out
whole industries and the templates marked `heldout`; no text appears in both splits.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from kernel.domain import LABELS
from models.data import styles
from models.data.card_counts import update_card
from models.data.handwritten import HANDWRITTEN
from models.data.industries import ALL, BY_NAME
from models.data.seeds import SEEDS
from models.data.slots import fill_slots, pick_context, render
from models.data.template import Template
from models.data.templates import TEMPLATES

DATA_DIR = Path(__file__).resolve().parent
SEED = 20240611
TEST_INDUSTRIES = ("fitness", "gaming", "pharmacy", "real_estate")
PER_LABEL = 1100
# Hand-written sentences are few but varied: each also enters in this many styled copies.
HANDWRITTEN_STYLED_COPIES = 3

# (style, weight); "plain" keeps the template's text.
STYLE_WEIGHTS = (
    ("plain", 34),
    ("asr", 30),
    ("casual", 7),
    ("hesitant", 7),
    ("formal", 5),
    ("nonnative", 5),
    ("polite", 6),
    ("rushed", 3),
    ("empathic", 3),
)
_EMPATHIC_LABELS = {"impact_question", "problem_question", "resolution_offer"}


@dataclass(frozen=True)
class Row:
    text: str
    context: str
    label: str
    industry: str
    source: str


def text_key(text: str) -> str:
    """Texts that differ only in case, punctuation or spacing count as the same text."""
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).strip()


def apply_style(
    style: str, text: str, context: str, label: str, rng: random.Random
) -> tuple[str, str]:
    if style == "asr":
        return styles.asr(text, rng), (styles.asr(context, rng) if context else "")
    if style == "casual":
        return styles.casual(text, rng), context
    if style == "hesitant":
        text = styles.hesitant(text, rng)
        return (styles.asr(text, rng) if rng.random() < 0.4 else text), context
    if style == "formal":
        return styles.formal(text, rng), context
    if style == "nonnative":
        return styles.nonnative(text, rng), context
    if style == "polite":
        return styles.polite(text, label, rng), context
    if style == "rushed":
        return styles.rushed(text, label, rng), context
    if style == "empathic":
        return styles.empathic(text, rng), context
    return text, context


def pick_style(template: Template, rng: random.Random) -> str:
    names = [name for name, _ in STYLE_WEIGHTS]
    weights = [weight for _, weight in STYLE_WEIGHTS]
    style = rng.choices(names, weights)[0]
    if style == "rushed" and template.label not in styles.RUSH_OUTRANKED | {
        "resolution_offer",
        "closing",
    }:
        return "plain"
    if style == "empathic" and template.label not in _EMPATHIC_LABELS:
        return "plain"
    if "nonnative" in template.name and style in ("formal", "nonnative"):
        return "plain"
    if "rushmix" in template.name and style == "rushed":
        return "plain"
    return style


def generate_label(label: str, rng: random.Random, seen: set[tuple[str, str]]) -> list[Row]:
    templates = [t for t in TEMPLATES if t.label == label]
    # Templates with more patterns, or with slots, are drawn more often: fewer repeats.
    weights = [len(t.patterns) * (2 if "{" in "".join(t.patterns) else 1) for t in templates]
    rows: list[Row] = []
    attempts = 0
    while len(rows) < PER_LABEL and attempts < PER_LABEL * 30:
        attempts += 1
        template = rng.choices(templates, weights)[0]
        industry = ALL[rng.randrange(len(ALL))]
        slots = fill_slots(industry, rng)
        text = render(rng.choice(template.patterns), slots)
        context = pick_context(rng.choice(template.contexts), industry, slots, rng)
        style = pick_style(template, rng)
        text, context = apply_style(style, text, context, label, rng)
        key = (text, context)
        if key in seen or not text_key(text):
            continue
        seen.add(key)
        rows.append(
            Row(text, context, label, industry.name, f"template:{template.name}|variation:{style}")
        )
    return rows


def seed_rows() -> list[Row]:
    train_industries = [i.name for i in ALL if i.name not in TEST_INDUSTRIES]
    return [
        Row(text, context, label, train_industries[n % len(train_industries)], "seed")
        for n, (text, context, label) in enumerate(SEEDS)
    ]


def handwritten_rows(seen: set[tuple[str, str]]) -> list[Row]:
    """Each hand-written sentence as written, plus copies through random non-plain styles."""
    rng = random.Random(SEED + 3)
    names = [name for name, _ in STYLE_WEIGHTS if name != "plain"]
    weights = [weight for name, weight in STYLE_WEIGHTS if name != "plain"]
    rows: list[Row] = []
    for text, context, label, industry in HANDWRITTEN:
        candidates = [(text, context, "handwritten")]
        for _ in range(HANDWRITTEN_STYLED_COPIES):
            style = rng.choices(names, weights)[0]
            if style == "rushed" and label not in styles.RUSH_OUTRANKED | {
                "resolution_offer",
                "closing",
            }:
                style = "asr"
            if style == "empathic" and label not in _EMPATHIC_LABELS:
                style = "asr"
            styled, styled_context = apply_style(style, text, context, label, rng)
            candidates.append((styled, styled_context, f"handwritten|variation:{style}"))
        for row_text, row_context, source in candidates:
            if (row_text, row_context) in seen or not text_key(row_text):
                continue
            seen.add((row_text, row_context))
            rows.append(Row(row_text, row_context, label, industry, source))
    return rows


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Test: held-out industries and held-out templates; a text seen in train never enters test."""
    heldout = {t.name for t in TEMPLATES if t.heldout}

    def is_test(row: Row) -> bool:
        template = row.source.split("|")[0].removeprefix("template:")
        return row.industry in TEST_INDUSTRIES or template in heldout

    train = [row for row in rows if not is_test(row)]
    train_keys = {text_key(row.text) for row in train}
    test = [row for row in rows if is_test(row) and text_key(row.text) not in train_keys]
    return train, test


def build() -> tuple[list[Row], list[Row]]:
    rng = random.Random(SEED)
    seen: set[tuple[str, str]] = set()
    rows = seed_rows()
    seen.update((row.text, row.context) for row in rows)
    for label in LABELS:
        rows.extend(generate_label(label, rng, seen))
    rows.extend(handwritten_rows(seen))
    train, test = split(rows)
    random.Random(SEED + 1).shuffle(train)
    random.Random(SEED + 2).shuffle(test)
    return train, test


def write_jsonl(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")


def main() -> None:
    train, test = build()
    write_jsonl(train, DATA_DIR / "train.jsonl")
    write_jsonl(test, DATA_DIR / "test.jsonl")
    update_card(DATA_DIR / "DATA_CARD.md", train, test)
    for name, rows in (("train", train), ("test", test)):
        labels = Counter(row.label for row in rows)
        print(
            f"{name}: {len(rows)} rows, "
            + ", ".join(f"{label}={labels[label]}" for label in LABELS)
        )
    assert set(BY_NAME) >= set(TEST_INDUSTRIES)


if __name__ == "__main__":
    main()
