"""Training rows from the real speech path: a written call, synthesized, heard by Whisper.

Issue 13: the classifier must learn from what the app really gives it, and
Whisper's sentences are not the writer's. It mishears words, drops question
marks ("so did that cost you a day's pay."), merges two sentences into one run-on
and cuts one sentence in two. This module carries the writer's labels over to
Whisper's sentences:

1. Both texts become word tokens (lower case, letters and digits) and are
   aligned with difflib over the whole call.
2. Mono: each heard word takes the speaker of the written word it matches (a
   word that matches nothing takes its neighbour's), so the sentences are
   split as after a perfect diarization.
3. `split_sentences` (run-on cuts included) makes the app's sentences.
4. A heard agent sentence takes the labels of the written agent sentences that
   END in it (their last matched word lies there) and were heard well enough
   (at least MIN_HEARD of their words matched); where several end in it, the
   first in TAXONOMY's order wins, as TAXONOMY says for mixed sentences
   ("the ASR's sentence boundaries decide what a sentence is"). A heard piece
   in which no written sentence ends (the first half of a sentence cut in two)
   gets no label, it is context for its neighbours and never a training row,
   unless it holds words of statements only (a piece of a statement is one).
5. The context is built by `call_contexts` from these sentences, exactly as the
   app builds it, with the carried labels standing in for the first pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from kernel.domain import AGENT, LABELS, UNKNOWN, Segment, Sentence, Transcript, Word
from models.analysis.sentences import split_sentences
from models.classifier.callsets import LabelledCall

MIN_HEARD = 0.5
_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("'", ""))


def _matches(written: Sequence[str], heard: Sequence[str]) -> dict[int, int]:
    """heard token index -> written token index, for the tokens difflib pairs up."""
    pairs: dict[int, int] = {}
    matcher = SequenceMatcher(None, list(written), list(heard), autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.b + k] = block.a + k
    return pairs


def _owned_tokens(sentences: Sequence[Sentence]) -> tuple[list[str], list[int]]:
    """The sentences' tokens in order and, for each, the index of its sentence."""
    words: list[str] = []
    owner: list[int] = []
    for index, sentence in enumerate(sentences):
        found = tokens(sentence.text)
        words += found
        owner += [index] * len(found)
    return words, owner


def assign_speakers(transcript: Transcript, gold: Sequence[Sentence]) -> list[Segment]:
    """Segments split where the matched written speaker changes (mono: perfect diarization)."""
    written, owner = _owned_tokens(gold)
    heard: list[str] = []
    word_of_token: list[tuple[int, int]] = []
    for s_index, segment in enumerate(transcript.segments):
        for w_index, word in enumerate(segment.words):
            for token in tokens(word.word):
                heard.append(token)
                word_of_token.append((s_index, w_index))
    pairs = _matches(written, heard)
    speaker_of_word: dict[tuple[int, int], str] = {}
    for h_index, key in enumerate(word_of_token):
        if h_index in pairs and key not in speaker_of_word:
            speaker_of_word[key] = gold[owner[pairs[h_index]]].speaker
    out: list[Segment] = []
    current = UNKNOWN
    for s_index, segment in enumerate(transcript.segments):
        run: list[Word] = []
        run_speaker = ""
        first = min((k for k in speaker_of_word if k[0] == s_index), default=None)
        if first is not None:  # words misheard at a segment's start go with what follows
            current = speaker_of_word[first]
        for w_index, word in enumerate(segment.words):
            current = speaker_of_word.get((s_index, w_index), current)
            if run and current != run_speaker:
                out.append(_segment(run, run_speaker, segment.channel))
                run = []
            run_speaker = current
            run.append(word)
        if run:
            out.append(_segment(run, run_speaker, segment.channel))
    return out


def _segment(words: list[Word], speaker: str, channel: int | None) -> Segment:
    text = "".join(w.word for w in words).strip()
    return Segment(words[0].start, words[-1].end, speaker, text, list(words), channel)


def heard_sentences(call: LabelledCall, transcript: Transcript) -> list[Sentence]:
    """The app's sentences of this transcript, agent ones carrying the carried-over label
    (None where no written sentence ends in them)."""
    gold = call.gold_sentences()
    segments = transcript.segments
    if any(s.speaker == UNKNOWN for s in segments):
        segments = assign_speakers(transcript, gold)
    sentences = split_sentences(segments)
    written, owner = _owned_tokens(gold)
    heard, heard_owner = _owned_tokens(sentences)
    pairs = _matches(written, heard)
    matched = [0] * len(gold)
    ends_in: dict[int, int] = {}  # gold sentence -> heard sentence holding its last matched token
    touched: dict[int, set[int]] = {}  # heard sentence -> gold sentences with words in it
    for h_index in sorted(pairs):
        g = owner[pairs[h_index]]
        matched[g] += 1
        ends_in[g] = heard_owner[h_index]
        touched.setdefault(heard_owner[h_index], set()).add(g)
    size = [0] * len(gold)
    for g in owner:
        size[g] += 1
    labels: dict[int, list[str]] = {}
    for g, h in ends_in.items():
        sentence = gold[g]
        if sentence.speaker != AGENT or not sentence.label:
            continue
        if matched[g] < MIN_HEARD * size[g]:
            continue
        labels.setdefault(h, []).append(sentence.label)
    out = []
    for index, sentence in enumerate(sentences):
        label = None
        if sentence.speaker == AGENT and index in labels:
            label = min(labels[index], key=LABELS.index)
        elif (
            sentence.speaker == AGENT
            and index in touched
            and all(gold[g].label == "statement" for g in touched[index])
        ):  # a piece of statements only is a statement ("I'm so sorry," cut off its rest)
            label = "statement"
        out.append(replace(sentence, label=label))
    return out


def asr_rows(
    call: LabelledCall, transcript: Transcript, writer: str, layout: str
) -> list[dict[str, str]]:
    """Training rows (same format as build_call_data's) of the labelled heard sentences."""
    from models.data.build_call_data import labelled_rows

    sentences = heard_sentences(call, transcript)
    return labelled_rows(sentences, call, writer, f"asr:{layout}:{writer}:{call.id}")
