"""`callscope report`: per-agent or per-team trends over the library's analysed calls."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from app.cli.library_args import add_db_argument, open_library
from models.analysis.report import FORMATS, GROUP_BY, PERIODS


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="per-agent or per-team trends: rushed share, patterns, impact questions",
        description=(
            "Summarise analysed calls per agent or team and per week or month: calls, "
            "rushed share, each pattern's share, impact-question share (pooled over the "
            "calls' questions), median time to the first impact question, mean agent "
            "talk ratio."
        ),
    )
    add_db_argument(parser)
    parser.add_argument("--by", choices=GROUP_BY, default="agent", help="one row per agent or team")
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help="first call date, YYYY-MM-DD",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        type=_iso_date,
        default=None,
        help="last call date, YYYY-MM-DD",
    )
    parser.add_argument(
        "--period", choices=PERIODS, default="week", help="trend step (none: one row per group)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from models.analysis.report import build_report, filter_by_date, format_report

    if args.date_from and args.date_to and args.date_from > args.date_to:
        print(f"--from {args.date_from} is after --to {args.date_to}", file=sys.stderr)
        return 2
    library = open_library(args)  # a file or a team library's URL (issue 16)
    if library is None:
        return 1
    try:
        summaries = library.call_summaries(args.date_from, args.date_to)
    finally:
        close = getattr(library, "close", None)
        if callable(close):
            close()
    rows = build_report(
        filter_by_date(summaries, args.date_from, args.date_to), by=args.by, period=args.period
    )
    text = format_report(rows, args.format, by=args.by)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
