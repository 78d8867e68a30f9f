"""What to say about a transcript search: whether the query can be read, and a fix.

`query_problem` asks the store's full-text parser (`store.fts_syntax_error`:
SQLite's FTS5 on an in-memory table, no library involved) whether a query is
valid and turns its error into words.
The library searches an unreadable query as plain words; the screen then
says the query could not be read, why, and what to type instead, rather than
a bare "Nothing matches".
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.ui.store import fts_syntax_error

SYNTAX = (
    'Search words (refund), phrases ("card blocked"), word starts (refund*), and '
    "combine them with AND, OR and NOT (refund* NOT rent)."
)
_OPERATOR = re.compile(r"^(AND|OR|NOT)$")


@lru_cache(maxsize=256)
def query_problem(query: str) -> str | None:
    """None when FTS5 reads `query`, else why not, in words ("a quote is not closed")."""
    if not query.strip():
        return None
    message = fts_syntax_error(query)
    if message is not None:
        near = re.search(r'syntax error near "(.*)"', message)
        if "unterminated string" in message:
            return "a quote is not closed"
        if near and near.group(1) == "":
            return "it ends too soon (AND, OR, NOT or a bracket with nothing after it)"
        if near and near.group(1) == "NOT":
            return "NOT cannot start a search or follow AND or OR (write a NOT b)"
        if near and not re.match(r"\w", near.group(1)):
            return f"the character {near.group(1)} cannot be used in a search"
        if near:
            return f"“{near.group(1)}” cannot be used there"
        return message.removeprefix("fts5: ")
    return None


def _balanced(text: str) -> str:
    """`text` without brackets that do not pair up."""
    out: list[str] = []
    open_at: list[int] = []
    for ch in text:
        if ch == "(":
            open_at.append(len(out))
        elif ch == ")":
            if not open_at:
                continue
            open_at.pop()
        out.append(ch)
    for index in reversed(open_at):
        del out[index]
    return "".join(out)


def suggestion(query: str) -> str | None:
    """A readable query close to `query` ("a AND NOT b" -> "a NOT b"), or None."""
    fixed = re.sub(r"\b(and|or|not)\b", lambda m: m.group(1).upper(), query)
    fixed = re.sub(r"\b(AND|OR)\s+NOT\b", "NOT", fixed)
    if fixed.count('"') % 2:
        fixed = fixed.replace('"', "")
    fixed = re.sub(r'[^\w\s"*()]', " ", fixed)  # stray punctuation: rent' -> rent
    fixed = _balanced(fixed)
    fixed = re.sub(r"\(\s*\)", " ", fixed)
    words = fixed.split()
    while words and _OPERATOR.match(words[-1]):  # "rent OR" -> "rent"
        words.pop()
    while words and _OPERATOR.match(words[0]):  # "NOT rent" -> "rent"
        words.pop(0)
    fixed = " ".join(words)
    if not fixed or fixed == " ".join(query.split()) or query_problem(fixed):
        return None
    return fixed


def no_match_text(query: str) -> str:
    """The line shown when nothing matches `query`: unreadable (why, and a fix) or no match."""
    problem = query_problem(query)
    fix = suggestion(query)
    if problem:
        tip = f" Try: {fix}." if fix else ""
        return f"The search {query} could not be read: {problem}.{tip} {SYNTAX}"
    tip = f" Did you mean: {fix}?" if fix else ""
    return f"Nothing matches {query}.{tip} {SYNTAX}"


def read_as_words_note(query: str) -> str:
    """Added to a hit count when the query could not be read and was searched as plain words."""
    problem = query_problem(query)
    if not problem:
        return ""
    fix = suggestion(query)
    tip = f" Try: {fix}." if fix else ""
    return f" The search could not be read ({problem}), so its words were searched.{tip}"
