"""`callscope speakers`: fix who is the agent in a stored call, then analyse it again."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.library_args import add_db_argument, open_library


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "speakers",
        help="swap agent/customer or reassign a segment's speaker in a stored call",
        description="Change speaker roles of a stored call (mono diarization, or a stereo "
        "file imported with the wrong agent channel) and re-run the analysis without "
        "transcribing again. Label corrections on the call are dropped (its sentences change).",
    )
    parser.add_argument("call", type=int, metavar="CALL_ID")
    add_db_argument(parser)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--swap", action="store_true", help="exchange agent and customer")
    action.add_argument("--segment", type=int, metavar="N", help="segment index to reassign")
    action.add_argument("--show", action="store_true", help="list segments with speakers")
    action.add_argument(
        "--voice",
        choices=("agent", "customer"),
        help="a one-voice call: every segment with no speaker goes to this role",
    )
    parser.add_argument("--speaker", choices=("agent", "customer"), help="with --segment")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app.pipeline.relabel import change_speakers
    from kernel.domain import CallscopeInputError

    if args.segment is not None and not args.speaker:
        print("--segment needs --speaker agent|customer", file=sys.stderr)
        return 2
    library = open_library(args)
    if library is None:
        return 1
    with library:
        transcript = library.get_transcript(args.call)
        if transcript is None:
            print(f"error: no call {args.call} in {library.path}", file=sys.stderr)
            return 1
        if args.show:
            for n, s in enumerate(transcript.segments):
                sure = "" if s.speaker_confidence is None else f" ({s.speaker_confidence:.2f})"
                print(f"{n:>4}  {s.start:7.2f}-{s.end:7.2f}  {s.speaker:8}{sure}  {s.text}")
            return 0
        from models.classifier.predict import SentenceClassifier

        try:
            classifier = SentenceClassifier.load()
            analysis = change_speakers(
                library,
                classifier,
                args.call,
                swap=args.swap,
                segment=args.segment,
                speaker=args.speaker,
                voice=args.voice,
            )
        except (CallscopeInputError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    found = ", ".join(p.id for p in analysis.patterns) or "no patterns"
    print(
        f"call {args.call}: re-analysed, {'rushed' if analysis.rushed else 'not rushed'} ({found})"
    )
    return 0
