"""Classifier runtimes side by side (issue 14): the old plain-torch forward pass against
the numpy one that the analysis path now uses, and optionally an onnxruntime candidate.

    python -m benchmarks.bench_classifier_runtime [--repeats 3] [--n 256]
        [--batch-sizes 1 8 32] [--onnx-model PATH]

Each (runtime, repeat) runs in a fresh process: import time (what the runtime
needs, from a cold interpreter), load time (`SentenceClassifier.load`),
sentences/s at each batch size (one thread, sentences from the frozen
independent evaluation set in their call context, mean ~42 tokens), peak RSS,
and the logits, which the parent compares with the torch runtime's (max
|difference|, labels equal). Medians over the repeats; the load average is
recorded with them (the machine is shared). Writes bench_results/classifier_runtime.json.

`--onnx-model PATH` adds onnxruntime on a graph exported from the torch
runtime; `--export-onnx PATH` writes that graph (needs torch and the `onnx`
package, which is not a project dependency: `pip install --target DIR onnx`
and put DIR on PYTHONPATH). MODEL_CARD.md "Runtime" has the numbers that
chose numpy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, cast

from benchmarks.measure import peak_rss_mb

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "classifier_runtime.json"
RUNTIMES = ("torch", "numpy", "onnxruntime", "onnxruntime-int8")  # the last: the app's


def frozen_pairs(n: int) -> list[tuple[str, str | None]]:
    """n sentences spread over the frozen independent set, as the model sees them."""
    from models.classifier.run_eval import EVAL_DIR, eval_files, in_context
    from models.classifier.weights import Manifest, active_weights_dir

    fmt = Manifest.read(active_weights_dir()).input_format
    calls, standalone = eval_files(EVAL_DIR)
    rows = standalone + in_context(calls)
    step = max(1, len(rows) // n)
    return [(text, context.render(fmt)) for text, context, _ in rows[::step][:n]]


class OnnxForward:
    """onnxruntime session with the torch runtime's exported graph (candidate only)."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, **arrays: Any) -> Any:
        return self.session.run(None, arrays)[0]


def child(runtime: str, args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    if runtime == "torch":
        import torch

        torch.set_num_threads(1)
    elif runtime in ("onnxruntime", "onnxruntime-int8", "onnx-export"):
        import onnxruntime  # noqa: F401
    from models.classifier.predict import SentenceClassifier

    import_s = time.perf_counter() - start
    start = time.perf_counter()
    if runtime == "onnx-export":
        from models.classifier.weights import pair_tokenizer, read_overlay

        base_dir, manifest, _ = read_overlay(framework="np")  # the same checks as load()
        tokenizer = pair_tokenizer(base_dir, manifest.max_length)
        classifier = SentenceClassifier(OnnxForward(args.onnx_model), tokenizer, manifest, runtime)
    else:
        backend, _, precision = runtime.partition("-")
        classifier = SentenceClassifier.load(
            backend=backend, num_threads=1, precision=precision or "float32"
        )
    load_s = time.perf_counter() - start
    pairs = frozen_pairs(args.n)
    speeds, per_cpu_s = {}, {}
    for batch_size in args.batch_sizes:
        classifier.logits(pairs[: batch_size * 2], batch_size)  # warm-up
        wall, cpu = time.perf_counter(), time.process_time()
        logits = classifier.logits(pairs, batch_size)
        speeds[str(batch_size)] = len(pairs) / (time.perf_counter() - wall)
        per_cpu_s[str(batch_size)] = len(pairs) / (time.process_time() - cpu)
    import numpy as np

    np.save(args.logits_out, logits)
    return {
        "runtime": runtime,
        "import_s": import_s,
        "load_s": load_s,
        "sentences_per_s": speeds,
        # One thread: sentences per CPU-second is what a free core would do (machine shared).
        "sentences_per_cpu_s": per_cpu_s,
        "peak_rss_mb": peak_rss_mb(),
        "torch_imported": "torch" in sys.modules,
        "load_average_1m": os.getloadavg()[0],
    }


def run_child(runtime: str, args: argparse.Namespace, logits_out: Path) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "benchmarks.bench_classifier_runtime", "--child", runtime,
        "--n", str(args.n), "--logits-out", str(logits_out),
        "--batch-sizes", *map(str, args.batch_sizes),
    ]  # fmt: skip
    if args.onnx_model:
        command += ["--onnx-model", str(args.onnx_model)]
    out = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{runtime}: benchmark child failed:\n{out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    med = statistics.median
    return {
        "import_s": round(med(r["import_s"] for r in runs), 3),
        "load_s": round(med(r["load_s"] for r in runs), 3),
        "import_plus_load_s": round(med(r["import_s"] + r["load_s"] for r in runs), 3),
        "sentences_per_s": {
            size: round(med(r["sentences_per_s"][size] for r in runs), 1)
            for size in runs[0]["sentences_per_s"]
        },
        "sentences_per_cpu_s": {
            size: round(med(r["sentences_per_cpu_s"][size] for r in runs), 1)
            for size in runs[0]["sentences_per_cpu_s"]
        },
        "peak_rss_mb": round(med(r["peak_rss_mb"] for r in runs), 1),
        "torch_imported": any(r["torch_imported"] for r in runs),
        "load_average_1m": [round(r["load_average_1m"], 2) for r in runs],
        "repeats": len(runs),
    }


def export_onnx(path: Path) -> None:
    """The torch runtime's graph (padding mask path traced) for the onnxruntime candidate."""
    import torch

    from models.classifier.predict import SentenceClassifier

    module = cast(torch.nn.Module, SentenceClassifier.load(backend="torch").forward)
    ids = torch.randint(1000, 2000, (2, 10))
    mask = torch.ones_like(ids)
    mask[1, -2:] = 0  # a padded row: the mask path is what gets traced
    names = ["input_ids", "token_type_ids", "attention_mask"]
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "length"} for name in names}
    torch.onnx.export(
        module, (ids, torch.zeros_like(ids), mask), str(path), input_names=names,
        output_names=["logits"], dynamic_axes={**axes, "logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--n", type=int, default=256, help="sentences per batch size")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--onnx-model", type=Path, default=None)
    parser.add_argument("--export-onnx", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--logits-out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.child:
        print(json.dumps(child(args.child, args)))
        return 0
    if args.export_onnx:
        export_onnx(args.export_onnx)
        print(f"wrote {args.export_onnx}")
        return 0

    import numpy as np

    runtimes = [*RUNTIMES, *(["onnx-export"] if args.onnx_model else [])]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in runtimes}
    logits: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(args.repeats):  # interleaved: load drifts hit every runtime
            for name in runtimes:
                path = Path(tmp) / f"{name}-{repeat}.npy"
                runs[name].append(run_child(name, args, path))
                logits[name] = np.load(path)
                print(f"{name} run {repeat + 1}: {json.dumps(runs[name][-1])}", file=sys.stderr)
    results: dict[str, Any] = {
        "sentences": args.n,
        "batch_sizes": args.batch_sizes,
        "threads": 1,
        "cpu_count": os.cpu_count(),
    }
    reference = logits["torch"]
    for name in runtimes:
        row = summarise(runs[name])
        row["max_abs_logit_diff_vs_torch"] = float(np.abs(logits[name] - reference).max())
        same = logits[name].argmax(axis=1) == reference.argmax(axis=1)
        row["labels_equal_to_torch"] = bool(same.all())
        row["labels_share_equal_to_torch"] = round(float(same.mean()), 4)
        results[name] = row
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for name in runtimes:
        r = results[name]
        speeds = ", ".join(
            f"batch {k}: {v:.0f}/s ({r['sentences_per_cpu_s'][k]:.0f}/CPU-s)"
            for k, v in r["sentences_per_s"].items()
        )
        print(
            f"{name:16} import {r['import_s']:.2f} s + load {r['load_s']:.2f} s; {speeds}; "
            f"peak {r['peak_rss_mb']:.0f} MB; max |logit diff| vs torch "
            f"{r['max_abs_logit_diff_vs_torch']:.1e}, labels equal "
            f"{r['labels_share_equal_to_torch'] * 100:.1f} %"
        )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
