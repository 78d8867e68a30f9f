"""Full-text search on PostgreSQL: the same `search(db, query, limit)` as sqlite_search.

The query (the app's syntax, FTS5's) becomes a tsquery (app/storage/pg/fts.py)
matched against the sentences' generated `text_tsv` column (GIN index);
`ts_headline` marks the matches as FTS5's snippet() does, with … where the
fragment leaves text out.
"""

from __future__ import annotations

from typing import Any

from app.storage.pg.fts import TS_CONFIG, to_tsquery_text
from app.storage.records import SearchHit

HEADLINE = "StartSel=<mark>, StopSel=</mark>, MaxWords=16, MinWords=6, ShortWord=0"
SQL = (
    "SELECT s.call_id, s.idx AS sentence_id, s.start, s.speaker, s.text, "
    f"ts_headline('{TS_CONFIG}', s.text, q, '{HEADLINE}') AS snippet, "
    "c.source, c.agent, c.call_date "
    f"FROM to_tsquery('{TS_CONFIG}', ?) q, sentences s JOIN calls c ON c.id = s.call_id "
    "WHERE s.text_tsv @@ q ORDER BY c.id DESC, s.idx LIMIT ?"
)


def search(db: Any, query: str, limit: int) -> list[SearchHit]:
    """Sentences matching `query`; one FTS5 cannot read is searched as plain words."""
    tsquery = to_tsquery_text(query)
    if not tsquery:
        return []
    return [
        SearchHit(
            int(r["call_id"]),
            int(r["sentence_id"]),
            float(r["start"]),
            str(r["speaker"]),
            ellipsis(str(r["snippet"]), str(r["text"])),
            str(r["source"]),
            r["agent"],
            r["call_date"],
        )
        for r in db.query(SQL, (tsquery, limit))
    ]


def ellipsis(snippet: str, text: str) -> str:
    """Mark a cut like FTS5's snippet does: … where the fragment leaves out text."""
    plain = snippet.replace("<mark>", "").replace("</mark>", "")
    if plain == text or not plain:
        return snippet
    out = snippet
    if not text.startswith(plain):
        out = "…" + out
    if not text.endswith(plain):
        out += "…"
    return out
