"""Fine-tune the classifier: top transformer layers, pooler and head on the base MiniLM encoder.

Backs `python main.py train`. Reads data/train.jsonl, holds out whole
industries of it for validation (like the test split does; the test split is
never used for choices), keeps the epoch with the best validation macro-F1,
and writes the overlay weights plus manifest (see weights.py). Fixed seed,
length-bucketed batches and dynamic padding keep it to minutes on two cores.
With `ensemble_seeds`, the same data is trained again with each of those seeds
into a subfolder `s<seed>`, and the folder's manifest lists them as members
(weights.member_dirs): the classifier then averages their probabilities.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.domain import LABELS
from models.classifier.encoder import base_model_dir, base_weights_sha256, file_sha256
from models.classifier.evaluate import Report, compute_report
from models.classifier.examples import CORRECTIONS_INDUSTRY, Example
from models.classifier.frozen import frozen_states, top_logits
from models.classifier.inputs import CALL_INPUT_FORMAT, MAX_LENGTH
from models.classifier.weights import (
    Manifest,
    apply_overlay,
    build_model,
    freeze_for_finetuning,
    overlay_tensors,
    pair_tokenizer,
    read_overlay,
    save_overlay,
)

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel

Log = Callable[[str], None]


@dataclass
class TrainConfig:
    """Hyperparameters; all of them are recorded in the manifest."""

    epochs: int = 4
    top_layers: int = 2
    learning_rate: float = 1e-4
    head_learning_rate: float = 1e-3
    batch_size: int = 32
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    label_smoothing: float = 0.0
    class_weights: bool = False
    patience: int = 3
    validation_fraction: float = 0.12
    seed: int = 13
    # Further seeds trained on the same data as members of an ensemble (empty: one
    # model). The shipped classifier is seeds 13, 14 and 15 (MODEL_CARD.md), so a
    # retrain with corrections keeps that shape and the verdict's sure line fits it.
    ensemble_seeds: tuple[int, ...] = (14, 15)
    max_length: int = MAX_LENGTH
    dtype: str = "float16"
    threads: int | None = None
    # How the data's `context` was built (models.analysis.context); the app builds it so too.
    input_format: str = CALL_INPUT_FORMAT


@dataclass
class TrainResult:
    """What a run produced: the manifest written and the validation history."""

    manifest: Manifest
    model: PreTrainedModel
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0


def data_sha256(path: Path) -> str:
    return file_sha256(path)


def model_version(config: TrainConfig, data_hash: str) -> str:
    """The model's name, minilm-l6-top<layers>-<data>; a seed other than the default adds
    -s<seed>, so two seeds of one data set never share the name recorded with each call."""
    seed = "" if config.seed == TrainConfig.seed else f"-s{config.seed}"
    return f"minilm-l6-top{config.top_layers}-{data_hash[:8]}{seed}"


def member_seeds(config: TrainConfig) -> list[int]:
    """The ensemble's further seeds, in order, without the main seed or repeats."""
    seeds: list[int] = []
    for seed in config.ensemble_seeds:
        if seed != config.seed and seed not in seeds:
            seeds.append(seed)
    return seeds


def ensemble_version(version: str, seeds: Sequence[int]) -> str:
    """The main model's version with `+s<seed>` per further member."""
    return version + "".join(f"+s{seed}" for seed in seeds)


def split_validation(
    examples: Sequence[Example], fraction: float, seed: int
) -> tuple[list[Example], list[Example], list[str]]:
    """(train, validation, held-out industries).

    Whole industries are held out, as in the test split, so validation
    measures transfer to unseen industries; with fewer than four industries
    a label-stratified random slice is used instead (industries = []).
    Supervisors' corrections (CORRECTIONS_INDUSTRY) always stay in training.
    """
    rng = random.Random(seed)
    kept = [example for example in examples if example.industry == CORRECTIONS_INDUSTRY]
    if kept:
        examples = [example for example in examples if example.industry != CORRECTIONS_INDUSTRY]
        rest = split_validation(examples, fraction, seed)
        return rest[0] + kept, rest[1], rest[2]
    industries = sorted({example.industry for example in examples})
    if len(industries) >= 4:
        rng.shuffle(industries)
        target = fraction * len(examples)
        held: list[str] = []
        count = Counter(example.industry for example in examples)
        for industry in industries:
            if sum(count[name] for name in held) >= target:
                break
            held.append(industry)
        chosen = set(held)
        train = [example for example in examples if example.industry not in chosen]
        validation = [example for example in examples if example.industry in chosen]
        return train, validation, sorted(held)
    by_label: dict[str, list[Example]] = {}
    for example in examples:
        by_label.setdefault(example.label, []).append(example)
    train, validation = [], []
    for label in sorted(by_label):
        group = by_label[label][:]
        rng.shuffle(group)
        cut = max(1, round(fraction * len(group))) if len(group) > 1 else 0
        validation.extend(group[:cut])
        train.extend(group[cut:])
    return train, validation, []


def length_bucketed_batches(
    lengths: Sequence[int], batch_size: int, rng: random.Random
) -> list[list[int]]:
    """Shuffled batches of indices with similar lengths (less padding, still random)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def predict_labels(
    model: PreTrainedModel, states: Sequence[torch.Tensor], top_layers: int, batch_size: int = 128
) -> list[str]:
    """Argmax labels from cached frozen states, in order (eval mode; restores the mode)."""
    import torch

    was_training = model.training
    model.eval()
    order = sorted(range(len(states)), key=lambda i: int(states[i].shape[0]))
    labels: list[str] = [""] * len(states)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            logits = top_logits(model, [states[i] for i in rows], top_layers)
            for row, best in zip(rows, logits.argmax(dim=-1).tolist(), strict=True):
                labels[row] = LABELS[best]
    model.train(was_training)
    return labels


def _class_weights(examples: Sequence[Example]) -> list[float]:
    counts = Counter(example.label for example in examples)
    total = sum(counts.values())
    return [
        math.sqrt(total / (len(LABELS) * counts[label])) if counts[label] else 1.0
        for label in LABELS
    ]


def _optimizer(model: PreTrainedModel, config: TrainConfig) -> torch.optim.Optimizer:
    import torch

    groups: dict[tuple[float, float], list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        lr = config.head_learning_rate if name.startswith("classifier.") else config.learning_rate
        decay = 0.0 if name.endswith("bias") or "LayerNorm" in name else config.weight_decay
        groups.setdefault((lr, decay), []).append(param)
    return torch.optim.AdamW(
        [{"params": params, "lr": lr, "weight_decay": wd} for (lr, wd), params in groups.items()]
    )


def train_classifier(
    examples: Sequence[Example],
    out_dir: Path,
    config: TrainConfig,
    *,
    data_path: Path | None = None,
    log: Log = print,
    progress: bool = True,
    start_from: Path | None = None,
) -> TrainResult:
    """Fine-tune on `examples`, write the overlay to `out_dir`, return the run's record.

    `start_from`: a weights folder (one model) whose trained layers and head the run
    continues from, instead of the base encoder's (see `update.run_update`)."""
    import torch
    from tqdm import tqdm

    started = time.perf_counter()
    if config.threads:
        torch.set_num_threads(config.threads)
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)

    train, validation, held = split_validation(examples, config.validation_fraction, config.seed)
    where = f"industries {', '.join(held)}" if held else "a stratified random slice"
    log(f"train {len(train)} examples, validation {len(validation)} ({where})")

    base_dir = base_model_dir()
    model = build_model(base_dir)
    tokenizer = pair_tokenizer(base_dir, config.max_length)
    trainable = freeze_for_finetuning(model, config.top_layers)
    started_from = _continue_from(model, start_from, config) if start_from else None
    train_encoded = tokenizer.encode([e.pair for e in train])
    val_encoded = tokenizer.encode([e.pair for e in validation])
    log("running the frozen layers once over train and validation")
    train_states = frozen_states(model, train_encoded, config.top_layers)
    val_states = frozen_states(model, val_encoded, config.top_layers)
    targets = torch.tensor([LABELS.index(e.label) for e in train], dtype=torch.long)
    lengths = [len(item.input_ids) for item in train_encoded]

    weights = torch.tensor(_class_weights(train)) if config.class_weights else None
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=config.label_smoothing)
    optimizer = _optimizer(model, config)
    steps_per_epoch = math.ceil(len(train_encoded) / config.batch_size)
    total_steps = max(1, steps_per_epoch * config.epochs)
    warmup = max(1, int(config.warmup_fraction * total_steps))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup or 1))
        ),
    )

    history: list[dict[str, float]] = []
    best_f1, best_state, stale, best_epoch = -1.0, None, 0, 0
    bar = tqdm(total=total_steps, desc="training", unit="batch", disable=not progress)
    for epoch in range(1, config.epochs + 1):
        model.train()
        running, seen = 0.0, 0
        for batch in length_bucketed_batches(lengths, config.batch_size, rng):
            logits = top_logits(model, [train_states[i] for i in batch], config.top_layers)
            loss = loss_fn(logits, targets[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            scheduler.step()
            running += float(loss.detach()) * len(batch)
            seen += len(batch)
            bar.update(1)
            bar.set_postfix(epoch=epoch, loss=f"{running / seen:.3f}")
        val_report = _validation_report(model, validation, val_states, config.top_layers)
        history.append(
            {
                "epoch": epoch,
                "train_loss": running / max(seen, 1),
                "val_macro_f1": val_report.macro_f1,
            }
        )
        (bar.write if progress else log)(
            f"epoch {epoch}: train loss {running / max(seen, 1):.4f}, "
            f"validation macro-F1 {val_report.macro_f1:.4f}, accuracy {val_report.accuracy:.4f}"
        )
        if val_report.macro_f1 > best_f1:
            best_f1, stale = val_report.macro_f1, 0
            best_state = {
                name: tensor.detach().clone()
                for name, tensor in model.state_dict().items()
                if name in trainable
            }
            best_epoch = epoch
        else:
            stale += 1
            if stale >= config.patience:
                log(f"stopping: no validation gain for {config.patience} epochs")
                break
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
    model.eval()

    data_hash = data_sha256(data_path) if data_path else _examples_hash(examples)
    manifest = Manifest(
        version=model_version(config, data_hash),
        labels=list(LABELS),
        top_layers=config.top_layers,
        tensors=sorted(trainable),
        dtype=config.dtype,
        base_weights_sha256=base_weights_sha256(base_dir),
        max_length=config.max_length,
        input_format=config.input_format,
        hyperparameters={
            **{k: v for k, v in asdict(config).items() if k != "threads"},
            **({"started_from": started_from} if started_from else {}),
        },
        training_data={
            "path": str(data_path.name) if data_path else "",
            "sha256": data_hash,
            "examples": len(examples),
            "train_examples": len(train),
            "validation_examples": len(validation),
            "validation_industries": held,
            "label_counts": dict(sorted(Counter(e.label for e in train).items())),
        },
        validation={"best_epoch": best_epoch, "macro_f1": best_f1},
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    save_overlay(overlay_tensors(model, sorted(trainable), config.dtype), manifest, out_dir)
    seconds = time.perf_counter() - started
    log(f"wrote {out_dir} ({manifest.version}) in {seconds:.0f} s")
    return TrainResult(manifest, model, history, seconds)


def _continue_from(model: PreTrainedModel, folder: Path, config: TrainConfig) -> str:
    """Load one model's trained tensors from `folder` into `model`; returns its version."""
    _, manifest, overlay = read_overlay(folder)
    if manifest.top_layers != config.top_layers or manifest.input_format != config.input_format:
        raise ValueError(
            f"{folder}: trained with {manifest.top_layers} top layers and input format "
            f"{manifest.input_format!r}; this run uses {config.top_layers} and "
            f"{config.input_format!r}: retrain from scratch"
        )
    apply_overlay(model, overlay)
    return manifest.version


def _validation_report(
    model: PreTrainedModel,
    validation: Sequence[Example],
    states: Sequence[torch.Tensor],
    top_layers: int,
) -> Report:
    if not validation:
        return compute_report([], [])
    return compute_report([e.label for e in validation], predict_labels(model, states, top_layers))


def _examples_hash(examples: Sequence[Example]) -> str:
    import hashlib
    import json

    digest = hashlib.sha256()
    for e in examples:
        digest.update(json.dumps([e.text, e.context, e.label]).encode("utf-8") + b"\n")
    return digest.hexdigest()


def run_training(
    data_path: Path,
    out_dir: Path,
    config: TrainConfig,
    *,
    limit: int | None = None,
    test_path: Path | None = None,
    metrics_path: Path | None = None,
    card_path: Path | None = None,
    log: Log = print,
    progress: bool = True,
) -> dict[str, Any]:
    """The `train` command: train, then score the written weights on the test split.

    Returns the metrics dict (also written to `metrics_path` when given). The
    test split only reports; nothing is chosen with it.
    """
    from models.classifier.card import metrics_markdown, update_model_card, write_metrics
    from models.classifier.evaluate import evaluate_examples
    from models.classifier.examples import load_examples
    from models.classifier.predict import SentenceClassifier

    examples = load_examples(data_path)
    if limit is not None and limit < len(examples):
        examples = random.Random(config.seed).sample(examples, limit)
        log(f"using {limit} of the examples (--limit)")
    seeds = member_seeds(config)
    seconds = 0.0
    for number, seed in enumerate(seeds, 1):  # members first: the main manifest names them
        log(f"model {number} of {len(seeds) + 1} (seed {seed})")
        member = train_classifier(
            examples,
            out_dir / f"s{seed}",
            replace(config, seed=seed, ensemble_seeds=()),
            data_path=None if limit else data_path,
            log=log,
            progress=progress,
        )
        seconds += member.seconds
    if seeds:
        log(f"model {len(seeds) + 1} of {len(seeds) + 1} (seed {config.seed})")
    result = train_classifier(
        examples,
        out_dir,
        config,
        data_path=None if limit else data_path,
        log=log,
        progress=progress,
    )
    seconds += result.seconds
    if seeds:
        result.manifest.members = [f"s{seed}" for seed in seeds]
        result.manifest.version = ensemble_version(result.manifest.version, seeds)
        result.manifest.write(out_dir)
        log(f"ensemble {result.manifest.version}: {len(seeds) + 1} members")
    metrics: dict[str, Any] = {
        "version": result.manifest.version,
        "dtype": config.dtype,
        "train_seconds": round(seconds, 1),
        "validation": result.manifest.validation,
        "history": result.history,
    }
    if test_path is not None:
        test = load_examples(test_path)
        in_memory = SentenceClassifier.from_transformers(result.model, result.manifest)
        fp32_report, _ = evaluate_examples(in_memory, test)
        shipped_report, _ = evaluate_examples(SentenceClassifier.load(out_dir), test)
        metrics["test"] = {
            "path": test_path.name,
            "sha256": data_sha256(test_path),
            **shipped_report.to_dict(),
        }
        metrics["test_fp32"] = {
            "macro_f1": fp32_report.macro_f1,
            "accuracy": fp32_report.accuracy,
        }
        log(
            f"test macro-F1 {shipped_report.macro_f1:.4f} ({config.dtype}), "
            f"{fp32_report.macro_f1:.4f} (float32); accuracy {shipped_report.accuracy:.4f}"
        )
        if card_path is not None:
            update_model_card(card_path, metrics_markdown(metrics, shipped_report))
    if metrics_path is not None:
        write_metrics(metrics_path, metrics)
    return metrics
