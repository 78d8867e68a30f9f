"""Resemblyzer's speaker encoder (GE2E, 3-layer LSTM) run in numpy, without torch.

Owns: reading the weights from the `Resemblyzer==0.1.4` wheel's
`resemblyzer/pretrained.pt` (torch's legacy pickle format, parsed here: no
torch import), its 40-band mel front end (librosa's slaney filterbank, 25 ms
Hann window, 10 ms hop, power spectrum, not log), and batched embeddings of
1.6 s windows. Each embedding is 256 non-negative values with unit L2 norm;
cosine similarity between them says whether two windows share a voice.

The model: LSTM(40 -> 256) x 3, last hidden state -> Linear(256, 256) -> ReLU
-> L2 normalise (resemblyzer/voice_encoder.py). Licence: Apache-2.0
(Resemblyzer, Corentin Jemine).
"""

from __future__ import annotations

import importlib.util
import pickle
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

SAMPLE_RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s windows, as Resemblyzer was trained
HIDDEN = 256
LAYERS = 3


class EncoderUnavailableError(RuntimeError):
    """The Resemblyzer wheel (its pretrained.pt) is not installed or cannot be read."""


def weights_path() -> Path:
    spec = importlib.util.find_spec("resemblyzer")
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailableError(
            "the speaker encoder is missing: run `make setup` "
            "(or pip install --no-deps Resemblyzer==0.1.4)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pretrained.pt"


# --- torch legacy (pre-1.6) checkpoint reader ---------------------------------------------

_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "HalfStorage": np.float16,
}


@dataclass
class _Storage:
    key: str
    dtype: Any
    array: np.ndarray | None = None


@dataclass
class _TensorRef:
    storage: _Storage
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild_tensor(
    storage: _Storage, offset: int, size: tuple, stride: tuple, *_: Any
) -> _TensorRef:
    return _TensorRef(storage, int(offset), tuple(size), tuple(stride))


class _StorageType:
    def __init__(self, name: str) -> None:
        self.dtype = _DTYPES[name]


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: Any, storages: dict[str, _Storage]) -> None:
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        if module == "collections" and name == "OrderedDict":
            import collections

            return collections.OrderedDict
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in the checkpoint")

    def persistent_load(self, pid: Any) -> Any:
        # ('storage', storage_type, key, location, numel[, view_metadata])
        _, storage_type, key, _location, _numel = pid[:5]
        if key not in self.storages:
            self.storages[key] = _Storage(key, storage_type.dtype)
        return self.storages[key]


def read_legacy_checkpoint(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a torch legacy-format checkpoint's `model_state`, as numpy arrays."""
    storages: dict[str, _Storage] = {}
    with open(path, "rb") as f:
        for _ in range(3):  # magic number, protocol version, sys info
            pickle.load(f)
        result = _Unpickler(f, storages).load()
        keys = pickle.load(f)
        for key in keys:
            (numel,) = struct.unpack("<q", f.read(8))
            storage = storages[key]
            itemsize = np.dtype(storage.dtype).itemsize
            storage.array = np.frombuffer(f.read(numel * itemsize), dtype=storage.dtype)
    state = result.get("model_state", result)
    out: dict[str, np.ndarray] = {}
    for name, ref in state.items():
        data = ref.storage.array
        assert data is not None
        itemsize = data.itemsize
        view = np.lib.stride_tricks.as_strided(
            data[ref.offset :],
            shape=ref.size,
            strides=tuple(s * itemsize for s in ref.stride),
        )
        out[name] = np.array(view, dtype=np.float32)
    return out


# --- the model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncoderWeights:
    w_ih: tuple[np.ndarray, ...]  # per layer (in, 4H), gate order i, f, g, o (torch)
    w_hh: tuple[np.ndarray, ...]  # per layer (H, 4H)
    bias: tuple[np.ndarray, ...]  # per layer (4H,): b_ih + b_hh
    linear_w: np.ndarray  # (H, 256)
    linear_b: np.ndarray


@lru_cache(maxsize=1)
def load_encoder() -> EncoderWeights:
    """The encoder weights, read once per process (~0.1 s)."""
    path = weights_path()
    try:
        state = read_legacy_checkpoint(path)
        layers = range(LAYERS)
        return EncoderWeights(
            w_ih=tuple(np.ascontiguousarray(state[f"lstm.weight_ih_l{i}"].T) for i in layers),
            w_hh=tuple(np.ascontiguousarray(state[f"lstm.weight_hh_l{i}"].T) for i in layers),
            bias=tuple(state[f"lstm.bias_ih_l{i}"] + state[f"lstm.bias_hh_l{i}"] for i in layers),
            linear_w=np.ascontiguousarray(state["linear.weight"].T),
            linear_b=state["linear.bias"],
        )
    except (OSError, KeyError, pickle.UnpicklingError, struct.error, ValueError) as exc:
        raise EncoderUnavailableError(f"{path}: cannot read the speaker encoder ({exc})") from exc


def _hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    """Slaney's mel scale (librosa's default, htk=False)."""
    hz = np.asarray(hz, dtype=np.float64)
    mel = hz / (200.0 / 3)
    log_part = 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log_part, mel)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(
        mel >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0)), mel * (200.0 / 3)
    )


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """(N_FFT//2+1, 40) slaney-normalised triangles from 0 to 8 kHz (librosa.filters.mel)."""
    fft_hz = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    mel_hz = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    fdiff = np.diff(mel_hz)
    ramps = mel_hz[:, None] - fft_hz[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_hz[2:] - mel_hz[:-2]))[:, None]
    return np.ascontiguousarray(weights.T.astype(np.float32))


def mel_frames(samples_16k: np.ndarray) -> np.ndarray:
    """(n_frames, 40) mel power spectrogram, frame i centred at i * 10 ms (librosa, center=True)."""
    x = np.asarray(samples_16k, dtype=np.float32)
    padded = np.pad(x, (N_FFT // 2, N_FFT // 2))
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    fbank = mel_filterbank()
    for start in range(0, n_frames, 2048):
        stop = min(n_frames, start + 2048)
        idx = (np.arange(start, stop) * HOP)[:, None] + np.arange(N_FFT)[None, :]
        spec = np.fft.rfft(padded[idx] * window, axis=1)
        power = (spec.real**2 + spec.imag**2).astype(np.float32)
        out[start:stop] = power @ fbank
    return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def embed_windows(mels: np.ndarray, starts: np.ndarray, length: int = PARTIAL_FRAMES) -> np.ndarray:
    """(len(starts), 256) unit embeddings of mel windows mels[s : s + length].

    All windows run through the LSTM together, one time step at a time
    (a (batch, 256) x (256, 1024) product per layer and step).
    """
    from threadpoolctl import threadpool_limits

    weights = load_encoder()
    n = len(starts)
    if n == 0:
        return np.zeros((0, HIDDEN), dtype=np.float32)
    padded = np.pad(mels, ((0, length), (0, 0)))
    idx = np.asarray(starts)[:, None] + np.arange(length)[None, :]
    seq = padded[idx]  # (n, T, 40)
    # One BLAS thread: on a loaded 2-core machine OpenBLAS's second thread spins and
    # waits; measured for 73 windows (a minute of speech) 0.6 s CPU / 4-6 s wall on
    # one thread against 7.3 s CPU / 31-41 s wall on two (load average 10).
    with threadpool_limits(1, user_api="blas"):
        h = _lstm(weights, seq, n, length)
    raw = np.maximum(h @ weights.linear_w + weights.linear_b, 0.0)
    norm = np.linalg.norm(raw, axis=1, keepdims=True)
    return (raw / np.maximum(norm, 1e-9)).astype(np.float32)


def _lstm(weights: EncoderWeights, seq: np.ndarray, n: int, length: int) -> np.ndarray:
    """The last layer's final hidden state (n, 256)."""
    h = np.zeros((n, HIDDEN), dtype=np.float32)
    for layer in range(LAYERS):
        gates_in = seq @ weights.w_ih[layer] + weights.bias[layer]  # (n, T, 4H)
        h = np.zeros((n, HIDDEN), dtype=np.float32)
        c = np.zeros((n, HIDDEN), dtype=np.float32)
        outputs = np.empty((n, length, HIDDEN), dtype=np.float32) if layer < LAYERS - 1 else None
        w_hh = weights.w_hh[layer]
        for t in range(length):
            g = gates_in[:, t] + h @ w_hh
            i = _sigmoid(g[:, :HIDDEN])
            f = _sigmoid(g[:, HIDDEN : 2 * HIDDEN])
            cell = np.tanh(g[:, 2 * HIDDEN : 3 * HIDDEN])
            o = _sigmoid(g[:, 3 * HIDDEN :])
            c = f * c + i * cell
            h = o * np.tanh(c)
            if outputs is not None:
                outputs[:, t] = h
        if outputs is not None:
            seq = outputs
    return h
