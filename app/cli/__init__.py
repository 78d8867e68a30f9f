"""Command-line entry: `python main.py <command>`; no command opens the app.

Each command lives in its own module exposing `register(subparsers)`, which adds
a parser whose `func(args) -> int` runs it. Heavy imports stay inside `func`.
`main` is the one place errors stop: a user sees one line (what failed, on
which file, where the log is) and the traceback goes to the log file.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli.library_args import db_path
from app.logging_setup import log_exception, print_crash, setup_logging

# module name under app.cli -> registered in this order in --help
COMMAND_MODULES: tuple[str, ...] = (
    "analyze_cmd",
    "list_cmd",
    "export_cmd",
    "reanalyze_cmd",
    "redact_cmd",
    "speakers_cmd",
    "report_cmd",
    "classify_cmd",
    "train_cmd",
    "evaluate_cmd",
    "gui_cmd",
    "library_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callscope",
        description="Callscope: offline QA for recorded customer-service calls.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"app.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    parser = build_parser()
    if not argv:
        try:
            from app.cli.gui_cmd import run_gui
        except ModuleNotFoundError:
            parser.print_help()
            return 0
        return _guarded(lambda: run_gui(None), "the app", None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return _guarded(lambda: int(args.func(args) or 0), f"`{args.command}`", _subject(args))


def _subject(args: argparse.Namespace) -> Path | str | None:
    """The library a command works on (named in its error line; a URL without its password)."""
    if not hasattr(args, "db"):
        return None
    try:
        from app.storage.engine import describe_target

        target = db_path(args)
        return target if isinstance(target, Path) else describe_target(target)
    except Exception:  # naming the file must never be what fails
        return None


def _guarded(run: Callable[[], int], what: str, library: Path | str | None) -> int:
    from kernel.domain import CallscopeInputError

    try:
        return run()
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `callscope list | head`: the reader left, nothing to say
        _silence_stdout()
        return 1
    except CallscopeInputError as exc:  # a library or input refused deep inside a command
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # damage found after opening, a lock held too long
        from app.storage.opening import database_error_reason

        log = log_exception(exc, what, str(library) if library else None)
        where = f"{library}: " if library else ""
        tail = f"; details in {log}" if log else ""
        print(
            f"error: {where}{database_error_reason(exc, library or 'FILE')}{tail}", file=sys.stderr
        )
        return 1
    except OSError as exc:  # full disk, permissions, a folder where a file should be
        log_exception(exc, what, exc.filename or (str(library) if library else None))
        target = exc.filename or library or "a file"
        print(f"error: {target}: {(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return 1
    except Exception as exc:  # anything else: one line here, the traceback in the log
        if type(exc).__module__.startswith("psycopg"):  # the team library's server, mid-command
            from app.storage.pg.url import connect_error_reason

            log = log_exception(exc, what, str(library) if library else None)
            reason = connect_error_reason(exc, str(library or ""))
            tail = f"; details in {log}" if log else ""
            print(f"error: {library or 'the library'}: {reason}{tail}", file=sys.stderr)
            return 1
        print_crash(exc, what, str(library) if library else None)
        return 1


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
