"""How many voices a mono call has, and which 10 ms speech frame belongs to which.

Owns the arrow FrameFeatures -> SpeakerTrack. Three steps:

1. Speech is cut into ~1 s windows; each window gets a voice fingerprint
   (mean and spread of its MFCCs, its median pitch) and the windows are
   clustered bottom-up (Ward) into 1..4 groups.
2. The number of voices is read off how much each extra group explains:
   the gain is the drop in the log-determinant of one full-covariance
   Gaussian over voiced frames (MFCC + log F0) when the frames are split by
   group, less the BIC penalty for the extra Gaussian's parameters (which
   matters on short calls, where any split of one voice looks good). A new
   voice gains 0.57-2.4 nats/frame on the test voices, splitting one voice
   (by vowel or intonation) -0.14-0.21; the thresholds sit in between. A
   third voice must also explain clearly more (SPLIT_RATIO) than a fourth.
3. For two voices, each gets a diagonal GMM over frames (MFCC) and a pitch
   Gaussian; a two-state HMM over speech frames, where switching is cheap
   across pauses and expensive inside continuous speech, gives the
   Viterbi path and smoothed per-frame posteriors. Models are re-trained on
   the path twice (resegmentation), so boundaries end up at frame precision
   and short turns ("okay") that sound different survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.diarization.features import FrameFeatures

WINDOW_FRAMES = 100  # ~1 s clustering windows
MIN_WINDOW_FRAMES = 30  # shorter speech runs are left to the resegmentation
MAX_SPEAKERS = 3
MIN_SECOND_VOICE_GAIN = 0.3  # nats/frame after the BIC penalty (measured: 1 voice <= 0.19)
MIN_THIRD_VOICE_GAIN = 0.3  # the same for a third group (measured: 2 voices <= 0.21, 3 >= 0.34)
SPLIT_RATIO = 2.0  # a third voice's gain must beat a fourth group's by this factor
MIN_VOICE_SHARE = 0.08  # a voice must hold this share of the speech windows
MIN_WINDOWS = 6  # fewer windows: too little speech to tell voices apart
GMM_COMPONENTS = 8
RESEGMENT_ITERATIONS = 2
TEMPERATURE = 6.0  # frames are not independent: divide log-likelihoods by this
SWITCH_LOGP_SPEECH = -12.0  # switching voice inside continuous speech (tempered nats)
SWITCH_LOGP_PAUSE = -1.0  # switching voice across a pause
PAUSE_FRAMES = 15  # a gap of at least 150 ms between speech frames is a pause


@dataclass
class VoiceCount:
    """The decision on the number of voices and the numbers behind it."""

    n_speakers: int
    gains: list[float]  # gain (nats/frame) of 1..4 groups over one (gains[0] == 0)
    penalty: float = 0.0  # BIC penalty (nats/frame) for each extra group
    labels: dict[int, np.ndarray] = field(default_factory=dict)  # k -> window labels
    windows: list[tuple[int, int]] = field(default_factory=list)
    reason: str = ""


@dataclass
class SpeakerTrack:
    """Per speech frame: which of two voices (0/1) and the posterior of voice 1."""

    frames: np.ndarray  # (N,) int frame indices of speech, ascending
    labels: np.ndarray  # (N,) int 0/1: Viterbi path
    posterior: np.ndarray  # (N,) float: P(voice 1 | everything), tempered
    llr: np.ndarray  # (N,) float: log p(x|voice 1) - log p(x|voice 0) per frame, untempered
    separation: float  # mean |llr| per voiced speech frame on the final models (nats)


def speech_windows(speech: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) frame windows of ~WINDOW_FRAMES inside speech runs of >= MIN_WINDOW_FRAMES."""
    edges = np.diff(np.r_[0, speech.astype(np.int8), 0])
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    windows: list[tuple[int, int]] = []
    for start, end in zip(starts, ends, strict=True):
        if end - start < MIN_WINDOW_FRAMES:
            continue
        pieces = max(1, round((end - start) / WINDOW_FRAMES))
        cuts = np.linspace(start, end, pieces + 1).astype(int)
        windows.extend(zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True))
    return windows


def window_embeddings(features: FrameFeatures, windows: list[tuple[int, int]]) -> np.ndarray:
    """(n_windows, d) standardised fingerprints: MFCC mean and std, median log F0 (x4 weight)."""
    voiced = ~np.isnan(features.log_f0) & features.speech
    overall_f0 = float(np.median(features.log_f0[voiced])) if voiced.any() else 0.0
    rows = []
    for start, end in windows:
        mask = features.speech[start:end]
        mfcc = features.mfcc[start:end][mask]
        f0 = features.log_f0[start:end][mask & voiced[start:end]]
        median_f0 = float(np.median(f0)) if f0.size >= 5 else overall_f0
        rows.append(np.r_[mfcc.mean(axis=0), mfcc.std(axis=0), np.full(4, median_f0)])
    matrix = np.asarray(rows, dtype=np.float64)
    return (matrix - matrix.mean(axis=0)) / (matrix.std(axis=0) + 1e-9)


def _ward(embeddings: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    if k == 1:
        return np.zeros(len(embeddings), dtype=int)
    return np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(embeddings))


def _log_det(points: np.ndarray) -> float:
    cov = np.cov(points.T) + 1e-4 * np.eye(points.shape[1])
    return float(np.linalg.slogdet(cov)[1])


def _split_gain(groups: list[np.ndarray]) -> float:
    """0.5 * (N log|S| - sum n_i log|S_i|) / N: nats per frame one Gaussian per group saves."""
    groups = [g for g in groups if len(g) > groups[0].shape[1] + 1]
    if len(groups) < 2:
        return 0.0
    pooled = np.concatenate(groups)
    total = len(pooled)
    return 0.5 * (total * _log_det(pooled) - sum(len(g) * _log_det(g) for g in groups)) / total


def _voiced_points(features: FrameFeatures) -> np.ndarray:
    return np.c_[features.mfcc, features.log_f0]


def bic_penalty(n_frames: int, dims: int) -> float:
    """BIC cost per frame of one more full-covariance Gaussian in `dims` dimensions."""
    parameters = dims + dims * (dims + 1) / 2
    return 0.5 * parameters * float(np.log(max(n_frames, 2))) / max(n_frames, 1)


def count_voices(features: FrameFeatures) -> VoiceCount:
    """Decide 1, 2 or 3+ voices (3 means 'three or more') from windowed clustering."""
    windows = speech_windows(features.speech)
    if len(windows) < MIN_WINDOWS:
        return VoiceCount(1, [0.0], 0.0, {}, windows, "too little speech to tell voices apart")
    embeddings = window_embeddings(features, windows)
    voiced = features.speech & ~np.isnan(features.log_f0)
    points = _voiced_points(features)
    frame_window = np.full(features.n_frames, -1)
    for index, (start, end) in enumerate(windows):
        frame_window[start:end] = index
    usable = voiced & (frame_window >= 0)
    labels: dict[int, np.ndarray] = {}
    gains = [0.0]
    for k in range(2, MAX_SPEAKERS + 2):
        if k > len(windows):
            break
        labels[k] = _ward(embeddings, k)
        frame_labels = np.where(usable, labels[k][frame_window], -1)
        gains.append(_split_gain([points[frame_labels == c] for c in range(k)]))
    labels[1] = np.zeros(len(windows), dtype=int)
    raw = np.diff(gains)
    penalty = bic_penalty(int(usable.sum()), points.shape[1])
    net = raw - penalty
    n_speakers = 1
    reason = (
        f"one voice: a second voice would explain {net[0]:.2f} nats/frame"
        f" (a real one explains >= {MIN_SECOND_VOICE_GAIN})"
    )
    if net[0] >= MIN_SECOND_VOICE_GAIN:
        n_speakers = 2
        reason = f"two voices ({net[0]:.2f} nats/frame apart)"
        if (
            len(net) >= 3
            and net[1] >= MIN_THIRD_VOICE_GAIN
            and raw[1] >= SPLIT_RATIO * max(raw[2], 1e-6)
            and np.bincount(labels[3]).min() >= MIN_VOICE_SHARE * len(windows)
        ):
            n_speakers = 3
            reason = f"a third voice explains {net[1]:.2f} nats/frame, as a real voice does"
    return VoiceCount(
        n_speakers,
        [round(float(g), 4) for g in gains],
        round(penalty, 4),
        labels,
        windows,
        reason,
    )


def _fit_voice(mfcc: np.ndarray, seed: int) -> object:
    from sklearn.mixture import GaussianMixture

    components = int(min(GMM_COMPONENTS, max(1, len(mfcc) // 50)))
    return GaussianMixture(
        n_components=components,
        covariance_type="diag",
        reg_covar=1e-3,
        init_params="k-means++",  # seeding only: full k-means was 90 % of the time
        random_state=seed,
    ).fit(mfcc)


def _frame_llr(features: FrameFeatures, frames: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """log p(x|voice 1) - log p(x|voice 0) for each speech frame, MFCC GMM plus pitch."""
    mfcc = features.mfcc[frames]
    log_f0 = features.log_f0[frames]
    voiced = ~np.isnan(log_f0)
    scores = []
    for voice in (0, 1):
        mine = labels == voice
        model = _fit_voice(mfcc[mine], seed=voice)
        score = model.score_samples(mfcc)  # type: ignore[attr-defined]
        pitch = log_f0[mine & voiced]
        if pitch.size >= 20:
            mean, std = float(np.mean(pitch)), max(float(np.std(pitch)), 0.03)
            z = (log_f0[voiced] - mean) / std
            score[voiced] += -0.5 * z**2 - np.log(std)
        scores.append(score)
    return np.asarray(scores[1] - scores[0])


def _switch_logp(frames: np.ndarray) -> np.ndarray:
    gaps = np.diff(frames, prepend=frames[0])
    return np.where(gaps >= PAUSE_FRAMES, SWITCH_LOGP_PAUSE, SWITCH_LOGP_SPEECH)


def viterbi_and_posterior(llr: np.ndarray, switch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-state HMM on tempered frame log-likelihood ratios: (path, P(state 1))."""
    n = len(llr)
    emit = np.stack([-0.5 * llr, 0.5 * llr], axis=1) / TEMPERATURE
    stay = np.log1p(-np.exp(switch))
    # Viterbi
    score = emit[0].copy()
    back = np.zeros((n, 2), dtype=np.int8)
    for t in range(1, n):
        from_same = score + stay[t]
        from_other = score[::-1] + switch[t]
        back[t] = (from_other > from_same).astype(np.int8)
        score = np.maximum(from_same, from_other) + emit[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for t in range(n - 1, 0, -1):
        path[t - 1] = path[t] if back[t, path[t]] == 0 else 1 - path[t]
    # Forward-backward
    alpha = np.zeros((n, 2))
    alpha[0] = emit[0] - np.log(2.0)
    for t in range(1, n):
        prev = alpha[t - 1]
        alpha[t] = np.logaddexp(prev + stay[t], prev[::-1] + switch[t]) + emit[t]
    beta = np.zeros((n, 2))
    for t in range(n - 2, -1, -1):
        nxt = beta[t + 1] + emit[t + 1]
        beta[t] = np.logaddexp(nxt + stay[t + 1], nxt[::-1] + switch[t + 1])
    joint = alpha + beta
    posterior = np.exp(joint[:, 1] - np.logaddexp(joint[:, 0], joint[:, 1]))
    return path, posterior


def resegment(features: FrameFeatures, count: VoiceCount) -> SpeakerTrack | None:
    """Frame-level two-voice track from the 2-group window clustering; None if no speech."""
    frames = np.nonzero(features.speech)[0]
    if frames.size == 0 or 2 not in count.labels:
        return None
    labels = np.full(features.n_frames, -1)
    for (start, end), label in zip(count.windows, count.labels[2], strict=True):
        labels[start:end] = label
    frame_labels = labels[frames]
    known = frame_labels >= 0
    # Frames outside windows (short runs) start from their nearest window's label.
    nearest = np.searchsorted(frames[known], frames).clip(0, known.sum() - 1)
    frame_labels = np.where(known, frame_labels, frame_labels[known][nearest])
    switch = _switch_logp(frames)
    llr = np.zeros(len(frames))
    posterior = frame_labels.astype(float)
    for _ in range(RESEGMENT_ITERATIONS):
        if min(np.sum(frame_labels == 0), np.sum(frame_labels == 1)) < 50:
            break
        llr = _frame_llr(features, frames, frame_labels)
        frame_labels, posterior = viterbi_and_posterior(llr, switch)
    voiced = ~np.isnan(features.log_f0[frames])
    separation = float(np.mean(np.abs(llr[voiced]))) if voiced.any() else 0.0
    return SpeakerTrack(frames, frame_labels, posterior, llr, separation)
