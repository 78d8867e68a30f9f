"""`callscope gui [--db PATH]`: open the desktop app (also what no arguments does)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("gui", help="open the desktop app (the default with no command)")
    parser.add_argument(
        "--db", default=None, help="library to open: a file, or postgresql://user@host/dbname"
    )
    parser.add_argument(
        "--no-resume",
        action="store_true",
        help="do not resume an interrupted import queue at start",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    return run_gui(args.db, resume_imports=not args.no_resume)


def run_gui(db_path: Path | str | None, resume_imports: bool = True) -> int:
    """Open the app on `db_path` (None: the library from the settings); returns the exit code."""
    # Qt is imported only here so headless commands never load it.
    from app.ui.application import Application, ensure_qapplication, show_startup_error
    from kernel.domain import CallscopeInputError
    from kernel.library_target import as_target

    qapp = ensure_qapplication()
    try:
        application = Application(
            as_target(db_path) if db_path else None, resume_imports=resume_imports, qapp=qapp
        )
    except CallscopeInputError as exc:  # a library that cannot be opened safely
        show_startup_error(qapp, str(exc))
        raise  # app.cli prints the same line on standard error
    return application.run()
