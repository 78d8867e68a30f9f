"""`callscope export`: calls out of the library as JSON, CSV, SRT, VTT or TXT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.library_args import add_db_argument, open_library, report_unknown_calls

FORMATS = ("json", "csv", "srt", "vtt", "txt")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "export",
        help="export calls as json, csv, srt, vtt or txt",
        description=(
            "json: an array of call objects (transcript segments with word times and "
            "speakers, labelled sentences, patterns with evidence, rushed, metrics), the "
            "documented contract in app/export/call.schema.json. csv: one row per sentence. "
            "srt/vtt/txt: the transcript; with several calls and --out, --out is a folder "
            "that gets one file per call."
        ),
    )
    add_db_argument(parser)
    parser.add_argument(
        "--call",
        type=int,
        action="append",
        metavar="ID",
        help="only this call (repeatable; default: every analysed call)",
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="write here instead of standard output",
    )
    parser.set_defaults(func=_run)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from app.export.atomic import write_text_atomic
    from kernel.domain import CallscopeInputError

    # Complete or absent, never half a file under the real name; 0600 like the library.
    try:
        write_text_atomic(out, text)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise CallscopeInputError(str(out), f"cannot write the export ({reason})") from exc


def _run(args: argparse.Namespace) -> int:
    from app.export.call_json import export_json
    from app.export.text_formats import sentences_csv, transcript_text
    from app.storage.records import DONE

    library = open_library(args)
    if library is None:
        return 1
    with library:
        if report_unknown_calls(library, args.call):
            return 1
        call_ids = list(args.call) if args.call else library.call_ids(DONE)
        if args.format == "json":
            _write(export_json(library, call_ids) + "\n", args.out)
        elif args.format == "csv":
            _write(sentences_csv(library, call_ids), args.out)
        elif len(call_ids) == 1:
            _write(transcript_text(library, call_ids[0], args.format), args.out)
        elif args.out is None:
            if args.format != "txt":
                print(
                    f"error: {len(call_ids)} calls: pick one with --call, or give --out "
                    "FOLDER for one file per call",
                    file=sys.stderr,
                )
                return 2
            for call_id in call_ids:
                call = library.get_call(call_id)
                sys.stdout.write(f"# call {call_id}: {call.source if call else ''}\n")
                sys.stdout.write(transcript_text(library, call_id, "txt") + "\n")
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            for call_id in call_ids:
                call = library.get_call(call_id)
                stem = Path(call.source).stem if call else "call"
                target = args.out / f"call-{call_id}-{stem}.{args.format}"
                _write(transcript_text(library, call_id, args.format), target)
            print(f"wrote {len(call_ids)} files to {args.out}", file=sys.stderr)
    return 0
