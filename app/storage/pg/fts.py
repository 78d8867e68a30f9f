"""The app's search syntax (SQLite FTS5's) read into a PostgreSQL tsquery.

Users type the same queries on both engines (app/ui/library/search_help.py
describes them): words (refund), phrases ("card blocked"), word starts
(refund*), AND / OR / NOT and brackets; words side by side must all occur.
FTS5's precedence is kept: NOT binds tightest (`a NOT b` is a and not b),
then AND, then OR.

A query is first checked by SQLite's own FTS5 parser (an in-memory table), so
exactly the queries the SQLite library can read are read here; one it cannot
(a stray quote, a lone operator), or one using FTS5 features beyond the
documented syntax (NEAR, column filters), is searched as plain words, as the
SQLite library does.

The result is text for `to_tsquery('callscope', ...)`: every word quoted as a
lexeme ('refund'), prefixes as 'refund':*, phrases as ('card' <-> 'blocked').
The `callscope` text-search configuration (migration 1) stems English words
like FTS5's porter tokenizer and, like it, keeps stop words.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass

TS_CONFIG = "callscope"
_TOKEN = re.compile(r"[^\W_]+")
_OPERATORS = ("AND", "OR", "NOT")


class QueryNotRead(ValueError):
    """The query is not in the documented syntax; search it as plain words."""


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word", "phrase", "(", ")", "op"
    text: str
    prefix: bool = False


_probe_lock = threading.Lock()
_probe: sqlite3.Connection | None = None


def fts5_reads(query: str) -> bool:
    """Whether SQLite's FTS5 parser accepts `query` (the SQLite library's own test)."""
    global _probe
    with _probe_lock:
        if _probe is None:
            _probe = sqlite3.connect(":memory:", check_same_thread=False)
            _probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        try:
            _probe.execute("SELECT rowid FROM probe WHERE probe MATCH ?", (query,)).fetchall()
        except sqlite3.OperationalError:
            return False
    return True


def to_tsquery_text(query: str) -> str:
    """The tsquery text for `query`; plain words when FTS5 could not read it. '' for nothing."""
    query = query.strip()
    if not query:
        return ""
    if fts5_reads(query):
        try:
            return _Parser(_tokens(query)).parse()
        except QueryNotRead:
            pass
    return plain_words(query)


def plain_words(query: str) -> str:
    """Every word of `query` must occur (what an unreadable query is searched as)."""
    lexemes = [_lexeme(w) for w in _TOKEN.findall(query)]
    return " & ".join(lexemes)


def _lexeme(word: str, prefix: bool = False) -> str:
    # _TOKEN words hold letters and digits only, so no quote needs escaping
    return f"'{word.lower()}'" + (":*" if prefix else "")


def _tokens(query: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Tok(ch, ch))
            i += 1
        elif ch == '"':
            j, text = i + 1, []
            while j < n:
                if query[j] == '"':
                    if j + 1 < n and query[j + 1] == '"':
                        text.append('"')
                        j += 2
                        continue
                    break
                text.append(query[j])
                j += 1
            i = j + 1
            prefix = i < n and query[i] == "*"
            i += int(prefix)
            out.append(_Tok("phrase", "".join(text), prefix))
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"*':
                j += 1
            word = query[i:j].removeprefix("text:")  # the one column's filter
            prefix = j < n and query[j] == "*"
            i = j + int(prefix)
            if word in _OPERATORS and not prefix:
                out.append(_Tok("op", word))
            elif ":" in word or word.upper() == "NEAR" or word.startswith(("^", "-", "+")):
                raise QueryNotRead(word)  # column filters, NEAR groups: beyond the syntax
            else:
                out.append(_Tok("word", word, prefix))
    return out


class _Parser:
    """or := and (OR and)*; and := not ([AND] not)*; not := atom (NOT atom)*."""

    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.at = 0

    def parse(self) -> str:
        if not self.tokens:
            return ""
        result = self._or()
        if self.at != len(self.tokens):
            raise QueryNotRead("trailing tokens")
        return result

    def _peek(self) -> _Tok | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _is_op(self, name: str) -> bool:
        tok = self._peek()
        return tok is not None and tok.kind == "op" and tok.text == name

    def _or(self) -> str:
        parts = [self._and()]
        while self._is_op("OR"):
            self.at += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    def _and(self) -> str:
        parts = [self._not()]
        while True:
            tok = self._peek()
            if tok is None or tok.kind == ")" or (tok.kind == "op" and tok.text == "OR"):
                break
            if tok.kind == "op" and tok.text == "AND":
                self.at += 1
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"

    def _not(self) -> str:
        result = self._atom()
        while self._is_op("NOT"):
            self.at += 1
            result = f"({result} & !{self._atom()})"
        return result

    def _atom(self) -> str:
        tok = self._peek()
        if tok is None:
            raise QueryNotRead("ends too soon")
        self.at += 1
        if tok.kind == "(":
            inner = self._or()
            if self._peek() is None or self._peek().kind != ")":  # type: ignore[union-attr]
                raise QueryNotRead("unclosed bracket")
            self.at += 1
            return inner
        if tok.kind in ("word", "phrase"):
            words = _TOKEN.findall(tok.text)
            if not words:
                raise QueryNotRead("empty phrase")
            lexemes = [_lexeme(w) for w in words[:-1]] + [_lexeme(words[-1], tok.prefix)]
            return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"
        raise QueryNotRead(tok.text)
