"""A call's words as one stream, grouped into the sentences the analysis sees.

Mirrors `models.analysis.sentences.split_sentences` (same turns, same sentence
ends, same order, so sentence `i` here is sentence id `i` there) but keeps
each word's place in its segment, so a redaction can be written back to the
segment's words, its text and the sentence text alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kernel.domain import Segment
from models.analysis.sentences import ends_sentence


@dataclass
class Token:
    """One word: where it lives (segment, word index or text piece) and when."""

    start: float
    end: float
    text: str  # as the ASR gave it (may carry a leading space)
    speaker: str
    segment_index: int
    word_index: int  # index in segment.words, or in segment.text.split() without words
    sentence: int = -1  # id of the sentence holding it
    position: int = -1  # index in the call's time-ordered stream


@dataclass
class TokenSentence:
    id: int
    speaker: str
    tokens: list[Token]

    @property
    def start(self) -> float:
        return self.tokens[0].start

    @property
    def end(self) -> float:
        return max(t.end for t in self.tokens)


def segment_tokens(segment: Segment, index: int) -> list[Token]:
    """The segment's non-empty words, or its text pieces with interpolated times."""
    if segment.words:
        return [
            Token(w.start, max(w.end, w.start), w.word, segment.speaker, index, j)
            for j, w in enumerate(segment.words)
            if w.word.strip()
        ]
    pieces = segment.text.split()
    span = max(segment.end - segment.start, 0.0)
    weights = [len(p) + 1 for p in pieces]
    total = float(sum(weights)) or 1.0
    out: list[Token] = []
    offset = 0
    for j, (piece, weight) in enumerate(zip(pieces, weights, strict=True)):
        start = segment.start + span * offset / total
        offset += weight
        end = segment.start + span * (offset - 1) / total
        out.append(
            Token(round(start, 3), round(max(end, start), 3), piece, segment.speaker, index, j)
        )
    return out


def call_sentences(segments: Sequence[Segment]) -> list[TokenSentence]:
    """Sentences in the order and with the ids `split_sentences` gives them."""
    order = sorted(range(len(segments)), key=lambda i: (segments[i].start, segments[i].end))
    turns: list[tuple[str, list[Token]]] = []
    for index in order:
        tokens = segment_tokens(segments[index], index)
        if not tokens:
            continue
        if turns and turns[-1][0] == segments[index].speaker:
            turns[-1][1].extend(tokens)
        else:
            turns.append((segments[index].speaker, tokens))
    drafts: list[TokenSentence] = []
    for speaker, tokens in turns:
        piece: list[Token] = []
        for position, token in enumerate(tokens):
            piece.append(token)
            following = tokens[position + 1].text if position + 1 < len(tokens) else None
            if following is not None and ends_sentence(token.text, following):
                drafts.append(TokenSentence(-1, speaker, piece))
                piece = []
        if piece:
            drafts.append(TokenSentence(-1, speaker, piece))
    drafts.sort(key=lambda s: s.start)
    for number, sentence in enumerate(drafts):
        sentence.id = number
        for token in sentence.tokens:
            token.sentence = number
    stream = sorted((t for s in drafts for t in s.tokens), key=lambda t: (t.start, t.sentence))
    for position, token in enumerate(stream):
        token.position = position
    return drafts


def join_tokens(texts: Sequence[str]) -> str:
    """Sentence text as `split_sentences` joins it."""
    if any(t[:1].isspace() for t in texts[1:]):
        text = "".join(texts)
    else:
        text = " ".join(t.strip() for t in texts)
    return " ".join(text.split())
