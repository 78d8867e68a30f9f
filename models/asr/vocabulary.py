"""Custom vocabulary: company, product and agent names Whisper should spell right.

Owns how a list of names becomes Whisper's prompt. The names come from the
app's settings and from the sidecar CSV beside a call (its `vocabulary` or
`hotwords` column, see app/pipeline/vocabulary.py); this module only cleans
them and turns them into the text the decoder sees before each piece:
faster-whisper's `hotwords` (CTranslate2, batched and sequential decoders
alike) and openai-whisper's `initial_prompt`. Both put the text after
Whisper's "previous text" token, so the model treats it as words already
said in the call: names in it become more likely, spelled as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whisper allows at most 223 prompt tokens; a name is 2-4 tokens. Past ~60 names
# the prompt also starts to cost decode time on every piece.
MAX_TERMS = 60
MAX_TERM_CHARS = 60
MAX_PROMPT_CHARS = 600
_SPLIT = re.compile(r"[,;\n\r\t|]+")


def parse_terms(text: str | None) -> tuple[str, ...]:
    """Names from free text: separated by commas, semicolons, bars or new lines."""
    if not text:
        return ()
    return clean_terms(_SPLIT.split(text))


def clean_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """Stripped, inner spaces collapsed, duplicates (any case) and blanks dropped, in order."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in terms:
        term = " ".join(str(raw).split())[:MAX_TERM_CHARS].strip()
        key = term.casefold()
        if not term or key in seen:
            continue
        seen.add(key)
        kept.append(term)
        if len(kept) >= MAX_TERMS:
            break
    return tuple(kept)


def merge_terms(*lists: Iterable[str]) -> tuple[str, ...]:
    """Several lists as one, earlier lists first (a call's own names before the defaults)."""
    return clean_terms(term for terms in lists for term in terms)


def prompt_text(terms: Iterable[str]) -> str | None:
    """The prompt for these names ("Acme, Zentrabyte, Siobhan."), or None when there are none."""
    text = ""
    for term in clean_terms(terms):
        candidate = f"{text}, {term}" if text else term
        if len(candidate) + 1 > MAX_PROMPT_CHARS:
            break
        text = candidate
    return f"{text}." if text else None
