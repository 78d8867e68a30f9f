"""The library on PostgreSQL: the team's shared library (issue 16).

`connection` makes a psycopg connection answer like the sqlite3 one the
library code uses; `migrations` holds the PostgreSQL variant of each numbered
migration; `fts` reads the app's search syntax into a tsquery; `library` is
the `Library` that runs on it; `url` names a server without its password.
"""
