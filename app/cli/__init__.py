"""Command-line entry: `python main.py <command>`; no command opens the app.

Each command lives in its own module exposing `register(subparsers)`, which adds
a parser whose `func(args) -> int` runs it. Heavy imports stay inside `func`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

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
    parser = build_parser()
    if not argv:
        try:
            from app.cli.gui_cmd import run_gui
        except ModuleNotFoundError:
            parser.print_help()
            return 0
        return run_gui(None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
