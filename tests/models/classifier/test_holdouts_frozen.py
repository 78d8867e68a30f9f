"""The hold-outs (never trained or tuned on) are unchanged since they were frozen."""

from __future__ import annotations

import hashlib
import re

import pytest

from models.classifier.eval_calls import intended_disagreements
from models.classifier.run_eval import eval_files
from tests.conftest import REPO_ROOT

HOLDOUTS = [
    "models/data/eval_holdout_13",
    "models/data/eval_holdout_14",
    "models/data/eval_holdout_g",
    "models/data/eval_holdout_rs",
    "models/data/eval_holdout_vw",
]
# Retired hold-outs kept as development sets: still unchanged, still consistent.
# B+F: frozen as a hold-out, then the tenth session chose its model on it and the
# eleventh studied its errors (its README).
RETIRED = [
    "models/data/dev_holdout_jk",
    "models/data/dev_holdout_pq",
    "models/data/eval_holdout_bf",
]


@pytest.mark.parametrize("folder", HOLDOUTS + RETIRED)
def test_holdout_files_match_their_frozen_sha256(folder: str) -> None:
    readme = (REPO_ROOT / folder / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)
    files = sorted(
        p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / folder).rglob("*.jsonl")
    )
    assert sorted(name for _, name in listed) == files
    for digest, name in listed:
        assert hashlib.sha256((REPO_ROOT / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("folder", HOLDOUTS + RETIRED)
def test_holdout_gold_verdicts_follow_the_writers(folder: str) -> None:
    calls, standalone = eval_files(REPO_ROOT / folder)
    assert calls and standalone
    assert intended_disagreements(calls) == []
