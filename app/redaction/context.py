"""Dialogue context: which personal data a sentence asks for or announces,
and which following words answer it ("Can I take the long number on the
card?" -> the customer's next words are a card number, whatever they say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.redaction import kinds as k
from app.redaction.numbers import ORDINALS, clean, token_number
from app.redaction.tokens import Token, TokenSentence
from kernel.domain import AGENT, CUSTOMER

# First match wins for a stretch of text: "email address" is an email, not an address.
MENTIONS: tuple[tuple[str, str], ...] = (
    (k.EMAIL, r"(?:e-? ?)?mail(?: address)?"),
    (k.NATIONAL_ID, r"social security|national insurance|\bssn\b|\bnin\b|passport number"
     r"|(?:your|my|his|her|the) social\b(?: security)?|passport|\bid number|identity number|tax id"
     r"|driv(?:er'?s|ing) licen[cs]e number|national id"),
    (k.SECURITY_CODE, r"security (?:code|number)|cvv2?|cvc|cv2|three(?:-| )digit(?:s| code)"
     r"|(?:digits|numbers|code) on the back|card verification"),
    # Whisper tiny hears "expiry date" as "X -Piry Day": the stem is enough.
    (k.EXPIRY_DATE, r"expir\w*|x ?-?piry|valid (?:until|thru|through|to)|end date"
     r"|runs? out"),
    (k.SORT_CODE, r"sort code"),
    (k.IBAN, r"iban|international bank account"),
    (k.ACCOUNT_NUMBER, r"account number|bank account|account no|routing number"),
    (k.CARD_NUMBER, r"card number|number on (?:the|your) card|long number|card details"
     r"|(?:16|sixteen)(?:-| )digit|number across the front|card (?:is|reads|starts)"
     # a brand named or a payment taken: card digits follow
     r"|visa\b(?! (?:for|to|application|appointment|waiver|requirement))"
     r"|master ?card|amex|american express|maestro|discover card|(?:debit|credit) card"
     r"|which card|(?:need|take|use) (?:a|another|your|the other) card"
     r"|(?:pay|paid|charge|put) (?:it |that |this )?on (?:my|your|the|a) card"
     r"|(?:a|your|my|the) card (?:to|for|please)|by card|with (?:a|my|your) card"
     r"|pay (?:it |that |this |the \w+ )?(?:now|today|over the phone)"
     r"|(?:take|make|process) (?:a |the |your )?payment|payment (?:now|today|over the phone)"),
    (k.DATE_OF_BIRTH, r"date of birth|day of birth|birth ?date|birthday|\bd\.?o\.?b\b|\bborn\b"),
    (k.PHONE_NUMBER, r"phone number|mobile number|telephone|contact number|cell number"
     r"|best number|number to (?:reach|call)|(?:call|reach) you (?:on|at)"),
    (k.ADDRESS, r"(?:home |postal |billing |street |mailing |delivery )?address|post ?code"
     r"|zip(?: codes?)?|where do you live|first line"),
    (k.NAME, r"your (?:full )?name|(?:first|last|sur|full|maiden) ?name|who am i speaking"
     r"|spell (?:that|your|it)|name on the (?:card|account)|my name|name is"),
    # Last: "code" alone, once sort, zip and post codes have had their turn
    # ("the 3 digits of your T -code on the pack").
    (k.SECURITY_CODE, r"code|(?:digits|numbers) on the (?:back|pack)|signature strip"
     r"|(?:3|4|three|four) (?:digits|numbers|members)|c\.? ?v\.? ?[cv2]\b"),
    (k.NAME, r"name"),  # "could you give me a useful name?" (Whisper for "your full name")
)  # fmt: skip
_MENTION_RES = [(kind, re.compile(rf"(?<![\w-])(?:{rx})(?![\w])")) for kind, rx in MENTIONS]

# Agent turns that do not end a customer's answer ("Okay.", "Go on.", "Mm-hmm.").
BACKCHANNEL = frozenset(
    {"ok", "okay", "yes", "yeah", "yep", "right", "alright", "go", "on", "mm-hmm", "mhm",
     "uh-huh", "got", "it", "thank", "thanks", "you", "and", "great", "perfect", "lovely",
     "sure", "next", "then", "carry", "continue", "the", "rest", "so", "far", "good"}
)  # fmt: skip
_PLACEHOLDER = re.compile(
    "|".join(re.escape(p.lower()).replace(r"\ ", r"\s+") for p in k.PLACEHOLDERS.values())
)
_SELF_INTRO = re.compile(r"\bmy name\b|\bname is\b|\bname's\b|\bthis is \w+ speaking")
WINDOW_S = 60.0  # an answer never runs longer than this after its question


@dataclass
class Mention:
    kind: str
    sentence: int  # sentence id
    after: int  # stream position of the mention's last word: the answer starts after it
    speaker: str


def sentence_text(tokens: list[Token]) -> tuple[str, list[tuple[int, int]]]:
    """Lower-cased words joined by spaces and each token's (start, end) character span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for token in tokens:
        word = token.text.strip().lower()
        spans.append((offset, offset + len(word)))
        parts.append(word)
        offset += len(word) + 1
    text = " ".join(parts)
    # Placeholders of an earlier redaction ("[expiry date]") mention nothing.
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text), spans


def find_mentions(sentences: list[TokenSentence]) -> list[Mention]:
    """Every mention of a kind of personal data, in call order."""
    found: list[Mention] = []
    for sentence in sentences:
        text, spans = sentence_text(sentence.tokens)
        taken: list[tuple[int, int]] = []
        hits: list[tuple[int, str]] = []
        for kind, pattern in _MENTION_RES:
            for match in pattern.finditer(text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                own = _SELF_INTRO.search(text) is not None
                if kind == k.NAME and sentence.speaker == AGENT and own:
                    continue  # "my name is Dana": the agent introducing themselves
                taken.append((match.start(), match.end()))
                last = max(i for i, (a, b) in enumerate(spans) if a < match.end())
                hits.append((last, kind))
        for last, kind in sorted(hits):
            token = sentence.tokens[last]
            found.append(Mention(kind, sentence.id, token.position, sentence.speaker))
    return found


_REQUEST = re.compile(
    r"\b(?:can|could|may|would) (?:i|you|we)\b|\bwhat(?:'s| is| are)\b|\bplease\b|\bconfirm"
    r"|\bread (?:me|out|that)|\bgive me\b|\btell me\b|\bneed (?:your|the)\b|\bi'll need"
    r"|\btake (?:your|the)\b|\bgo ahead\b|\bwhen (?:were|was)\b|\bwhere\b|\bwho\b"
)


def is_request(sentence: TokenSentence) -> bool:
    """Asks for something: a question, or "please read me ...", "I'll need your ..."."""
    text, _spans = sentence_text(sentence.tokens)
    return text.rstrip("\"') ").endswith("?") or _REQUEST.search(text) is not None


def is_backchannel(sentence: TokenSentence) -> bool:
    words = [clean(t.text) for t in sentence.tokens]
    return len(words) <= 5 and all(w in BACKCHANNEL or not w for w in words)


# Numbers followed by these are amounts, times or counts, not a detail read back.
UNITS = frozenset(
    {"pounds", "pound", "dollars", "dollar", "euros", "euro", "pence", "cents", "percent",
     "minutes", "minute", "hours", "hour", "days", "day", "weeks", "week", "months", "month",
     "years", "year", "working", "business", "times", "am", "pm", "o'clock", "gb", "mb",
     "digits", "digit", "of"}
)  # fmt: skip


def has_number(sentence: TokenSentence) -> bool:
    """Reads out a number of three or more digits (not an amount, time or count)."""
    digits = 0
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        value = token_number(token.text)
        if value is None or value == "o" or value.startswith("x"):
            continue
        if clean(token.text) in ORDINALS or token.text.strip()[:1] in "£$€":
            continue
        following = clean(tokens[index + 1].text) if index + 1 < len(tokens) else ""
        if following in UNITS:
            continue
        digits += len(value.replace("_", "0"))
    return digits >= 3


@dataclass
class Request:
    """The kinds one sentence asks for or announces, and where its answer starts."""

    kinds: list[str]
    sentence: int
    after: int  # stream position of the first mention's last word
    speaker: str
    asks: bool  # phrased as a request, or the other speaker answers at once
    explicit: bool = True  # phrased as a request (a question, "please read me ...")


@dataclass
class Window:
    request: Request
    sentences: list[TokenSentence]
    until: int  # stream positions >= this belong to the next request


ANSWER_GAP_S = 3.0


def _answered(sentences: list[TokenSentence], sentence: TokenSentence) -> bool:
    """The other speaker talks next, at once: Whisper often drops the question mark."""
    following = sentences[sentence.id + 1] if sentence.id + 1 < len(sentences) else None
    return (
        sentence.speaker == AGENT
        and following is not None
        and following.speaker != sentence.speaker
        and following.start - sentence.end <= ANSWER_GAP_S
    )


def requests(sentences: list[TokenSentence]) -> list[Request]:
    """Mentions grouped per sentence, in call order."""
    grouped: dict[int, Request] = {}
    for mention in find_mentions(sentences):
        request = grouped.get(mention.sentence)
        if request is None:
            sentence = sentences[mention.sentence]
            grouped[mention.sentence] = Request(
                [mention.kind],
                mention.sentence,
                mention.after,
                mention.speaker,
                is_request(sentence) or _answered(sentences, sentence),
                is_request(sentence),
            )
        elif mention.kind not in request.kinds:
            request.kinds.append(mention.kind)
    return [grouped[i] for i in sorted(grouped)]


def answer_windows(sentences: list[TokenSentence]) -> list[Window]:
    """For each request: the sentences that answer it.

    The answer runs from just after the mention until the agent moves on (an
    agent sentence that is no backchannel and reads back no numbers), the
    next request, or WINDOW_S seconds. A customer's own mention ("my card
    number is ...") covers the rest of that turn.
    """
    found = requests(sentences)
    windows: list[Window] = []
    for number, request in enumerate(found):
        nxt = found[number + 1] if number + 1 < len(found) else None
        first = sentences[request.sentence]
        limit = first.end + WINDOW_S
        inside: list[TokenSentence] = [first]
        answered = False
        if request.speaker == CUSTOMER and first.tokens[-1].position > request.after:
            windows.append(Window(request, inside, nxt.after if nxt is not None else 1 << 30))
            continue  # "my card number is 4539 ...": the rest of that sentence
        for sentence in sentences[request.sentence + 1 :]:
            if sentence.start > limit or (nxt is not None and sentence.id > nxt.sentence):
                break
            if nxt is not None and sentence.id == nxt.sentence and nxt.speaker == request.speaker:
                break  # the asker moves on to the next question
            talking_on = sentence.speaker == request.speaker and not answered  # "... now? So it's"
            if (
                sentence.speaker == AGENT
                and not talking_on
                and not (is_backchannel(sentence) or has_number(sentence))
            ):
                break
            answered = answered or sentence.speaker != request.speaker
            inside.append(sentence)
        until = nxt.after if nxt is not None else 1 << 30
        windows.append(Window(request, inside, until))
    return windows
