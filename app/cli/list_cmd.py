"""`callscope list`: the library, one line per call."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.library_args import add_db_argument, open_library
from models.analysis.certainty import NEEDS_A_LOOK, RUSHED, stored_verdict


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "list",
        help="the calls in the library, one line per call",
        description="One line per call: id, date, agent, duration, "
        "status, rushed and patterns, review status, source file.",
    )
    add_db_argument(parser)
    parser.set_defaults(func=_run)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _run(args: argparse.Namespace) -> int:
    library = open_library(args)
    if library is None:
        return 1
    with library:
        summaries = library.call_summaries()
    if not summaries:
        print("the library is empty: add calls with `analyze PATH`")
        return 0
    print(
        f"{'ID':>4}  {'DATE':10}  {'AGENT':14}  {'LENGTH':>6}  {'STATUS':11}  "
        f"{'VERDICT':28}  {'REVIEW':10}  SOURCE"
    )
    for s in summaries:
        if s.rushed is None:
            verdict = "-"
        else:
            word = {RUSHED: "rushed ", NEEDS_A_LOOK: "look "}.get(
                stored_verdict(s.rushed, s.patterns) or "", "ok "
            )
            verdict = word + (",".join(s.patterns) or "")
        print(
            f"{s.call_id:>4}  {s.call_date or '-':10}  {(s.agent or '-')[:14]:14}  "
            f"{_clock(s.duration_s):>6}  {s.status:11}  {verdict.strip()[:28]:28}  "
            f"{s.review_status:10}  {s.source}"
        )
    return 0
