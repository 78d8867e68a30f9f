"""The `--db` and `--reviewer` options every library command shares, and opening the library.

`--db` names a SQLite file or a PostgreSQL URL (postgresql://user@host/dbname,
the team library); without it $CALLSCOPE_DB, else library.db in the data
folder. `--reviewer` is the name stamped on corrections and reviews (default:
$CALLSCOPE_REVIEWER, else the operating-system user name).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help="library: a file, or postgresql://user@host/dbname for a team library "
        "(default: $CALLSCOPE_DB, else library.db in your data folder)",
    )
    add_reviewer_argument(parser)


def add_reviewer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reviewer",
        default=None,
        help="your name on corrections and reviews (default: $CALLSCOPE_REVIEWER, "
        "else your user name)",
    )


def reviewer_name(args: argparse.Namespace) -> str:
    from kernel.library_target import default_reviewer

    return str(getattr(args, "reviewer", None) or default_reviewer())


def db_path(args: argparse.Namespace) -> Any:
    """The library named: a Path for a SQLite file, the URL (str) for PostgreSQL."""
    from app.storage.engine import library_target

    return library_target(args.db)


def open_library(args: argparse.Namespace, *, must_exist: bool = True) -> Any | None:
    """The Library, or None after printing why it cannot be opened."""
    from app.storage.engine import open_library as open_target
    from kernel.domain import CallscopeInputError

    target = db_path(args)
    if must_exist and isinstance(target, Path) and not target.exists():
        print(f"{target}: no library here (import calls with `analyze` first)", file=sys.stderr)
        return None
    try:
        return open_target(target, reviewer=reviewer_name(args))
    except CallscopeInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def report_unknown_calls(library: Any, call_ids: list[int] | None) -> bool:
    """True (after naming them on standard error) when any of `call_ids` is not stored."""
    unknown = [i for i in call_ids or [] if library.get_call(i) is None]
    if unknown:
        print(f"error: no call {', '.join(map(str, unknown))} in {library.path}", file=sys.stderr)
    return bool(unknown)
