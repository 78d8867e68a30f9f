"""Split a transcript's segments into sentences (owns segments -> [Sentence]).

Consecutive segments of one speaker (in time order) form a turn; each turn is
split into sentences where a word ends in sentence-final punctuation, so the
ASR's punctuation decides what a sentence is (TAXONOMY.md section 1); an agent
sentence the recognizer ran on ("..., does that cover everything you need") is
then cut into clauses (`split_run_on`) so each gets its own label. A turn
always ends its last sentence, punctuated or not. Times come from the first
and last word; segments without words are tokenized from their text with
times interpolated by character position. Customer sentences get
`is_question` and `raises_concern` (used by P3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kernel.domain import AGENT, CUSTOMER, Segment, Sentence

# Lower-cased words ending in "." that do not end a sentence. Dotted letter
# runs ("e.g.", "U.S.", "J.") are recognised by pattern below.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.", "jr.", "st.", "mt.", "vs.", "etc.",
        "approx.", "no.", "nos.", "dept.", "inc.", "ltd.", "co.", "corp.", "ave.", "rd.",
        "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.",
        "nov.", "dec.", "mon.", "tue.", "wed.", "thu.", "fri.", "sat.", "sun.", "min.",
        "ext.", "tel.", "acct.", "ref.",
    }
)  # fmt: skip
_DOTTED_LETTERS = re.compile(r"^(?:[A-Za-z]\.)+$")  # e.g. i.e. U.S. J.
_CLOSERS = "\"'”’)]}"  # may follow the final punctuation: `said "no."`
_SENTENCE_END = re.compile(r"[.?!]+$")

# TAXONOMY.md section 2, P3: words and phrases that leave something open.
CONCERN_PHRASES: tuple[str, ...] = (
    "but",
    "still",
    "also",
    "wait",
    "worried",
    "worry",
    "concern",
    "problem",
    "issue",
    "what about",
    "what if",
    "one more thing",
    "another thing",
)
_CONCERN_RE = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(r"\s+".join(map(re.escape, p.split())) for p in CONCERN_PHRASES)
    + r")(?![\w'])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Token:
    """One word of a turn with its times and the segment it came from."""

    start: float
    end: float
    text: str  # as the ASR gave it (may carry a leading space)
    segment_index: int


def _core(text: str) -> str:
    """The word without surrounding whitespace and trailing quotes/brackets."""
    return text.strip().rstrip(_CLOSERS)


def ends_sentence(word: str, next_word: str | None = None) -> bool:
    """Whether `word` closes a sentence: ends in . ? or ! and is no abbreviation.

    "?" and "!" always end one. A "." does not after a known abbreviation
    ("Mr.", "etc.") or a dotted letter run ("e.g.", "U.S."), inside a number
    split over two words ("3." + "5"), or as an ellipsis ("so...", the
    recognizer's mark for trailing off mid-thought).
    """
    core = _core(word)
    match = _SENTENCE_END.search(core)
    if match is None:
        return False
    marks = match.group(0)
    if "?" in marks or "!" in marks:
        return True
    if marks.startswith(".."):
        return False
    lowered = core.lower()
    if lowered in ABBREVIATIONS or _DOTTED_LETTERS.match(core):
        return False
    stem = core[: -len(marks)]
    nxt = (next_word or "").strip()
    # "3." followed by "5": a decimal the recognizer split into two words.
    return not (stem[-1:].isdigit() and nxt[:1].isdigit() and next_word == nxt)


def is_question_text(text: str) -> bool:
    """Ends with a question mark (closing quotes/brackets ignored)."""
    return _core(text).endswith("?")


# A question the recognizer wrote down without its "?" still has a question's
# word order at the start of a clause: an auxiliary then its subject ("Now, the
# hotel in Keswick, does it have a lift, because he can't manage stairs."), a
# question word then an auxiliary ("So what happens if it leaks again."), or a
# contracted question word ("How's that going to work.").
_ASK_AUXILIARIES = frozenset(
    {
        "do", "does", "did", "is", "are", "was", "were", "am", "can", "could", "will",
        "would", "should", "shall", "have", "has", "may", "might", "don't",
        "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't",
        "won't", "wouldn't", "shouldn't", "haven't", "hasn't",
    }
)  # fmt: skip
_ASK_SUBJECTS = frozenset(
    {
        "i", "you", "it", "we", "they", "he", "she", "there", "that", "this", "these",
        "those", "my", "your", "our", "the", "his", "her", "their", "anyone", "someone",
        "somebody", "anybody", "anything", "something",
    }
)  # fmt: skip
# Not "which", nor "who" after a comma ("..., which is lovely.", "my son, who's
# home"), nor "had" ("Had my tea, then it went off.").
_ASK_WH = frozenset({"what", "how", "when", "where", "why"})
_ASK_WHO = frozenset({"who", "who's"})
# An auxiliary and subject that start statements as often: "Do that, please.",
# "Was my fault, really.", "Does my head in."
_NOT_ASKING = frozenset(
    {("do", "it"), ("do", "that"), ("do", "this"), ("was", "my"), ("did", "my"), ("does", "my")}
)
_ASK_WH_NEXT = frozenset(
    {"about", "if", "happens", "happened", "time", "long", "much", "many", "else", "now"}
)
_ASK_WH_CONTRACTED = frozenset({"what's", "how's", "when's", "where's", "why's"})
_ASK_LEAD_INS = frozenset(
    {
        "and", "so", "but", "okay", "ok", "oh", "well", "now", "also", "um", "uh", "er",
        "erm", "sorry", "right", "wait", "then", "actually", "just", "and,", "alright",
        "look", "listen", "hang", "on", "yeah", "yes", "no",
    }
)  # fmt: skip
_THANKS_RE = re.compile(r"\b(thank|thanks|cheers)\b", re.IGNORECASE)
_CLAUSE_RE = re.compile(r"[,;:\u2013\u2014]|\s-\s")
_ASK_WORD_RE = re.compile(r"[a-z']+")


def _clause_asks(clause: str, opens_sentence: bool) -> bool:
    words = [w.strip("'") for w in _ASK_WORD_RE.findall(clause.lower().replace("’", "'"))]
    while words and words[0] in _ASK_LEAD_INS:
        words = words[1:]
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    if first in _ASK_WHO:
        return opens_sentence  # "Who's paying for the lawn." / not "my son, who's home"
    if first in _ASK_AUXILIARIES:
        return second in _ASK_SUBJECTS and (first, second) not in _NOT_ASKING
    if first in _ASK_WH_CONTRACTED:
        return True
    return first in _ASK_WH and (second in _ASK_AUXILIARIES or second in _ASK_WH_NEXT)


# An agent sentence made only of these acknowledges; it does not answer (P3):
# after a customer question, "Okay, lovely." before "see you Thursday, bye"
# leaves the question open.
# Not "yes", "sure", "of course", "no", "fine": those answer a question.
_ACKNOWLEDGEMENTS: frozenset[str] = frozenset(
    {
        "okay", "ok", "okey", "alright", "all", "right", "lovely", "great", "perfect",
        "brilliant", "cool", "good", "amazing", "wonderful", "excellent",
        "fantastic", "super", "oh", "ah", "um", "uh", "er", "erm", "hmm", "well", "so",
        "then", "thanks", "thank", "you", "cheers", "mm",
    }
)  # fmt: skip


def is_acknowledgement(text: str) -> bool:
    """Only acknowledgement words ("Okay, lovely.", "Right then."): no answer in it."""
    words = _ASK_WORD_RE.findall(text.lower().replace("’", "'"))
    return bool(words) and all(w in _ACKNOWLEDGEMENTS for w in words)


def asks_by_word_order(text: str) -> bool:
    """Whether a clause opens with a question's word order ("So what happens now.",
    "Now, does it have a lift"), whatever the punctuation."""
    clauses = _CLAUSE_RE.split(text)
    return any(_clause_asks(clause, index == 0) for index, clause in enumerate(clauses))


def asks_text(text: str) -> bool:
    """A question: ends in "?", or a clause opens with a question's word order
    (for recognizer text that lost its "?"; a customer's "So what happens now.")."""
    ordered = asks_by_word_order(text)
    if is_question_text(text):
        # A thank-you heard with a rising "?" ("Right, well, thank you very much,
        # young man?") asks nothing unless a clause asks by its word order.
        return ordered or _THANKS_RE.search(text) is None
    return ordered


def raises_concern_text(text: str) -> bool:
    """Contains a concern word or phrase (CONCERN_PHRASES), whole words, any case."""
    return _CONCERN_RE.search(text) is not None


def _join(tokens: Sequence[_Token]) -> str:
    """Sentence text: ASR words keep their own spacing when they carry it."""
    if any(t.text[:1].isspace() for t in tokens[1:]):
        text = "".join(t.text for t in tokens)
    else:
        text = " ".join(t.text.strip() for t in tokens)
    return " ".join(text.split())


def _segment_tokens(segment: Segment, index: int) -> list[_Token]:
    """The segment's words, or its text split on spaces with interpolated times."""
    if segment.words:
        return [
            _Token(w.start, max(w.end, w.start), w.word, index)
            for w in segment.words
            if w.word.strip()
        ]
    pieces = segment.text.split()
    if not pieces:
        return []
    span = max(segment.end - segment.start, 0.0)
    weights = [len(p) + 1 for p in pieces]  # +1: the space after each word takes time too
    total = float(sum(weights))
    tokens: list[_Token] = []
    offset = 0
    for piece, weight in zip(pieces, weights, strict=True):
        start = segment.start + span * offset / total
        offset += weight
        end = segment.start + span * (offset - 1) / total
        tokens.append(_Token(round(start, 3), round(max(end, start), 3), piece, index))
    return tokens


def _turn_groups(segments: Sequence[Segment]) -> list[tuple[str, list[_Token]]]:
    """Consecutive same-speaker segments (time order) merged into one token stream."""
    order = sorted(range(len(segments)), key=lambda i: (segments[i].start, segments[i].end))
    groups: list[tuple[str, list[_Token]]] = []
    for index in order:
        segment = segments[index]
        tokens = _segment_tokens(segment, index)
        if not tokens:
            continue
        if groups and groups[-1][0] == segment.speaker:
            groups[-1][1].extend(tokens)
        else:
            groups.append((segment.speaker, tokens))
    return groups


# A recognizer's run-on ("I've raised the limit on your account, does that cover
# everything you need") is cut into clauses before labelling, at a comma followed
# by the start of a question, "so"/"and" + a question, or "so I've ..." (agent
# sentences only). Not "have" or "do": "..., have a nice day" is a closing, not
# a second question; not "which",
# "when"...: "I've got Monday or Friday free, which suits you?" is one offer.
# Without a comma only a capitalised opener or "and" + opener cuts (see _cut_here).
RUN_ON_OPENERS: frozenset[str] = frozenset(
    {
        "does", "did", "is", "are", "was", "were", "can", "could", "would", "will",
        "has", "shall", "anything",
    }
)  # fmt: skip
# Without a comma, a capitalised question word mid-sentence starts a new one.
_CAPITAL_WH = frozenset(
    {"what", "what's", "how", "how's", "why", "where", "where's", "when", "who", "who's"}
)
_SO_DONE = frozenset({"i've", "i'll", "we've", "we'll", "i'm", "we're"})
_SO_CAN = frozenset({("i", "can"), ("we", "can"), ("i", "could"), ("we", "could")})
# After a comma, a question word opens a new question when its verb and subject
# follow ("..., how's it affecting the restaurant", "..., when is the move"): the
# customer side's question words (_ASK_WH, _ASK_WH_CONTRACTED), so not "which" or
# "who" ("..., who is the manager here"), and a plain verb (not "may": "...,
# how may I help you?" opens a call); not "..., when you get a chance" or "...,
# what I'll do is ...".
_WH_VERBS = frozenset(
    {
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "can", "could",
        "would", "will",
    }
)  # fmt: skip
RUN_ON_MIN_WORDS = (5, 3)  # words the clause before and after the cut must have at least
# A clause that opens as a question keeps its yes/no tail: "What's riding on this
# right now, is it the room for tonight?" is one question, clarified, not two.
_QUESTION_OPENERS = frozenset(
    {
        "what", "what's", "how", "how's", "when", "where", "which", "who", "why",
        "do", "does", "did", "is", "are", "was", "were", "can", "could", "would",
        "will", "have", "has", "shall", "should", "may",
    }
)  # fmt: skip
_QUESTION_SUBJECTS = frozenset(
    {
        "i",
        "you",
        "that",
        "it",
        "this",
        "the",
        "your",
        "everything",
        "there",
        "we",
        "he",
        "she",
        "they",
    }
)


def _asks(opener: str, subject: str) -> bool:
    """Whether two words start a yes/no question: "does that", "is it", "can you"."""
    return opener in RUN_ON_OPENERS and opener != "anything" and subject in _QUESTION_SUBJECTS


_LEAD_INS = frozenset({"and", "so", "okay", "ok", "right", "and,", "um", "uh", "well", "now"})


def _word(token: _Token) -> str:
    return _core(token.text).lower().replace("’", "'").strip(".,!?;:")


def _cut_here(tokens: Sequence[_Token], position: int) -> bool | str:
    """Whether a run-on is cut before tokens[position] (see RUN_ON_OPENERS): "comma"
    for a cut at a comma, True for one without (a capitalised opener, "and" + opener)."""
    before, after = RUN_ON_MIN_WORDS
    if position < before or len(tokens) - position < after:
        return False
    first = _word(tokens[position])
    if not _core(tokens[position - 1].text).endswith(","):
        # No comma: the recognizer still marks a new question with a capital
        # ("... until the end of the month Shall I confirm ...") or joins it with
        # "and" ("... for you and does that date work with your flight?").
        # A question start is the opener then its subject ("does that", "Shall I"),
        # so "... and will be with you tonight" stays one sentence.
        words = [_word(t) for t in tokens[position : position + 3]]
        raw = _core(tokens[position].text).lstrip("\"'(")
        if raw[:1].isupper():
            # "... nobody calling you What had you got planned with the van?"
            return len(words) > 1 and (_asks(words[0], words[1]) or words[0] in _CAPITAL_WH)
        return len(words) > 2 and words[0] == "and" and _asks(words[1], words[2])
    if first in RUN_ON_OPENERS:
        return "comma"
    words = [_word(t) for t in tokens[position : position + 3]]
    if first == "so" and len(words) > 1 and (words[1] in _SO_DONE or tuple(words[1:]) in _SO_CAN):
        return "comma"  # "..., so I've sent a new one" / "..., so I can put you in E2"
    if len(words) > 2 and (
        (first in _ASK_WH_CONTRACTED and words[1] in _QUESTION_SUBJECTS)
        or (first in _ASK_WH and words[1] in _WH_VERBS and words[2] in _QUESTION_SUBJECTS)
    ):
        return "comma"
    # "..., so did that cost you a day's pay" / "..., and is it still blinking"
    if first in ("so", "and") and len(words) > 2 and _asks(words[1], words[2]):
        return "comma"
    return False


def _opens_as_question(clause: Sequence[_Token]) -> bool:
    """Whether a clause's first word (after lead-ins such as "and", "okay") asks."""
    for token in clause:
        word = _word(token)
        if word in _LEAD_INS:
            continue
        return word in _QUESTION_OPENERS
    return False


def split_run_on(tokens: Sequence[_Token]) -> list[list[_Token]]:
    """One sentence's tokens cut into clauses at run-on points (RUN_ON_OPENERS)."""
    pieces: list[list[_Token]] = [[]]
    for position, token in enumerate(tokens):
        cut = _cut_here(tokens, position) if pieces[-1] else False
        if cut == "comma" and _opens_as_question(pieces[-1]):
            cut = False  # "What's riding on this, is it the room for tonight?"
        if cut and len(pieces[-1]) >= RUN_ON_MIN_WORDS[0]:
            pieces.append([])
        pieces[-1].append(token)
    return pieces


def _split_turn(tokens: Sequence[_Token], run_ons: bool = False) -> list[list[_Token]]:
    pieces: list[list[_Token]] = [[]]
    for position, token in enumerate(tokens):
        pieces[-1].append(token)
        following = tokens[position + 1].text if position + 1 < len(tokens) else None
        if following is not None and ends_sentence(token.text, following):
            pieces.append([])
    pieces = [piece for piece in pieces if piece]
    if run_ons:
        pieces = [clause for piece in pieces for clause in split_run_on(piece)]
    return pieces


def annotate_customer(sentence: Sentence) -> Sentence:
    """A copy with is_question/raises_concern set (customer sentences only; else False)."""
    customer = sentence.speaker == CUSTOMER
    return replace(
        sentence,
        is_question=customer and asks_text(sentence.text),
        raises_concern=customer and raises_concern_text(sentence.text),
    )


def split_sentences(segments: Iterable[Segment]) -> list[Sentence]:
    """Sentences of the whole call in time order, ids 0..n-1.

    `segment_index` is the index (in `segments`) of the segment holding the
    sentence's first word. Customer sentences carry is_question/raises_concern.
    """
    segment_list = list(segments)
    drafts: list[Sentence] = []
    for speaker, tokens in _turn_groups(segment_list):
        for piece in _split_turn(tokens, run_ons=speaker == AGENT):
            text = _join(piece)
            drafts.append(
                annotate_customer(
                    Sentence(
                        id=-1,
                        start=piece[0].start,
                        end=max(t.end for t in piece),
                        speaker=speaker,
                        text=text,
                        segment_index=piece[0].segment_index,
                    )
                )
            )
    # Stable: sentences of one turn keep their order even with equal start times.
    drafts.sort(key=lambda s: s.start)
    return [replace(sentence, id=index) for index, sentence in enumerate(drafts)]
