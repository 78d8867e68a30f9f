"""No network unless the user asks: environment defaults set before any library loads.

Applied when the `app` package is imported (app/__init__.py), so the CLI, the
desktop app and their spawned workers all start with them; a variable the
user has set is left as it is. Measured with `strace -f -e trace=connect,sendto`
(tests/app/test_no_network.py): onnxruntime 1.32 (imported by silero-vad and
faster-whisper) starts a 1DS telemetry client that resolves
mobile.events.data.microsoft.com about 9 s after import, whatever
`disable_telemetry_events()` says afterwards; ORT_DISABLE_TELEMETRY=1, read
when the library loads, stops it. The Hugging Face variables keep transformers
and huggingface_hub from asking the hub about the local sentence encoder.
"""

from __future__ import annotations

import os

OFFLINE_DEFAULTS: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}

# Whisper weights are fetched from the internet only when this is "1": set by
# `analyze --download-model`, never by default (models/asr/whisper_models.py).
ALLOW_DOWNLOAD_ENV = "CALLSCOPE_ALLOW_DOWNLOAD"


def apply_offline_defaults() -> None:
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)


def downloads_allowed() -> bool:
    return os.environ.get(ALLOW_DOWNLOAD_ENV, "").strip().lower() in ("1", "true", "yes")
