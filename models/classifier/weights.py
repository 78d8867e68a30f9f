"""Shipped classifier weights: an overlay of fine-tuned tensors on the installed base encoder.

`weights/` holds `model.safetensors` (only the tensors training changed: the
top transformer layers, the pooler and the classification head) and
`manifest.json` (label order, base model id and the sha256 of the base weights
they were trained on, input format, hyperparameters, training data hash,
version). Loading builds the base model from the package and overlays them;
any mismatch fails with a message that says what to do.

An ensemble is one such folder whose manifest lists `members`: subfolders laid
out the same way (the same data trained with other seeds). The classifier
averages the members' probabilities with the folder's own (predict.py); the
folder's `version` names the whole ensemble.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.domain import LABELS
from models.classifier.encoder import (
    BASE_DISTRIBUTION,
    BASE_MODEL_ID,
    WEIGHTS_FILE,
    ModelUnavailableError,
    base_model_dir,
    base_weights_sha256,
    file_sha256,
)
from models.classifier.inputs import INPUT_FORMAT, INPUT_FORMATS, MAX_LENGTH, PairTokenizer

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel

DEFAULT_WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
MANIFEST_FILE = "manifest.json"
OVERLAY_FILE = "model.safetensors"
RETRAIN_HINT = "python main.py train"


@dataclass
class Manifest:
    """What `manifest.json` records about one set of shipped weights."""

    version: str
    labels: list[str]
    top_layers: int
    tensors: list[str]
    dtype: str
    base_model_id: str = BASE_MODEL_ID
    base_distribution: str = BASE_DISTRIBUTION
    base_weights_sha256: str = ""
    overlay_sha256: str = ""
    input_format: str = INPUT_FORMAT
    max_length: int = MAX_LENGTH
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    training_data: dict[str, Any] = field(default_factory=dict)
    validation: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    # Subfolders holding further members of an ensemble (see the module docstring).
    members: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, weights_dir: Path) -> Manifest:
        path = weights_dir / MANIFEST_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {name for name in cls.__dataclass_fields__}
            return cls(**{key: value for key, value in raw.items() if key in known})
        except FileNotFoundError as exc:
            raise ModelUnavailableError(
                str(weights_dir),
                f"no classifier weights here (missing {MANIFEST_FILE}); "
                f"restore models/classifier/weights/ from git or run `{RETRAIN_HINT}`",
            ) from exc
        except (json.JSONDecodeError, TypeError) as exc:
            raise ModelUnavailableError(str(path), f"unreadable manifest: {exc}") from exc

    def write(self, weights_dir: Path) -> None:
        text = json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"
        (weights_dir / MANIFEST_FILE).write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide the load progress bar and the 'newly initialized head' warning (we overlay it)."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bar:
            hf_logging.enable_progress_bar()


def build_model(base_dir: Path | None = None) -> PreTrainedModel:
    """Untrained sequence classifier (transformers) on the base encoder; never touches the hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoConfig, AutoModelForSequenceClassification

    folder = base_dir or base_model_dir()
    with _quiet_transformers():
        config = AutoConfig.from_pretrained(
            folder,
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)},
            local_files_only=True,
        )
        model = AutoModelForSequenceClassification.from_pretrained(
            folder, config=config, local_files_only=True
        )
    return model


def pair_tokenizer(base_dir: Path | None = None, max_length: int = MAX_LENGTH) -> PairTokenizer:
    """The base encoder's tokenizer, set up for (text, context) pairs."""
    return PairTokenizer((base_dir or base_model_dir()) / "tokenizer.json", max_length)


def trainable_prefixes(model: PreTrainedModel, top_layers: int) -> tuple[str, ...]:
    """State-dict prefixes fine-tuned with `top_layers` layers unfrozen (plus pooler and head)."""
    n_layers = int(model.config.num_hidden_layers)
    if not 0 <= top_layers <= n_layers:
        raise ValueError(f"top_layers must be 0..{n_layers}, got {top_layers}")
    layers = tuple(f"bert.encoder.layer.{i}." for i in range(n_layers - top_layers, n_layers))
    return (*layers, "bert.pooler.", "classifier.")


def freeze_for_finetuning(model: PreTrainedModel, top_layers: int) -> list[str]:
    """Freeze everything but the top layers, pooler and head; returns the trainable names."""
    prefixes = trainable_prefixes(model, top_layers)
    names = []
    for name, param in model.named_parameters():
        param.requires_grad = name.startswith(prefixes)
        if param.requires_grad:
            names.append(name)
    return names


def overlay_tensors(
    model: PreTrainedModel, names: list[str], dtype: str
) -> dict[str, torch.Tensor]:
    """The named tensors, detached, contiguous and cast for shipping."""
    import torch

    target = {"float16": torch.float16, "float32": torch.float32}[dtype]
    state = model.state_dict()
    return {name: state[name].detach().to(target).contiguous().clone() for name in names}


def save_overlay(tensors: dict[str, torch.Tensor], manifest: Manifest, weights_dir: Path) -> None:
    """Write model.safetensors and manifest.json (manifest last: a partial write never loads)."""
    from safetensors.torch import save_file

    weights_dir.mkdir(parents=True, exist_ok=True)
    (weights_dir / MANIFEST_FILE).unlink(missing_ok=True)
    save_file(tensors, str(weights_dir / OVERLAY_FILE), metadata={"version": manifest.version})
    manifest.overlay_sha256 = file_sha256(weights_dir / OVERLAY_FILE)
    manifest.tensors = sorted(tensors)
    manifest.write(weights_dir)


def active_weights_dir() -> Path:
    """The user's retrained weights (`train --with-corrections` put them in the data
    folder) when there are any, else the shipped ones. The install is never written."""
    from kernel.paths import classifier_weights_dir

    user = classifier_weights_dir()
    return user if (user / MANIFEST_FILE).is_file() else DEFAULT_WEIGHTS_DIR


def member_dirs(weights_dir: Path | None = None) -> list[Path]:
    """The folders whose probabilities the classifier averages: `weights_dir` (default:
    the active weights) and the subfolders its manifest lists as `members`."""
    folder = Path(weights_dir) if weights_dir else active_weights_dir()
    manifest = Manifest.read(folder)
    folders = [folder]
    for name in manifest.members:
        member = folder / str(name)
        if Path(str(name)).name != str(name) or not (member / MANIFEST_FILE).is_file():
            raise ModelUnavailableError(
                str(member),
                f"ensemble member {name!r} is missing; restore {folder} from git "
                f"or run `{RETRAIN_HINT}`",
            )
        folders.append(member)
    return folders


def read_overlay(
    weights_dir: Path | None = None, framework: str = "pt"
) -> tuple[Path, Manifest, dict[str, Any]]:
    """(base encoder folder, manifest, overlay tensors), after checking they fit together.

    `framework`: "pt" gives torch tensors, "np" numpy arrays (imports no torch).
    """
    from safetensors import safe_open

    if framework not in ("pt", "np"):
        raise ValueError(f"framework must be 'pt' or 'np', got {framework!r}")

    folder = Path(weights_dir) if weights_dir else active_weights_dir()
    manifest = Manifest.read(folder)
    if tuple(manifest.labels) != LABELS:
        raise ModelUnavailableError(
            str(folder),
            f"weights were trained for labels {manifest.labels}, the app uses {list(LABELS)}; "
            f"run `{RETRAIN_HINT}`",
        )
    if manifest.input_format not in INPUT_FORMATS:
        raise ModelUnavailableError(
            str(folder), f"unknown input format {manifest.input_format!r}; run `{RETRAIN_HINT}`"
        )
    base_dir = base_model_dir()
    base_sha = base_weights_sha256(base_dir)
    if manifest.base_weights_sha256 != base_sha:
        raise ModelUnavailableError(
            str(folder),
            f"weights were trained on base weights sha256 {manifest.base_weights_sha256[:12]}..., "
            f"the installed base ({base_dir}) is {base_sha[:12]}...; install "
            f"{manifest.base_distribution} or run `{RETRAIN_HINT}`",
        )
    overlay_path = folder / OVERLAY_FILE
    if not overlay_path.is_file():
        raise ModelUnavailableError(
            str(folder), f"missing {OVERLAY_FILE}; restore it from git or run `{RETRAIN_HINT}`"
        )
    overlay = _load_safetensors(overlay_path, framework)
    with safe_open(str(base_dir / WEIGHTS_FILE), framework="np") as base:
        shapes = {name: tuple(base.get_slice(name).get_shape()) for name in base.keys()}  # noqa: SIM118
    bad = [
        name
        for name, tensor in overlay.items()
        if not name.startswith("classifier.")
        and shapes.get(name.removeprefix("bert.")) != tuple(tensor.shape)
    ]
    head = overlay.get("classifier.weight")
    if bad or head is None or "classifier.bias" not in overlay or head.shape[0] != len(LABELS):
        raise ModelUnavailableError(
            str(overlay_path),
            f"overlay does not fit the base model (bad or missing tensors: "
            f"{bad[:3] or 'classifier.*'}); run `{RETRAIN_HINT}`",
        )
    return base_dir, manifest, overlay


def _load_safetensors(path: Path, framework: str) -> dict[str, Any]:
    """The overlay's tensors; a damaged file is a ModelUnavailableError, not a traceback."""
    from safetensors import SafetensorError

    try:
        if framework == "np":
            from safetensors.numpy import load_file as load_numpy

            return dict(load_numpy(str(path)))
        from safetensors.torch import load_file as load_torch

        return dict(load_torch(str(path)))
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelUnavailableError(
            str(path), f"unreadable weights ({exc}); restore them or run `{RETRAIN_HINT}`"
        ) from exc


def load_overlay_model(weights_dir: Path | None = None) -> tuple[PreTrainedModel, Manifest]:
    """(transformers model in eval mode with the overlay applied, manifest)."""
    base_dir, manifest, overlay = read_overlay(weights_dir)
    model = build_model(base_dir)
    apply_overlay(model, overlay)
    model.eval()
    return model, manifest


def apply_overlay(model: PreTrainedModel, overlay: dict[str, Any]) -> None:
    """Copy the overlay's tensors (from `read_overlay`) into `model`, in its dtypes."""
    import torch

    state = model.state_dict()
    with torch.no_grad():
        for name, tensor in overlay.items():
            state[name].copy_(tensor.to(state[name].dtype))
