"""`callscope analyze`: transcribe, diarize, label and store recorded calls."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from app.cli.library_args import add_db_argument, db_path

# The Dask scheduler `analyze` sends its work to when --cluster is not given.
CLUSTER_ENV = "CALLSCOPE_CLUSTER"


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "analyze",
        help="analyse recorded calls (files or folders) into the library",
        description=(
            "Decode each recording, transcribe it locally with Whisper (per channel for "
            "stereo, with speaker separation for mono), label every agent sentence, detect "
            "rushed-resolution patterns and store the call. Files already in the library "
            "(same content) are skipped; calls an earlier run did not finish are resumed. "
            "Exit status: 0 all analysed, 1 some files failed, 130 stopped with Ctrl-C."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="audio/video files or folders")
    add_db_argument(parser)
    parser.add_argument(
        "--asr-model",
        default="tiny.en",
        metavar="NAME|PATH",
        help="Whisper model name (tiny.en ... large-v3, turbo) or checkpoint "
        "path (default: tiny.en, installed with Callscope)",
    )
    parser.add_argument(
        "--download-model",
        action="store_true",
        help="allow fetching a Whisper model that is not installed from the internet "
        "(openai-whisper's download host); without it Callscope never uses the network",
    )
    parser.add_argument(
        "--asr-engine",
        default="auto",
        choices=("auto", "openai", "faster-whisper"),
        help="speech recognizer engine (default: auto, the fastest installed)",
    )
    parser.add_argument(
        "--vocabulary",
        default="",
        metavar="NAMES",
        help="company, product and agent names Whisper should spell as given, separated by "
        "commas (a sidecar CSV's `vocabulary` column adds a call's own names)",
    )
    parser.add_argument(
        "--agent-channel",
        choices=("left", "right"),
        default=None,
        help="stereo recordings: the agent's channel (default: left)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="files analysed in parallel, each job with its own models (default: one per "
        "CPU core, at most 4; a single file always runs in this process)",
    )
    parser.add_argument(
        "--cluster",
        default=None,
        metavar="tcp://HOST:PORT",
        help="send the analysis to this running Dask scheduler (its workers started with "
        "--preload app.pipeline.dask_preload); the audio travels with each call and the "
        "results are stored here (default: analyse on this machine; also CALLSCOPE_CLUSTER)",
    )
    parser.add_argument(
        "--fast-fix-seconds",
        type=float,
        default=None,
        metavar="S",
        help="P6 threshold: a fix offered sooner than this after the problem "
        "is described (default 30)",
    )
    parser.add_argument(
        "--no-redact",
        action="store_true",
        help="keep card numbers and personal data in the stored text (default: replaced by "
        "placeholders such as [card number] before anything is stored)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app.pipeline.batch import analyze_paths
    from app.pipeline.options import AnalyzeOptions
    from kernel.domain import CallscopeInputError
    from models.asr.vocabulary import parse_terms

    if args.download_model:
        from kernel.offline import ALLOW_DOWNLOAD_ENV

        os.environ[ALLOW_DOWNLOAD_ENV] = "1"  # spawned workers inherit it
    if args.jobs is not None and args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return 2
    values: dict[str, Any] = {
        "asr_model": args.asr_model,
        "asr_engine": args.asr_engine,
        "agent_channel": args.agent_channel or "left",
        "redact": not args.no_redact,
        "vocabulary": parse_terms(args.vocabulary),
    }
    if args.fast_fix_seconds is not None:
        values["fast_fix_s"] = args.fast_fix_seconds
    cluster = args.cluster if args.cluster is not None else os.environ.get(CLUSTER_ENV, "")
    try:
        if cluster.strip():
            from app.pipeline.dask_run import ClusterUnreachable, connect

            try:
                client = connect(cluster.strip())
            except ClusterUnreachable as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            try:
                result = analyze_paths(
                    args.paths, db_path(args), AnalyzeOptions(**values), cluster=client
                )
            finally:
                client.close()
        else:
            result = analyze_paths(
                args.paths, db_path(args), AnalyzeOptions(**values), jobs=args.jobs
            )
    except CallscopeInputError as exc:  # the library file or a model cannot be used
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return result.exit_code
