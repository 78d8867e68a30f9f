"""`callscope library copy --from PATH --to TARGET`: move a personal library into the team's.

Also `library info [--db TARGET]`: which engine and database a target names,
its schema version and the reviewer the commands stamp.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.library_args import add_reviewer_argument, reviewer_name


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "library",
        help="copy a library into another (a personal one into the team's); show one",
        description="Manage libraries: `copy` moves every finished call of one library "
        "(a SQLite file or a postgresql:// URL) into another, with its corrections, "
        "reviews and clips; calls already there (same recording, by sha256) are left "
        "alone, so copying again is safe.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    copy = actions.add_parser("copy", help="copy the calls of one library into another")
    copy.add_argument("--from", dest="source", required=True, help="library to copy from")
    copy.add_argument(
        "--to", dest="dest", required=True, help="library to copy into (e.g. postgresql://...)"
    )
    add_reviewer_argument(copy)
    copy.set_defaults(func=_copy)
    info = actions.add_parser("info", help="engine, database and schema of a library")
    info.add_argument("--db", default=None, help="library (default: $CALLSCOPE_DB, else yours)")
    add_reviewer_argument(info)
    info.set_defaults(func=_info)


def _open(target: str, reviewer: str, *, must_exist: bool) -> Any | None:
    from app.storage.engine import describe_target, is_postgres, library_target, open_library
    from kernel.domain import CallscopeInputError

    resolved = library_target(target)
    if must_exist and not is_postgres(resolved) and not resolved.exists():  # type: ignore[union-attr]
        print(f"error: {describe_target(resolved)}: no library here", file=sys.stderr)
        return None
    try:
        return open_library(resolved, reviewer=reviewer)
    except CallscopeInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def _copy(args: argparse.Namespace) -> int:
    from app.storage.copy import copy_library

    reviewer = reviewer_name(args)
    source = _open(args.source, reviewer, must_exist=True)
    if source is None:
        return 1
    with source:
        dest = _open(args.dest, reviewer, must_exist=False)
        if dest is None:
            return 1
        with dest:
            report = copy_library(source, dest, owner=reviewer)
            print(
                f"{report.copied} calls copied into {dest.path}; "
                f"{report.already_there} already there (same recording); "
                f"{report.unfinished} unfinished left out"
                + (f"; {report.filters} saved filters" if report.filters else "")
                + (f"; {report.loose_clips} clips of deleted calls" if report.loose_clips else "")
            )
    return 0


def _info(args: argparse.Namespace) -> int:
    from app.storage.migrations import SCHEMA_VERSION

    target = args.db
    library = _open(target or "", reviewer_name(args), must_exist=True)
    if library is None:
        return 1
    with library:
        describe = getattr(library.connection, "describe", None)
        if describe:
            info = describe()
            print(f"engine: PostgreSQL ({info['server'].split(',')[0]})")
            print(f"library: {info['url']} (database {info['database']})")
        else:
            print("engine: SQLite")
            print(f"library: {library.path}")
        print(f"schema: {SCHEMA_VERSION}; calls: {library.count_calls()}")
        print(f"reviewer: {library.reviewer}")
    return 0
