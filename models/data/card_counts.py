"""The counts section of DATA_CARD.md, rewritten between its markers on every build."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kernel.domain import LABELS

START = "<!-- counts:start -->"
END = "<!-- counts:end -->"


class _Row(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def industry(self) -> str: ...
    @property
    def source(self) -> str: ...


# Industries with fewer rows than this (only hand-written sentences) share one table row.
SMALL_INDUSTRY = 30


def _style(source: str) -> str:
    return source.split("variation:")[1] if "variation:" in source else "as written"


def _kind(source: str) -> str:
    return source.split("|")[0].split(":")[0]


def counts_markdown(train: Sequence[_Row], test: Sequence[_Row]) -> str:
    lines = [
        f"Total {len(train) + len(test)} rows: train {len(train)}, test {len(test)} "
        f"({100 * len(test) / (len(train) + len(test)):.0f} %).",
        "",
    ]
    lines += ["| label | train | test |", "|---|---:|---:|"]
    train_labels, test_labels = Counter(r.label for r in train), Counter(r.label for r in test)
    lines += [f"| `{label}` | {train_labels[label]} | {test_labels[label]} |" for label in LABELS]
    lines += ["", "| industry | train | test |", "|---|---:|---:|"]
    train_ind, test_ind = Counter(r.industry for r in train), Counter(r.industry for r in test)
    every = train_ind + test_ind
    big = sorted(name for name in every if every[name] >= SMALL_INDUSTRY)
    small = sorted(name for name in every if every[name] < SMALL_INDUSTRY)
    lines += [f"| {name} | {train_ind[name]} | {test_ind[name]} |" for name in big]
    if small:
        lines.append(
            f"| {len(small)} more (hand-written rows only) | "
            f"{sum(train_ind[n] for n in small)} | {sum(test_ind[n] for n in small)} |"
        )
    lines += ["", "| kind (source) | train | test |", "|---|---:|---:|"]
    train_kind, test_kind = (
        Counter(_kind(r.source) for r in train),
        Counter(_kind(r.source) for r in test),
    )
    lines += [
        f"| {name} | {train_kind[name]} | {test_kind[name]} |"
        for name in sorted(train_kind | test_kind)
    ]
    lines += ["", "| style (variation) | train | test |", "|---|---:|---:|"]
    train_sty, test_sty = (
        Counter(_style(r.source) for r in train),
        Counter(_style(r.source) for r in test),
    )
    lines += [
        f"| {name} | {train_sty[name]} | {test_sty[name]} |"
        for name in sorted(train_sty | test_sty)
    ]
    return "\n".join(lines)


def update_card(card: Path, train: Sequence[_Row], test: Sequence[_Row]) -> None:
    text = card.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    card.write_text(f"{head}{START}\n{counts_markdown(train, test)}\n{END}{tail}", encoding="utf-8")
