"""The app's search syntax on PostgreSQL: read into a tsquery, and finding what SQLite finds."""

from __future__ import annotations

import pytest

from app.storage.engine import open_library
from app.storage.library import Library
from app.storage.pg.fts import to_tsquery_text
from tests.fixtures.library import fill_library


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("refund", "'refund'"),
        ("Refund card", "('refund' & 'card')"),
        ('"card blocked"', "('card' <-> 'blocked')"),
        ("refund*", "'refund':*"),
        ('"card bl"*', "('card' <-> 'bl':*)"),
        ("refund OR card", "('refund' | 'card')"),
        ("refund AND card OR rent", "(('refund' & 'card') | 'rent')"),
        ("refund* NOT rent", "('refund':* & !'rent')"),
        ("a AND b NOT c", "('a' & ('b' & !'c'))"),
        ("(refund OR credit) AND card", "(('refund' | 'credit') & 'card')"),
        ('"don""t"', "('don' <-> 't')"),
        # what FTS5 cannot read is searched as plain words, as the SQLite library does
        ('"card blocked', "'card' & 'blocked'"),
        ("refund AND", "'refund' & 'and'"),
        ("NOT rent", "'not' & 'rent'"),
        ("rent'", "'rent'"),
        # the one column's filter is the word itself; other FTS5 features: plain words
        ("text:refund", "'refund'"),
        ("NEAR(refund card)", "'near' & 'refund' & 'card'"),
        ("   ", ""),
    ],
)
def test_queries_are_read_into_tsquery_text(query: str, tsquery: str) -> None:
    assert to_tsquery_text(query) == tsquery


QUERIES = [
    "refund",
    "refunds",  # stemmed: finds "refund", "refunded" like FTS5's porter
    "card",
    '"your account"',
    "acc*",
    "refund OR card",
    "refund* NOT card",
    "the",  # stop words are kept, as in FTS5
    "(sorry OR apologise) AND wait*",
    '"card blocked',  # unreadable: plain words
    "zzqx",
]


def test_search_finds_the_same_sentences_on_both_engines(library: Library, pg_url: str) -> None:
    fill_library(library)
    team = open_library(pg_url, reviewer="alice")
    try:
        fill_library(team)
        found_any = 0
        for query in QUERIES:
            local = [(h.call_id, h.sentence_id) for h in library.search(query)]
            shared = [(h.call_id, h.sentence_id) for h in team.search(query)]
            assert shared == local, query
            found_any += bool(local)
        assert found_any >= len(QUERIES) - 2  # the queries do find sentences
        hit = team.search("refund")[0]
        assert "<mark>" in hit.snippet and "</mark>" in hit.snippet
    finally:
        team.close()
