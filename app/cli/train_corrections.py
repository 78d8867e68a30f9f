"""`train --with-corrections`: learn from supervisors' label corrections, switch only when
the new model is not worse (models/classifier/corrections.py has the rule)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from app.cli.library_args import open_library
from kernel.domain import CallscopeInputError


def run_with_corrections(args: argparse.Namespace, config: Any) -> int:
    from kernel.paths import cache_dir, classifier_weights_dir, private_dir
    from models.classifier.corrections import (
        REPLAY_ROWS,
        UPDATE_EPOCHS,
        UPDATE_LR_SCALE,
        compare,
        correction_rows,
        should_switch,
        switch_weights,
        write_training_file,
    )
    from models.classifier.predict import SentenceClassifier
    from models.classifier.train import run_training
    from models.classifier.update import run_update
    from models.classifier.weights import active_weights_dir

    library = open_library(args)
    if library is None:
        return 2
    with library:
        rows = correction_rows(library)
        if not rows:
            print(f"{library.path}: no label corrections to learn from", file=sys.stderr)
            return 2
        old = SentenceClassifier.load(num_threads=config.threads or 1)
        # corrected sentences are call text: in the user's private cache, never the install
        scratch = (args.out or private_dir(cache_dir() / "corrections")).resolve()
        data = scratch / "train_with_corrections.jsonl"
        candidate = scratch / "candidate"
        try:
            if args.from_scratch:
                added = write_training_file(args.data, rows, data, old.input_format)
                print(f"{len(rows)} corrected sentences ({added} rows) added to {args.data.name}")
                run_training(
                    data,
                    candidate,
                    config,
                    limit=args.limit,
                    test_path=None,
                    metrics_path=candidate / "metrics.json",
                    card_path=None,
                    log=lambda line: print(line, file=sys.stderr),
                    progress=not args.quiet,
                )
            else:
                replay = REPLAY_ROWS if args.limit is None else args.limit
                added = write_training_file(
                    args.data, rows, data, old.input_format, replay=replay, seed=config.seed
                )
                print(
                    f"{len(rows)} corrected sentences ({added} rows) and {replay} rows of "
                    f"{args.data.name}: continuing {old.version}"
                )
                run_update(
                    data,
                    active_weights_dir(),
                    candidate,
                    replace(
                        config,
                        epochs=UPDATE_EPOCHS if args.epochs is None else args.epochs,
                        learning_rate=config.learning_rate * UPDATE_LR_SCALE,
                        head_learning_rate=config.head_learning_rate * UPDATE_LR_SCALE,
                    ),
                    log=lambda line: print(line, file=sys.stderr),
                    progress=not args.quiet,
                )
            new = SentenceClassifier.load(candidate)
        except (CallscopeInputError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        result = compare(old, new, rows)
        for line in result.lines():
            print(line)
        if not should_switch(result):
            print(f"kept {old.version}: the new model is worse (candidate left in {candidate})")
            return 1
        previous = switch_weights(candidate, active_weights_dir(), classifier_weights_dir())
        print(f"switched to {new.version} (previous weights in {previous})")
        print("corrections stay in the library; each call keeps the version that labelled it")
        if args.reanalyze:
            from app.pipeline.relabel import reanalyze_calls

            done = reanalyze_calls(library, SentenceClassifier.load())
            print(f"reanalysed {len(done)} calls with {new.version}")
        else:
            print("run `python main.py reanalyze` to relabel the library with it")
    return 0
