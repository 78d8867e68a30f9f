"""`callscope redact`: replace personal data in calls already in the library."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.library_args import add_db_argument, open_library, report_unknown_calls


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "redact",
        help="redact card numbers and personal data in calls already in the library",
        description="Replace card numbers, security codes, expiry dates, bank details, "
        "national IDs, dates of birth, phone numbers, e-mail and postal addresses and names "
        "in stored transcripts, sentences and the search index by placeholders such as "
        "[card number]; clips and exports made afterwards mute the audio over them. The "
        "original recordings are not changed. Calls analysed from now on are redacted "
        "unless `analyze --no-redact`.",
    )
    add_db_argument(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every analysed call")
    which.add_argument("--call", type=int, action="append", metavar="ID", help="only this call")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app.pipeline.redact_stored import redact_stored_calls

    library = open_library(args)
    if library is None:
        return 1
    with library:
        if report_unknown_calls(library, args.call):
            return 1
        outcomes = redact_stored_calls(library, None if args.all else args.call)
    for outcome in outcomes:
        kinds = ", ".join(
            f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(outcome.kinds.items())
        )
        print(
            f"call {outcome.call_id}: {outcome.found} redaction(s){': ' + kinds if kinds else ''}"
        )
    print(f"{len(outcomes)} call(s) redacted", file=sys.stderr)
    return 0
