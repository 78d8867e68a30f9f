"""Write detections back: placeholders in words, segment and sentence text,
pattern details; one `Redaction` per placeholder (times of its words).

Labels, patterns and metrics are not recomputed: they were made on the words
as spoken and stay as they are (only their quoted text is redacted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.redaction.detect import detect
from app.redaction.kinds import PLACEHOLDERS, Redaction
from app.redaction.tokens import Token, TokenSentence, call_sentences, join_tokens
from kernel.domain import CallAnalysis, PatternHit, Segment, Sentence, Transcript, Word
from models.analysis.sentences import ends_sentence

_TRAILING = ".,?!;:"


@dataclass
class RedactedCall:
    transcript: Transcript
    analysis: CallAnalysis | None
    redactions: list[Redaction]


def placeholder_text(first: str, last: str, kind: str) -> str:
    """The placeholder with the first word's leading space and the last word's final marks."""
    lead = first[: len(first) - len(first.lstrip())]
    core = last.rstrip()
    tail = core[len(core.rstrip(_TRAILING)) :]
    return f"{lead}{PLACEHOLDERS[kind]}{tail}"


def _groups(tokens: list[Token], kinds: dict[int, str]) -> list[tuple[list[Token], str | None]]:
    """Consecutive tokens merged while they share a kind (never past a sentence end)."""
    out: list[tuple[list[Token], str | None]] = []
    for index, token in enumerate(tokens):
        kind = kinds.get(token.position)
        previous = out[-1] if out else None
        if (
            kind is not None
            and previous is not None
            and previous[1] == kind
            and not ends_sentence(previous[0][-1].text, token.text)
        ):
            previous[0].append(token)
        else:
            out.append(([token], kind))
        del index
    return out


def redact_call(transcript: Transcript, analysis: CallAnalysis | None = None) -> RedactedCall:
    """The call with every detected item replaced by its placeholder."""
    sentences = call_sentences(transcript.segments)
    kinds = detect(sentences)
    if not kinds:
        return RedactedCall(transcript, analysis, [])
    by_segment: dict[int, list[Token]] = {}
    for sentence in sentences:
        for token in sentence.tokens:
            by_segment.setdefault(token.segment_index, []).append(token)
    segments: list[Segment] = []
    redactions: list[Redaction] = []
    for index, segment in enumerate(transcript.segments):
        tokens = sorted(by_segment.get(index, []), key=lambda t: t.word_index)
        if not any(t.position in kinds for t in tokens):
            segments.append(segment)
            continue
        new_segment, found = _redact_segment(segment, tokens, kinds)
        segments.append(new_segment)
        redactions.extend(found)
    redactions.sort(key=lambda r: (r.start, r.end))
    new_transcript = replace(transcript, segments=segments)
    new_analysis = None if analysis is None else _redact_analysis(analysis, sentences, kinds)
    return RedactedCall(new_transcript, new_analysis, redactions)


def _redact_segment(
    segment: Segment, tokens: list[Token], kinds: dict[int, str]
) -> tuple[Segment, list[Redaction]]:
    found: list[Redaction] = []
    texts: list[str] = []
    words: list[Word] = []
    for group, kind in _groups(tokens, kinds):
        if kind is None:
            texts.extend(t.text for t in group)
            if segment.words:
                words.extend(segment.words[t.word_index] for t in group)
            continue
        text = placeholder_text(group[0].text, group[-1].text, kind)
        start, end = group[0].start, max(t.end for t in group)
        found.append(Redaction(round(start, 3), round(end, 3), kind, segment.speaker))
        texts.append(text)
        if segment.words:
            words.append(Word(start, end, text, 1.0))
    if segment.words:
        text = join_tokens([w.word for w in words])
    else:
        text = " ".join(t.strip() for t in texts)
    lead = segment.text[: len(segment.text) - len(segment.text.lstrip())]
    return replace(segment, words=words, text=lead + text), found


def _redact_analysis(
    analysis: CallAnalysis, sentences: list[TokenSentence], kinds: dict[int, str]
) -> CallAnalysis:
    texts: dict[int, tuple[str, str]] = {}  # id -> (as spoken, redacted)
    for sentence in sentences:
        if not any(t.position in kinds for t in sentence.tokens):
            continue
        spoken = join_tokens([t.text for t in sentence.tokens])
        pieces = [
            placeholder_text(g[0].text, g[-1].text, kind) if kind else t.text
            for g, kind in _groups(sentence.tokens, kinds)
            for t in (g if kind is None else g[:1])
        ]
        texts[sentence.id] = (spoken, join_tokens(pieces))
    aligned = len(sentences) == len(analysis.sentences)
    new_sentences = []
    for s in analysis.sentences:
        change = texts.get(s.id) if aligned else None
        if change is not None and change[0] == s.text:
            new_sentences.append(replace(s, text=change[1]))
        elif change is not None or (not aligned and _overlaps_flagged(s, sentences, kinds)):
            # Not the sentence we split (should not happen): hide all of it.
            new_sentences.append(replace(s, text=_whole(s, sentences, kinds)))
        else:
            new_sentences.append(s)
    patterns = requote_patterns(analysis.patterns, analysis.sentences, new_sentences)
    return replace(analysis, sentences=new_sentences, patterns=patterns)


def requote_patterns(
    patterns: list[PatternHit], before: list[Sentence], after: list[Sentence]
) -> list[PatternHit]:
    """Pattern details with each quoted sentence as it reads after redaction."""
    quoted = {
        _quote(old.text): _quote(new.text)
        for old, new in zip(before, after, strict=True)
        if old.text != new.text
    }
    if not quoted:
        return patterns
    return [replace(p, detail=_requote(p.detail, quoted)) for p in patterns]


def _overlaps_flagged(s: Sentence, sentences: list[TokenSentence], kinds: dict[int, str]) -> bool:
    return bool(_kinds_within(s, sentences, kinds))


def _kinds_within(s: Sentence, sentences: list[TokenSentence], kinds: dict[int, str]) -> list[str]:
    """Kinds of the flagged words of the sentence's speaker inside its times."""
    return sorted(
        {
            kinds[t.position]
            for sentence in sentences
            for t in sentence.tokens
            if t.position in kinds
            and t.speaker == s.speaker
            and t.start < s.end + 0.01
            and t.end > s.start
        }
    )


def _whole(s: Sentence, sentences: list[TokenSentence], kinds: dict[int, str]) -> str:
    found = _kinds_within(s, sentences, kinds)
    return " ".join(PLACEHOLDERS[k] for k in found) or s.text


def _quote(text: str, limit: int = 60) -> str:
    """As models.analysis.patterns quotes a sentence in a pattern's detail."""
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def _requote(detail: str, quoted: dict[str, str]) -> str:
    for old, new in quoted.items():
        detail = detail.replace(old, new)
    return detail
