"""Labelled whole calls for evaluation and training: load, normalise, gold verdicts.

A call is read from JSONL (one call a line) or from a scripted-call JSON
(tests/data/calls). Every form becomes one `LabelledCall`: turns of (speaker,
text), and for each agent turn its sentences with their gold labels. Accepted
shapes of an agent turn's labels (the independent writers' files and the
scripted calls differ):

- `{"speaker": "agent", "sentences": [{"text": ..., "label": ...}, ...]}`
- `{"speaker": "agent", "text": ..., "labels": ["statement", ...]}` (one per
  sentence of the text, split as the app splits)
- `{"speaker": "agent", "text": ..., "label": "closing"}` (one sentence)
- a scripted call's `expect.labels`: [[sentence, label], ...] over the whole call.

Gold verdicts apply TAXONOMY.md section 2 (models.analysis.patterns) to the gold
labels on fake, evenly paced times; P5 and P6 depend on real times, so only
P1-P4 (what decides "rushed") are compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kernel.domain import AGENT, CUSTOMER, LABELS, Segment, Sentence, Transcript, Word
from models.analysis.sentences import annotate_customer, ends_sentence

SECONDS_PER_CHAR = 0.065  # flite's pace (tests/fixtures/calls.py measured it)
LEAD_IN_S = 0.5
TURN_PAUSE_S = 0.6
DECIDING = ("P1", "P2", "P3", "P4")
_SPEAKERS = {"agent": AGENT, "a": AGENT, "customer": CUSTOMER, "c": CUSTOMER, "caller": CUSTOMER}


class CallFormatError(ValueError):
    """A call line that cannot be read: names the call and the reason."""


@dataclass
class Turn:
    speaker: str
    text: str
    sentences: list[tuple[str, str | None]] = field(default_factory=list)  # (text, gold label)


@dataclass
class LabelledCall:
    id: str
    turns: list[Turn]
    intended_rushed: bool | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def script(self, voices: tuple[str, str] = ("slt", "rms")) -> dict[str, Any]:
        """The call as a scripts/callsynth.py script."""
        return {
            "id": self.id,
            "agent_voice": voices[0],
            "customer_voice": voices[1],
            "turns": [{"speaker": t.speaker, "text": t.text} for t in self.turns],
        }

    def gold_sentences(self) -> list[Sentence]:
        """Every sentence (gold segmentation) with fake times; agent ones carry gold labels."""
        out: list[Sentence] = []
        clock = LEAD_IN_S
        for index, turn in enumerate(self.turns):
            if index:
                clock += TURN_PAUSE_S
            pieces = turn.sentences or [(p, None) for p in split_plain(turn.text)]
            for text, label in pieces:
                length = max(0.3, len(text) * SECONDS_PER_CHAR)
                sentence = Sentence(
                    len(out), round(clock, 3), round(clock + length, 3), turn.speaker, text,
                    label=label if turn.speaker == AGENT else None,
                )  # fmt: skip
                out.append(annotate_customer(sentence))
                clock += length + 0.2
        return out

    def transcript(self) -> Transcript:
        """One segment per turn with evenly paced fake word times (the text path's input)."""
        segments: list[Segment] = []
        clock = LEAD_IN_S
        for index, turn in enumerate(self.turns):
            if index:
                clock += TURN_PAUSE_S
            words: list[Word] = []
            for token in turn.text.split():
                length = max(0.12, (len(token) + 1) * SECONDS_PER_CHAR)
                words.append(Word(round(clock, 3), round(clock + length, 3), " " + token))
                clock += length
            if not words:
                continue
            channel = 0 if turn.speaker == AGENT else 1
            segments.append(
                Segment(words[0].start, words[-1].end, turn.speaker, turn.text, words, channel)
            )
        return Transcript(segments, "script", clock + LEAD_IN_S)


_PLAIN_END = re.compile(r"(?<=[.?!])\s+(?=\S)")


def split_plain(text: str) -> list[str]:
    """A turn's text split after . ? ! (used only where a writer gave no sentences)."""
    words = text.split()
    pieces: list[list[str]] = [[]]
    for i, word in enumerate(words):
        pieces[-1].append(word)
        if i + 1 < len(words) and ends_sentence(word, words[i + 1]):
            pieces.append([])
    return [" ".join(p) for p in pieces if p]


def _label(value: Any, where: str) -> str:
    label = str(value).strip()
    if label not in LABELS:
        raise CallFormatError(f"{where}: unknown label {label!r}")
    return label


def _turn(raw: Mapping[str, Any], where: str) -> Turn:
    speaker = _SPEAKERS.get(str(raw.get("speaker", raw.get("role", ""))).strip().lower())
    if speaker is None:
        raise CallFormatError(f"{where}: speaker must be agent or customer")
    if isinstance(raw.get("sentences"), list):
        sentences = []
        for item in raw["sentences"]:
            if isinstance(item, Mapping):
                text = str(item.get("text", "")).strip()
                label = item.get("label")
            else:
                text, label = str(item[0]).strip(), item[1] if len(item) > 1 else None
            if text:
                sentences.append((text, _label(label, where) if speaker == AGENT else None))
        text = " ".join(t for t, _ in sentences)
        return Turn(speaker, str(raw.get("text") or text).strip(), sentences)
    text = str(raw.get("text", "")).strip()
    if speaker == AGENT and isinstance(raw.get("labels"), list):
        pieces = split_plain(text)
        labels = [_label(v, where) for v in raw["labels"]]
        if len(pieces) != len(labels):
            raise CallFormatError(f"{where}: {len(labels)} labels for {len(pieces)} sentences")
        return Turn(speaker, text, list(zip(pieces, labels, strict=True)))
    if speaker == AGENT and raw.get("label"):
        return Turn(speaker, text, [(text, _label(raw["label"], where))])
    return Turn(speaker, text, [])


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("’", "'")).split())


def _apply_expected(turns: list[Turn], expected: list[Any], where: str) -> None:
    """Scripted calls: expect.labels lists (sentence, label) over all agent turns in order."""
    queue = [(str(t), _label(lab, where)) for t, lab in expected]
    for turn in turns:
        if turn.speaker != AGENT or turn.sentences:
            continue
        for piece in split_plain(turn.text):
            if not queue or _norm(queue[0][0]) != _norm(piece):
                raise CallFormatError(f"{where}: expected labels do not follow the agent's text")
            turn.sentences.append((piece, queue.pop(0)[1]))


def parse_call(raw: Mapping[str, Any], where: str) -> LabelledCall:
    """One call object (any accepted shape) -> LabelledCall; CallFormatError names the reason."""
    turns_raw = raw.get("turns")
    if not isinstance(turns_raw, list) or not turns_raw:
        raise CallFormatError(f"{where}: no turns")
    call_id = str(raw.get("id") or raw.get("call_id") or where)
    turns = [_turn(t, f"{where} turn {i}") for i, t in enumerate(turns_raw)]
    expect = raw.get("expect") if isinstance(raw.get("expect"), Mapping) else {}
    if expect and isinstance(expect.get("labels"), list):
        _apply_expected(turns, expect["labels"], where)
    for i, turn in enumerate(turns):
        if turn.speaker == AGENT and not turn.sentences:
            raise CallFormatError(f"{where} turn {i}: agent turn without labels")
    intended = raw.get("intended_rushed", expect.get("rushed") if expect else None)
    if isinstance(intended, str):
        intended = intended.strip().lower() in {"true", "yes", "1", "rushed"}
    extra = {k: v for k, v in raw.items() if k not in {"turns", "expect"}}
    return LabelledCall(call_id, turns, None if intended is None else bool(intended), where, extra)


def json_lines(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, object) for each JSON object line; blank and # comment lines skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "//")):
            continue
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CallFormatError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if isinstance(value, dict):
            yield number, value


def load_calls(path: Path) -> list[LabelledCall]:
    """Calls of a JSONL file (lines without `turns`, e.g. format notes, are skipped) or of
    one scripted-call JSON file."""
    if path.suffix == ".json":
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [parse_call(raw, str(path))]
    calls = []
    for number, raw in json_lines(path):
        if "turns" in raw:
            calls.append(parse_call(raw, f"{path.parent.name}/{path.name}:{number}"))
    return calls


def gold_patterns(call: LabelledCall) -> set[str]:
    """P1-P4 that hold on the gold labels (TAXONOMY.md section 2)."""
    from models.analysis.patterns import detect_patterns

    hits = detect_patterns(call.gold_sentences())
    return {h.id for h in hits if h.id in DECIDING}
