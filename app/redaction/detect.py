"""Find personal data in a call's words: `detect(sentences) -> {position: kind}`.

Three sources, strongest kind kept where they overlap (PRIORITY):
- digit runs across words, segments and both speakers ("four five three
  nine", "453-9, 882-1"): 13+ digits are a card number, Luhn-valid or not
  (a misheard digit must not let a card through);
- dialogue context (context.py): what the answer to "the long number on the
  card?" or "your date of birth?" holds, even when no pattern matches it;
- patterns on the text: e-mail addresses, IBANs, national IDs, sort codes,
  expiry dates, postcodes, street addresses, "my name is ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.redaction import kinds as k
from app.redaction.cards import CORRECTIONS, flag_card_stretches
from app.redaction.context import UNITS, Window, answer_windows
from app.redaction.numbers import (
    JOINERS,
    MONTHS,
    ORDINALS,
    clean,
    join_digits,
    luhn_valid,
    month_number,
    token_number,
)
from app.redaction.tokens import Token, TokenSentence
from kernel.domain import AGENT, CUSTOMER, UNKNOWN

# Where two detections cover one word, the earlier kind wins (a checksum-valid IBAN
# holds a long digit run that would otherwise read as a card number).
PRIORITY: tuple[str, ...] = (
    k.IBAN, k.CARD_NUMBER, k.SECURITY_CODE, k.EXPIRY_DATE, k.NATIONAL_ID, k.ACCOUNT_NUMBER,
    k.SORT_CODE, k.PHONE_NUMBER, k.EMAIL, k.DATE_OF_BIRTH, k.ADDRESS, k.NAME,
)  # fmt: skip
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}
RUN_GAP_S = 8.0  # a pause longer than this ends a spoken number (groups read slowly)
MAX_SKIPS = 3  # joiners/backchannels in a row that a number survives
CARD_MIN_DIGITS = 13
CARD_SESSION_S = 120.0  # expiry and code follow the card number within this
SHORT_ANSWER_WORDS = 8
ADDRESS_SENTENCES = 5  # Whisper cuts an address into many short "sentences"
# The other speaker's words that do not end a number being read ("4539" "okay" "8821").
RUN_BACKCHANNEL = frozenset(
    {"ok", "okay", "yes", "yeah", "yep", "right", "mhm", "mm-hmm", "uh-huh", "got", "it", "go",
     "on", "sure", "uh", "um"}
)  # fmt: skip

# Words before the content of an answer ("Yes, it's ...", "Sure, my postcode is ...").
ANSWER_FILLER = frozenset(
    {"yes", "yeah", "yep", "sure", "okay", "ok", "so", "um", "uh", "er", "erm", "it's", "its",
     "it", "is", "that's", "that", "my", "the", "address", "postcode", "post", "code", "zip",
     "name", "full", "date", "of", "birth", "i", "i'm", "live", "at", "well", "right", "and",
     "sorry", "oh", "alright", "certainly", "email", "e-mail", "mail", "here", "let", "me",
     "see", "just", "a", "moment", "mhm", "no", "problem", "course", "was", "born", "on",
     "in", "first", "line", "surname", "last", "spelled", "spell", "thats", "hi", "great",
     "thanks", "thank", "you", "perfect", "lovely", "cool", "fine", "good"}
)  # fmt: skip
TEXT_KINDS = (k.ADDRESS, k.NAME, k.EMAIL, k.DATE_OF_BIRTH)

_STREET = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent"
    r"|Boulevard|Blvd|Terrace|Gardens|Grove|Square|Parkway|Hill|Row|Mews|Walk|Park|View"
)
_SEP = r"(?:[ ,.]*-[ ]*|[ ,.]+)"  # between digit groups as Whisper writes them
_END = r"(?![\w-]|[ ,.]+-?\d)"  # no further digit group follows
_MONTH = "|".join(m for m in MONTHS if len(m) > 3)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{'|'.join(ORDINALS)}|(?:twenty|thirty)[- ]\w+)"
_BIRTH_YEAR = r"(?:19[2-9]\d|200\d)"  # a full date with such a year: a date of birth
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (k.EMAIL, re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (k.EMAIL, re.compile(
        r"(?i)\b[\w.]+(?: (?:dot|underscore) [\w]+)* at [\w-]+(?: dot [\w-]+)*"
        r" dot (?:com|net|org|co|uk|io|edu|gov)\b(?: dot uk)?")),
    # US Social Security number: 3-2-4 digits, any separators ("218 -64 -3390", "218, 64, 3390")
    (k.NATIONAL_ID, re.compile(
        rf"(?<![\w-])\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{4}}{_END}")),
    # UK National Insurance: 2 letters, 6 digits, a letter A-D; Whisper spaces the
    # letters ("K P,"), hyphenates groups and may drop a digit before a glued letter ("19c").
    (k.NATIONAL_ID, re.compile(
        r"\b[A-Z][ .,]{0,2}[A-Z]\b(?:(?:[ ,.-]*\d){6}(?:[ ,.-]*[A-Da-d]\b)?"
        r"|(?:[ ,.-]*\d){5}[A-Da-d]\b)")),
    (k.IBAN, re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    (k.DATE_OF_BIRTH, re.compile(
        rf"(?i)\b(?:{_DAY},?(?: of)? (?:{_MONTH})|(?:{_MONTH}),? {_DAY}),? {_BIRTH_YEAR}\b")),
    (k.DATE_OF_BIRTH, re.compile(rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_BIRTH_YEAR}\b")),
    # North American phone number, 3-3-4 ("503 218 4439", "(503) 218-4439")
    (k.PHONE_NUMBER, re.compile(rf"(?<![\w-])\(?[2-9]\d{{2}}\)?{_SEP}\d{{3}}{_SEP}\d{{4}}{_END}")),
    (k.SORT_CODE, re.compile(r"\b\d{2}-\d{2}-\d{2}\b")),
    (k.EXPIRY_DATE, re.compile(r"(?<![/\d])(?:0[1-9]|1[0-2]) ?/ ?(?:\d{2}|20\d{2})(?![/\d])")),
    (k.ADDRESS, re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")),
    (k.ADDRESS, re.compile(rf"\b\d{{1,5}}[A-Za-z]?,? (?:[A-Z][a-z]+,? ){{1,3}}(?:{_STREET})\b")),
    (k.NAME, re.compile(
        r"(?:\b[Mm]y name is|\b[Mm]y name's|\b[Nn]ame's|\b[Ss]peaking with|\b(?:Mr|Mrs|Ms|Miss|Dr)"
        r"\.?) ((?:[A-Z][\w'’-]+)(?: [A-Z][\w'’-]+){0,2})")),
)  # fmt: skip


class Flags:
    """Stream position -> kind, keeping the stronger kind where two meet."""

    def __init__(self) -> None:
        self.kinds: dict[int, str] = {}

    def set(self, positions: Iterable[int], kind: str) -> None:
        for position in positions:
            old = self.kinds.get(position)
            if old is None or _RANK[kind] < _RANK[old]:
                self.kinds[position] = kind


def _number_value(stream: list[Token], i: int) -> str | None:
    """A token's digits; "oh" and "double" only next to other numbers."""
    value = token_number(stream[i].text)
    if value is None or value == "o" or value.startswith("x"):
        neighbours = [
            token_number(stream[j].text)
            for j in (i - 1, i + 1)
            if 0 <= j < len(stream) and stream[j].speaker == stream[i].speaker
        ]
        if value is not None and any(n not in (None, "o") for n in neighbours):
            return value
        return None
    return value


def digit_runs(stream: list[Token]) -> list[list[int]]:
    """Positions of each spoken number, across segments and speakers.

    Joiners ("and", "dash", "um") and the other speaker's backchannels
    ("okay", "yes") inside a number do not end it; a pause over RUN_GAP_S does.
    """
    runs: list[list[int]] = []
    current: list[int] = []
    skipped: list[int] = []
    for i, token in enumerate(stream):
        if _number_value(stream, i) is not None:
            if current and token.start - stream[current[-1]].end > RUN_GAP_S:
                runs.append(current)
                current = []
            if current:
                current.extend(skipped)
            current.append(i)
            skipped = []
            continue
        word = clean(token.text)
        other = bool(current) and token.speaker != stream[current[-1]].speaker
        if (
            current
            and len(skipped) < MAX_SKIPS
            and (
                word in JOINERS
                or word in CORRECTIONS  # "7 3 4, sorry, that's 7 3 6": one number
                or (other and word in RUN_BACKCHANNEL)
                or not word
            )
        ):
            skipped.append(i)
            continue
        if current:
            runs.append(current)
        current, skipped = [], []
    if current:
        runs.append(current)
    return runs


def run_digits(stream: list[Token], run: list[int]) -> str:
    values = [_number_value(stream, i) for i in run]
    return join_digits([v for v in values if v is not None])


def _numbers_only(stream: list[Token], run: list[int]) -> list[int]:
    """The run without the other speaker's backchannels and trailing joiners."""
    keep = [i for i in run if _number_value(stream, i) is not None]
    if not keep:
        return []
    speakers = {stream[i].speaker for i in keep}
    return [i for i in run if keep[0] <= i <= keep[-1] and stream[i].speaker in speakers]


def _split_after_card(stream: list[Token], run: list[int]) -> list[list[int]]:
    """A card number read straight on into its expiry or code, split where the card ends.

    The card is the shortest 15 or 16 digit start of the run that passes the
    Luhn check (complete cards do); without one the run stays whole.
    """
    digits = run_digits(stream, run)
    if len(digits) <= 16 or luhn_valid(digits):  # 17-19 digit cards pass Luhn whole
        return [run]
    for cut in range(1, len(run)):
        head = run_digits(stream, run[:cut])
        if len(head) in (15, 16) and luhn_valid(head):
            return [run[:cut], run[cut:]]
    return [run]


def shape_kind(digits: str, kinds: list[str], has_month: bool) -> str | None:
    """Which asked-for kind a number of this shape is (card, code, expiry...)."""
    n = len(digits)
    if n >= CARD_MIN_DIGITS:
        return k.CARD_NUMBER
    digit_kinds = [kind for kind in kinds if kind in k.DIGIT_KINDS]
    if k.DATE_OF_BIRTH in kinds and (has_month or 6 <= n <= 8) and k.EXPIRY_DATE not in kinds:
        return k.DATE_OF_BIRTH
    if not digit_kinds:  # house numbers and zip codes; an e-mail or name answer is no number
        return next((kind for kind in kinds if kind in (k.ADDRESS, k.DATE_OF_BIRTH)), None)
    if digit_kinds == [k.CARD_NUMBER] and n < 4:
        return None  # "the one", "two of them": no card group (cards.py joins garbled ones)
    if len(digit_kinds) == 1:
        return digit_kinds[0]
    if k.CARD_NUMBER in digit_kinds and n >= 12:
        return k.CARD_NUMBER
    if k.EXPIRY_DATE in digit_kinds and (has_month or (n in (4, 6) and 1 <= int(digits[:2]) <= 12)):
        return k.EXPIRY_DATE
    if k.SECURITY_CODE in digit_kinds and n in (3, 4):
        return k.SECURITY_CODE
    if k.SORT_CODE in digit_kinds and n == 6:
        return k.SORT_CODE
    if k.ACCOUNT_NUMBER in digit_kinds and 7 <= n <= 10:
        return k.ACCOUNT_NUMBER
    if k.PHONE_NUMBER in digit_kinds and n >= 7:
        return k.PHONE_NUMBER
    return digit_kinds[0]


def detect(sentences: list[TokenSentence]) -> dict[int, str]:
    """Stream position -> kind for every word to redact."""
    stream = sorted((t for s in sentences for t in s.tokens), key=lambda t: t.position)
    flags = Flags()
    windows = answer_windows(sentences)
    window_of: dict[int, Window] = {}
    for window in windows:
        for sentence in window.sentences:
            for token in sentence.tokens:
                if window.request.after < token.position < window.until:
                    window_of[token.position] = window
    for whole in digit_runs(stream):
        for part, run in enumerate(_split_after_card(stream, _numbers_only(stream, whole))):
            digits = run_digits(stream, run)
            if len(digits) < CARD_MIN_DIGITS and _amount(stream, run):
                continue  # "twenty minutes", "fifteen pounds", "$40"
            months = any(month_number(stream[i].text) for i in run)
            kinds = next((window_of[i].request.kinds for i in run if i in window_of), [])
            if part:  # what follows a complete card: its expiry or code
                kinds = [k.CARD_NUMBER, k.EXPIRY_DATE, k.SECURITY_CODE]
            kind = shape_kind(digits, kinds, months)
            if (
                kind is None
                and len(digits) == 12
                and (luhn_valid(digits) or digits[:1] not in "01")
                and not _named_reference(stream, run[0])
            ):
                kind = k.CARD_NUMBER  # 12 digits not starting 0/1 (a phone): a card short of some
            elif kind is None and 10 <= len(digits) <= 13 and digits[:1] in "01":
                kind = k.PHONE_NUMBER
            if kind is not None:
                flags.set(run, kind)
    for window in windows:
        _flag_window(window, flags)
    for sentence in sentences:
        _flag_patterns(sentence, flags)
    _flag_card_session(stream, sentences, flags)
    flag_card_stretches(stream, windows, flags, lambda i: _number_value(stream, i))
    _flag_name_again(stream, flags)
    return flags.kinds


def _flag_card_session(stream: list[Token], sentences: list[TokenSentence], flags: Flags) -> None:
    """Short numeric answers soon after a card number are its expiry or security code.

    Whisper mangles the agent's question often enough ("the X -Piry Day",
    "your T -code on the pack") that card data cannot wait for a mention.
    """
    card_ends = [stream[p].end for p, kind in flags.kinds.items() if kind == k.CARD_NUMBER]
    if not card_ends:
        return
    for sentence in sentences:
        if sentence.speaker == AGENT or len(sentence.tokens) > SHORT_ANSWER_WORDS:
            continue
        if not any(0 <= sentence.start - end <= CARD_SESSION_S for end in card_ends):
            continue
        positions = [t.position for t in sentence.tokens]
        months = [p for p in positions if month_number(stream[p].text)]
        if months:  # "December 26th": the expiry, however few digits Whisper kept
            numbers = [p for p in positions if _number_value(stream, p) is not None]
            span = [p for p in positions if min(months + numbers) <= p <= max(months + numbers)]
            flags.set([p for p in span if p not in flags.kinds], k.EXPIRY_DATE)
            continue
        for run in digit_runs([stream[p] for p in positions]):
            run = [positions[i] for i in run]
            if any(p in flags.kinds for p in run):
                continue
            digits = run_digits(stream, run)
            if _amount(stream, run):
                continue
            # Two digits: a code Whisper dropped a digit of ("Eight -four").
            if len(digits) in (2, 3) or (len(digits) == 4 and int(digits[:2]) > 12):
                flags.set(run, k.SECURITY_CODE)
            elif 4 <= len(digits) <= 6:
                flags.set(run, k.EXPIRY_DATE)


# A number named as one of these just before it is no card ("order number 4512...").
REFERENCE_WORDS = frozenset(
    {"reference", "ref", "order", "tracking", "booking", "confirmation", "invoice", "claim",
     "ticket", "case", "policy", "meter", "serial", "imei", "customer", "membership"}
)  # fmt: skip


def _named_reference(stream: list[Token], first: int) -> bool:
    before = stream[max(0, first - 4) : first]
    return any(clean(t.text) in REFERENCE_WORDS for t in before)


def _amount(stream: list[Token], run: list[int]) -> bool:
    """An amount, time or count: a currency sign before it or a unit word after it."""
    after = clean(stream[run[-1] + 1].text) if run[-1] + 1 < len(stream) else ""
    return after in UNITS or stream[run[0]].text.strip()[:1] in "£$€"


def _flag_name_again(stream: list[Token], flags: Flags) -> None:
    """A name once found is hidden wherever else it is said ("Thanks Priya.")."""
    names = {_word(stream[p].text) for p, kind in flags.kinds.items() if kind == k.NAME} - {""}
    names = {n for n in names if len(n) >= 3 and n[:1].isupper()}
    for token in stream:
        if _word(token.text) in names:
            flags.set([token.position], k.NAME)


def _word(text: str) -> str:
    return text.strip().strip(".,?!;:\"'")


def _flag_window(window: Window, flags: Flags) -> None:
    """Dates in date answers; the content of address, name and e-mail answers."""
    request = window.request
    digit_kinds = [kind for kind in request.kinds if kind in k.DIGIT_KINDS]
    for sentence in window.sentences:
        tokens = [t for t in sentence.tokens if request.after < t.position < window.until]
        if not tokens:
            continue
        for kind in (k.DATE_OF_BIRTH, k.EXPIRY_DATE):
            if kind in request.kinds:
                flags.set(_date_positions(tokens), kind)
        if digit_kinds and sentence.speaker != request.speaker:
            # "QQ123456C", "GB29": letters and digits in one word
            mixed = [t.position for t in tokens if _has_digit(t.text) and _has_letter(t.text)]
            flags.set(mixed, digit_kinds[0])
    text_kinds = [kind for kind in request.kinds if kind in TEXT_KINDS]
    if not text_kinds:
        return
    kind = text_kinds[0]
    own = window.sentences[0]
    rest = [t for t in own.tokens if t.position > request.after]
    if rest and (request.speaker == CUSTOMER or not request.asks):
        _flag_own_mention(rest, kind, flags)
        return
    if not request.asks:
        return
    answered = 0
    for sentence in window.sentences[1:]:
        if sentence.speaker == request.speaker and request.speaker != UNKNOWN:
            continue
        tokens = [t for t in sentence.tokens if t.position < window.until]
        content = _content(tokens)
        if not content:
            continue
        if not request.explicit and not _looks_like_data(content[0].text):
            break  # "... by email." "Great, thanks.": no question, no data
        flags.set((t.position for t in content), kind)
        answered += 1
        if kind != k.ADDRESS or answered >= ADDRESS_SENTENCES:
            break


def _flag_own_mention(rest: list[Token], kind: str, flags: Flags) -> None:
    """ "My name is Sam Reid", "my address is 14 Elm Street": the words after it."""
    content = _content(rest)
    if kind == k.NAME and rest[0].speaker == AGENT:
        return  # the agent introducing themselves: the employee's name, kept for coaching
    if kind == k.NAME:
        names = []
        for token in content:
            word = token.text.strip().strip(",.?!")
            if not word[:1].isupper() and not (len(word) == 1 and word.isalpha()):
                break
            names.append(token.position)
            if len(names) >= 3:
                break
        flags.set(names, kind)
    elif kind in (k.ADDRESS, k.EMAIL) and content and _looks_like_data(content[0].text):
        flags.set((t.position for t in content), kind)


def _looks_like_data(text: str) -> bool:
    """An address or e-mail starts with a number, a capital or holds an "@"."""
    word = text.strip()
    return word[:1].isdigit() or word[:1].isupper() or "@" in word or token_number(word) is not None


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _content(tokens: list[Token]) -> list[Token]:
    """The tokens from the first one that is not answer filler to the end."""
    for index, token in enumerate(tokens):
        word = clean(token.text)
        if word and word not in ANSWER_FILLER:
            return tokens[index:]
    return []


def _date_positions(tokens: list[Token]) -> list[int]:
    """Numbers, ordinals and month names of a date, with the "of"s between them."""
    keep = [
        i
        for i, t in enumerate(tokens)
        if month_number(t.text) or token_number(t.text) not in (None, "o")
    ]
    if not keep:
        return []
    return [t.position for t in tokens[keep[0] : keep[-1] + 1]]


def _flag_patterns(sentence: TokenSentence, flags: Flags) -> None:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for token in sentence.tokens:
        word = token.text.strip()
        spans.append((offset, offset + len(word)))
        parts.append(word)
        offset += len(word) + 1
    text = " ".join(parts)
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups else 0
            a, b = match.span(group)
            if kind == k.IBAN and not _iban_valid(match.group(0)):
                continue
            if kind == k.NAME and sentence.speaker == AGENT and "name" in match.group(0).lower():
                continue  # "my name is Dana": the agent's own name stays
            hit = [i for i, (x, y) in enumerate(spans) if x < b and a < y]
            if kind == k.ADDRESS and hit:
                hit = _extend_address(sentence.tokens, hit)
            flags.set((sentence.tokens[i].position for i in hit), kind)


def _extend_address(tokens: list[Token], hit: list[int]) -> list[int]:
    """A street match runs on through the town and postcode that follow it."""
    end = hit[-1]
    while end + 1 < len(tokens):
        word = tokens[end + 1].text.strip().strip(",.")
        if not word or not (word[:1].isupper() or word[:1].isdigit()):
            break
        end += 1
    return list(range(hit[0], end + 1))


def _iban_valid(text: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(text.replace(" ", "")))
