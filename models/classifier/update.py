"""Continue the classifier's models on new rows: what `train --with-corrections` does by
default (models/classifier/corrections.py), minutes where training every model again from
the base encoder (`train.run_training`) takes hours on two cores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from models.classifier.train import Log, TrainConfig, TrainResult, train_classifier
from models.classifier.weights import Manifest


def run_update(
    data_path: Path,
    start_dir: Path,
    out_dir: Path,
    config: TrainConfig,
    *,
    log: Log = print,
    progress: bool = True,
) -> Manifest:
    """Continue every model of the classifier in `start_dir` (each member with its own
    seed) on `data_path`, into `out_dir` with the same shape; returns the main manifest.

    What `train --with-corrections` does by default: minutes where training every
    model again from the base encoder (`run_training`) takes hours on two cores.
    """
    from models.classifier.examples import load_examples

    examples = load_examples(data_path)
    start = Manifest.read(start_dir)
    models = [*(str(name) for name in start.members), ""]
    result: TrainResult | None = None
    for number, name in enumerate(models, 1):
        folder = start_dir / name if name else start_dir
        seed = int(Manifest.read(folder).hyperparameters.get("seed", config.seed))
        log(f"model {number} of {len(models)} (seed {seed})")
        result = train_classifier(
            examples,
            out_dir / name if name else out_dir,
            replace(config, seed=seed, ensemble_seeds=()),
            data_path=data_path,
            log=log,
            progress=progress,
            start_from=folder,
        )
    assert result is not None
    manifest = result.manifest
    if start.members:
        manifest.members = list(start.members)
        manifest.version += "".join(f"+{name}" for name in start.members)
        manifest.write(out_dir)
        log(f"ensemble {manifest.version}: {len(models)} members")
    return manifest
