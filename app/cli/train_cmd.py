"""`callscope train`: retrain the sentence classifier in one command (see models/classifier/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.library_args import add_db_argument
from kernel.domain import CallscopeInputError


def register(sub: Any) -> None:
    from models.classifier.corrections import UPDATE_EPOCHS
    from models.classifier.examples import CALL_TRAIN_FILE, TEST_FILE
    from models.classifier.train import TrainConfig

    defaults = TrainConfig()
    parser = sub.add_parser(
        "train",
        help="retrain the sentence classifier",
        description=(
            "Fine-tune the classifier on --data (a slice of whole industries is held out "
            "for picking the epoch), write the weights to --out, score them on the test "
            "split. With the default --out it also rewrites models/classifier/metrics.json "
            "and the metrics section of MODEL_CARD.md; otherwise metrics.json goes to --out."
        ),
    )
    parser.add_argument("--data", type=Path, default=CALL_TRAIN_FILE, help="training JSONL")
    parser.add_argument(
        "--with-corrections",
        action="store_true",
        help="add the library's label corrections to the data, train a candidate, compare it "
        "with the current model on the frozen evaluation set and on the corrected sentences, "
        "and switch only when it is not worse",
    )
    parser.add_argument(
        "--reanalyze", action="store_true", help="after a switch, relabel the library"
    )
    parser.add_argument(
        "--from-scratch",
        action="store_true",
        help="with --with-corrections: train every model again from the base encoder on all "
        "of --data (hours on two cores) instead of continuing the current models on the "
        "corrections and a sample of --data (minutes)",
    )
    add_db_argument(parser)
    parser.add_argument("--test", type=Path, default=TEST_FILE, help="test JSONL (report only)")
    parser.add_argument("--no-test", action="store_true", help="skip scoring on the test split")
    parser.add_argument("--out", type=Path, default=None, help="weights folder (default: shipped)")
    parser.add_argument(
        "--epochs",
        type=int,
        default=None,
        help=f"(default {defaults.epochs}; {UPDATE_EPOCHS} when --with-corrections continues "
        "the current models)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="train on N examples (smoke run; with --with-corrections: N rows of --data)",
    )
    parser.add_argument("--top-layers", type=int, default=defaults.top_layers)
    parser.add_argument("--lr", type=float, default=defaults.learning_rate)
    parser.add_argument("--head-lr", type=float, default=defaults.head_learning_rate)
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--label-smoothing", type=float, default=defaults.label_smoothing)
    parser.add_argument("--class-weights", action="store_true", help="sqrt inverse-frequency")
    parser.add_argument("--dtype", choices=("float16", "float32"), default=defaults.dtype)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--ensemble-seeds",
        type=int,
        nargs="*",
        default=list(defaults.ensemble_seeds),
        metavar="SEED",
        help="train the data again with each seed; the classifier averages the models "
        f"(default: {' '.join(map(str, defaults.ensemble_seeds)) or 'none'}; "
        "no value: one model)",
    )
    # One thread by default: the shipped weights were trained so (same reduction order,
    # same floats), and on a shared 2-core machine a second thread mostly adds contention.
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=_run)


def _config(args: argparse.Namespace) -> Any:
    from models.classifier.train import TrainConfig

    return TrainConfig(
        epochs=TrainConfig.epochs if args.epochs is None else args.epochs,
        top_layers=args.top_layers,
        learning_rate=args.lr,
        head_learning_rate=args.head_lr,
        batch_size=args.batch_size,
        label_smoothing=args.label_smoothing,
        class_weights=args.class_weights,
        dtype=args.dtype,
        seed=args.seed,
        ensemble_seeds=tuple(args.ensemble_seeds),
        threads=args.threads,
    )


def _run(args: argparse.Namespace) -> int:
    if args.with_corrections:
        from app.cli.train_corrections import run_with_corrections

        return run_with_corrections(args, _config(args))
    from models.classifier.card import METRICS_FILE, MODEL_CARD
    from models.classifier.train import run_training
    from models.classifier.weights import DEFAULT_WEIGHTS_DIR

    out = (args.out or DEFAULT_WEIGHTS_DIR).resolve()
    shipped = out == DEFAULT_WEIGHTS_DIR.resolve()
    config = _config(args)
    test = None if args.no_test else args.test
    if test is not None and not test.is_file():
        print(f"note: no test split at {test}; skipping the test scores", file=sys.stderr)
        test = None
    try:
        run_training(
            args.data,
            out,
            config,
            limit=args.limit,
            test_path=test,
            metrics_path=METRICS_FILE if shipped else out / "metrics.json",
            card_path=MODEL_CARD if shipped and args.limit is None else None,
            log=lambda line: print(line, file=sys.stderr),
            progress=not args.quiet,
        )
    except (CallscopeInputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
