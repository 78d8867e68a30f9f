"""The PostgreSQL test fixture starts a real server and hands out empty databases."""

from __future__ import annotations

import psycopg

from tests.fixtures.postgres import PostgresServer


def test_the_server_answers_and_each_test_gets_an_empty_database(
    postgres_server: PostgresServer, pg_url: str
) -> None:
    with psycopg.connect(pg_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert version is not None and int(version[0]) >= 120000
    assert tables == (0,)
    assert (postgres_server.folder / "data" / "postmaster.pid").exists()
