"""The `--db` option every library command shares, and opening the library it names."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="library database (default: $CALLSCOPE_DB, else library.db in your data folder)",
    )


def db_path(args: argparse.Namespace) -> Path:
    from kernel.paths import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


def open_library(args: argparse.Namespace, *, must_exist: bool = True) -> Any | None:
    """The Library, or None after printing why it cannot be opened."""
    from app.storage.library import Library
    from kernel.domain import CallscopeInputError

    path = db_path(args)
    if must_exist and not path.exists():
        print(f"{path}: no library here (import calls with `analyze` first)", file=sys.stderr)
        return None
    try:
        return Library(path)
    except CallscopeInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def report_unknown_calls(library: Any, call_ids: list[int] | None) -> bool:
    """True (after naming them on standard error) when any of `call_ids` is not stored."""
    unknown = [i for i in call_ids or [] if library.get_call(i) is None]
    if unknown:
        print(f"error: no call {', '.join(map(str, unknown))} in {library.path}", file=sys.stderr)
    return bool(unknown)
