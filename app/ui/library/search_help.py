"""What to try when a transcript search finds nothing: the syntax, and a fix when obvious."""

from __future__ import annotations

import re

SYNTAX = (
    'Search words (refund), phrases ("card blocked"), word starts (refund*), and '
    "combine them with AND, OR and NOT (refund* NOT rent)."
)


def suggestion(query: str) -> str | None:
    """A corrected query for a common slip (FTS5 writes "a NOT b", not "a AND NOT b")."""
    fixed = re.sub(r"\bAND\s+NOT\b", "NOT", query)
    fixed = re.sub(r"^\s*NOT\s+", "", fixed) if fixed.lstrip().startswith("NOT ") else fixed
    if query.count('"') % 2:
        fixed = fixed.replace('"', "")
    fixed = re.sub(r"\b(and|or|not)\b", lambda m: m.group(1).upper(), fixed)
    fixed = " ".join(fixed.split())
    return fixed if fixed and fixed != " ".join(query.split()) else None


def no_match_text(query: str) -> str:
    """The line shown when nothing matches `query`: the syntax, and a fix when one is obvious."""
    fix = suggestion(query)
    tip = f" Did you mean: {fix}?" if fix else ""
    return f"Nothing matches {query}.{tip} {SYNTAX}"
