"""Who speaks when, from a trained speaker encoder (Resemblyzer), for real human voices.

Owns the arrow (16 kHz mono samples, FrameFeatures) -> (VoiceCount,
SpeakerTrack), the same two objects the MFCC path in clustering.py gives, so
diarizer.py treats both alike. Steps:

1. The speech frames (Silero VAD + level floor, features.speech) are joined,
   pauses cut out, and covered by 1.6 s windows every 0.4 s (the encoder was
   trained on speech with long silences trimmed).
2. Each window gets a 256-d voice embedding (voice_encoder.py, numpy).
3. Two voices by default: spherical k-means (k = 2, farthest-pair start) on
   the embeddings. One voice when the two centroids are nearly the same
   voice (cosine >= ONE_VOICE_COSINE); a third when k = 3 finds a group that
   holds >= 8 % of the windows and sits clearly apart from both others.
4. For two voices the windows are split by k = 2 again. Every speech frame
   gets the mean, over the windows that cover it, of (cosine to voice 1 -
   cosine to voice 0), scaled into a log-likelihood ratio; a two-state HMM
   (clustering.viterbi_and_posterior) smooths it.
5. The path seeds clustering's GMM-HMM resegmentation on MFCC + F0 (the
   issue-6 models), which places turn edges to a frame or two and keeps a
   short back-channel that sounds different. The MFCC split seeds a second
   track; the one whose voice models separate the frames most is kept.
6. CAM++ (campp_encoder.py, onnxruntime; two thirds of this module's cost)
   re-embeds the same windows and seeds the first track instead of
   Resemblyzer only when the Resemblyzer- and MFCC-seeded tracks disagree
   (SEEDS_AGREE): two independent seeds that the resegmentation leads to the
   same split leave nothing for a third to settle.
"""

from __future__ import annotations

import numpy as np

from models.diarization.clustering import (
    SpeakerTrack,
    VoiceCount,
    _switch_logp,
    resegment,
    viterbi_and_posterior,
)
from models.diarization.features import FrameFeatures
from models.diarization.voice_encoder import PARTIAL_FRAMES, embed_windows, mel_frames

MAX_WINDOWS = 40  # ~1 min of speech at WINDOW_STEP; longer calls are sampled evenly
WINDOW_STEP = 80  # frames (0.8 s) between window starts
MIN_SPEECH_FRAMES = 150  # 1.5 s of speech: less, and there is too little to tell voices apart
ONE_VOICE_COSINE = 0.86  # groups less alike than this are two voices whatever the MFCC gain says
SAME_VOICE_COSINE = 0.96  # ... and below this, two voices when the MFCC gain is at least:
SECOND_VOICE_MIN_GAIN = 0.1  # nats/frame (one real voice: 0.03-0.04; two: 0.12-0.87)
THIRD_VOICE_MAX_COSINE = 0.75  # a third group must be this far from both others
MIN_VOICE_SHARE = 0.08
MIN_TRACK_SHARE = 0.18  # see embedding_track: a smaller second voice is suspect
LLR_SCALE = 20.0  # cosine difference -> log-likelihood ratio per frame (before tempering)
# CAM++ is asked for seeds only when the Resemblyzer- and the MFCC-seeded tracks give
# the same voice to less than this share of the speech frames. Measured (2026-12-06):
# the 12 synthetic bench calls 0.988-1.0 (the CAM++-seeded track agrees with them on
# 0.983-1.0), the real-voices calls where CAM++ seeds changed the result 0.58-0.92, the
# others 0.61-1.0 (wherever they reach 0.969 the CAM++ track is the Resemblyzer one).
SEEDS_AGREE = 0.97
KMEANS_ITERATIONS = 20


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def spherical_kmeans(points: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(labels, unit centroids) of unit vectors; deterministic farthest-point start."""
    sims = points @ points.T
    first = int(np.argmin(sims.sum(axis=1)))  # the most atypical window
    chosen = [first]
    for _ in range(1, k):
        nearest = np.max(sims[:, chosen], axis=1)
        chosen.append(int(np.argmin(nearest)))
    centroids = points[chosen].copy()
    labels = np.zeros(len(points), dtype=int)
    for _ in range(KMEANS_ITERATIONS):
        new = np.argmax(points @ centroids.T, axis=1)
        if _ > 0 and np.array_equal(new, labels):
            break
        labels = new
        for c in range(k):
            if np.any(labels == c):
                centroids[c] = _unit(points[labels == c].mean(axis=0))
    return labels, centroids


def _speech_windows(n_speech: int) -> np.ndarray:
    """Window starts over the speech-only frames: every WINDOW_STEP, at most MAX_WINDOWS
    (then evenly spread: the encoder's cost stays bounded however long the call)."""
    if n_speech <= PARTIAL_FRAMES:
        return np.zeros(1, dtype=int)
    starts = np.arange(0, n_speech - PARTIAL_FRAMES + 1, WINDOW_STEP)
    if starts[-1] + PARTIAL_FRAMES < n_speech:
        starts = np.r_[starts, n_speech - PARTIAL_FRAMES]
    if len(starts) > MAX_WINDOWS:
        starts = np.linspace(0, n_speech - PARTIAL_FRAMES, MAX_WINDOWS).round().astype(int)
    return starts


def count_voices_combined(embeddings: np.ndarray, mfcc: VoiceCount) -> tuple[int, list[float], str]:
    """(1, 2 or 3 voices, [k-means centroid cosine, closest pair of three], reason).

    Two voices by default. One only when both views agree there is one: the
    MFCC split gain (clustering.count_voices) under SECOND_VOICE_MIN_GAIN
    and the embedding groups alike (cosine >= ONE_VOICE_COSINE), or the gain
    under MIN_SECOND_VOICE_GAIN and the cosine >= SAME_VOICE_COSINE. Three
    when the MFCC count says so, or three embedding groups lie apart.
    """
    from models.diarization.clustering import MIN_SECOND_VOICE_GAIN

    _labels, centroids = spherical_kmeans(embeddings, 2)
    cosine = float(centroids[0] @ centroids[1])
    net = (mfcc.gains[1] - mfcc.penalty) if len(mfcc.gains) > 1 else 0.0
    cosines = [round(cosine, 4)]
    two = (
        net >= MIN_SECOND_VOICE_GAIN
        or cosine < ONE_VOICE_COSINE
        or (net >= SECOND_VOICE_MIN_GAIN and cosine < SAME_VOICE_COSINE)
    )
    if not two:
        return (
            1,
            cosines,
            (
                f"one voice: a second voice would explain {net:.2f} nats/frame and the speaker"
                f" embeddings of the two likeliest groups are alike (cosine {cosine:.2f})"
            ),
        )
    reason = f"two voices ({net:.2f} nats/frame apart, embedding cosine {cosine:.2f})"
    if mfcc.n_speakers >= 3:
        return 3, cosines, mfcc.reason
    if len(embeddings) >= 12:
        labels3, centroids3 = spherical_kmeans(embeddings, 3)
        sims = centroids3 @ centroids3.T
        share3 = np.bincount(labels3, minlength=3) / len(labels3)
        closest = max(float(sims[0, 1]), float(sims[0, 2]), float(sims[1, 2]))
        cosines.append(round(closest, 4))
        if closest < THIRD_VOICE_MAX_COSINE and share3.min() >= MIN_VOICE_SHARE:
            return (
                3,
                cosines,
                f"a third voice (every pair of three embedding groups below cosine {closest:.2f})",
            )
    return 2, cosines, reason


def _window_labels(frame_labels: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """Majority voice (0/1) of each window over the speech-only frame sequence."""
    ones = np.r_[0, np.cumsum(frame_labels == 1)]
    stops = np.minimum(starts + PARTIAL_FRAMES, n)
    return ((ones[stops] - ones[starts]) * 2 > (stops - starts)).astype(int)


def voice_distance(embeddings: np.ndarray, labels: np.ndarray) -> float:
    """Cosine between the two voices' mean embeddings (lower: further apart); 1.0 if one empty."""
    if labels.min() == labels.max():
        return 1.0
    a = _unit(embeddings[labels == 0].mean(axis=0))
    b = _unit(embeddings[labels == 1].mean(axis=0))
    return float(a @ b)


def seed_embeddings(
    samples: np.ndarray, frames: np.ndarray, starts: np.ndarray, resemblyzer: np.ndarray
) -> tuple[np.ndarray, str]:
    """(window embeddings that seed the two-voice track, encoder name).

    CAM++ (campp_encoder.py) when `make setup` exported it, else Resemblyzer's
    (embedding_track asks only when the Resemblyzer and MFCC seeds disagree).
    The voice count stays on Resemblyzer (its thresholds above were measured
    with it; CAM++'s one- and two-speaker cosines overlap). CAM++ seeds gave
    mean DER 0.110 -> 0.091 (AMI-based, 16 kHz) and 0.173 -> 0.133 (8 kHz),
    the non-AMI calls unchanged (0.055 / 0.095): README, round 2."""
    from models.diarization import campp_encoder

    if not campp_encoder.available():
        return resemblyzer, "resemblyzer"
    feats = campp_encoder.fbank_frames(samples)
    usable = frames[frames < len(feats)]
    if len(usable) < len(frames):  # never: both encoders frame the call alike
        return resemblyzer, "resemblyzer"
    return campp_encoder.embed_windows(feats[usable], starts, PARTIAL_FRAMES), "cam++"


def _seeded_track(
    features: FrameFeatures, frames: np.ndarray, starts: np.ndarray, embeddings: np.ndarray
) -> SpeakerTrack | None:
    """The GMM-HMM track seeded by a k = 2 split of the window embeddings; None when the
    split leaves one voice under 50 frames."""
    _labels, centroids = spherical_kmeans(embeddings, 2)
    # per speech frame: mean cosine difference over the windows covering it
    diff = embeddings @ centroids[1] - embeddings @ centroids[0]
    total = np.zeros(len(frames) + 1)
    hits = np.zeros(len(frames) + 1)
    for start, value in zip(starts.tolist(), diff.tolist(), strict=True):
        stop = min(start + PARTIAL_FRAMES, len(frames))
        total[start] += value
        total[stop] -= value
        hits[start] += 1
        hits[stop] -= 1
    score = np.cumsum(total)[:-1] / np.maximum(np.cumsum(hits)[:-1], 1)
    path, _posterior = viterbi_and_posterior(score * LLR_SCALE, _switch_logp(frames))
    if min(np.sum(path == 0), np.sum(path == 1)) < 50:
        return None
    seeded = VoiceCount(2, [], 0.0, {2: path}, [(int(f), int(f) + 1) for f in frames])
    return resegment(features, seeded)


def track_agreement(a: SpeakerTrack, b: SpeakerTrack) -> float:
    """Share of speech frames the two tracks give the same voice, whichever is called 0."""
    same = float(np.mean(a.labels == b.labels))
    return max(same, 1.0 - same)


def embedding_track(
    samples: np.ndarray, features: FrameFeatures, mfcc: VoiceCount
) -> tuple[VoiceCount, SpeakerTrack | None]:
    """The voice count and the two-voice frame track of one mono channel.

    `mfcc`: the issue-6 window clustering (clustering.count_voices). Two
    tracks are resegmented, one seeded by the embeddings and one by the MFCC
    split, and one is kept (see below); the embeddings are CAM++'s only when
    the Resemblyzer-seeded track and the MFCC one disagree (SEEDS_AGREE).
    The returned VoiceCount's `gains` are the MFCC split gains and `penalty`
    its BIC penalty, as before; `embedding` numbers are in its reason.
    """
    frames = np.nonzero(features.speech)[0]
    if frames.size < MIN_SPEECH_FRAMES or len(mfcc.gains) < 2:
        return VoiceCount(
            1, mfcc.gains, mfcc.penalty, {}, [], "too little speech to tell voices apart"
        ), None
    mels = mel_frames(samples)
    frames = frames[frames < len(mels)]
    starts = _speech_windows(len(frames))
    embeddings = embed_windows(mels[frames], starts)
    n, _cosines, reason = count_voices_combined(embeddings, mfcc)
    count = VoiceCount(n, mfcc.gains, mfcc.penalty, {}, [], reason)
    if n != 2:
        return count, None
    seeded = _seeded_track(features, frames, starts, embeddings)
    mfcc_track = resegment(features, mfcc) if 2 in mfcc.labels else None
    agreement = (
        track_agreement(seeded, mfcc_track)
        if seeded is not None and mfcc_track is not None
        else 0.0
    )
    encoder = "resemblyzer"
    if agreement < SEEDS_AGREE:
        second, encoder = seed_embeddings(samples, frames, starts, embeddings)
        if encoder != "resemblyzer":
            embeddings = second
            seeded = _seeded_track(features, frames, starts, embeddings)
    candidates = [t for t in (seeded, mfcc_track) if t is not None]
    if not candidates:
        return VoiceCount(
            1, mfcc.gains, mfcc.penalty, {}, [], "one voice holds nearly all speech"
        ), None
    spread = []
    for track in candidates:
        labels_at = np.zeros(features.n_frames, dtype=int)
        labels_at[track.frames] = track.labels
        spread.append(
            voice_distance(embeddings, _window_labels(labels_at[frames], starts, len(frames)))
        )
    # A track whose smaller voice holds under MIN_TRACK_SHARE of the speech has
    # usually split off noise, laughter or overlap rather than a person; among the
    # others the one whose two voice models (GMM-HMM on telephone-band MFCC + F0,
    # the same at 16 and 8 kHz) tell the frames apart best wins. (Round 1 picked the
    # voices furthest apart in embedding space, but the encoder, trained at 16 kHz,
    # is what degrades at 8 kHz and hardly separates the AMI pair: see README.)
    shares = [min(float(t.labels.mean()), 1.0 - float(t.labels.mean())) for t in candidates]
    fair = [i for i, share in enumerate(shares) if share >= MIN_TRACK_SHARE]
    by_separation = max(fair, key=lambda i: candidates[i].separation) if fair else None
    best = int(np.argmax(shares)) if by_separation is None else by_separation
    seeds = (f"{encoder} embedding", "mfcc")[best] if len(candidates) == 2 else "only"
    reason += (
        f"; track from the {seeds} seeds (separation {candidates[best].separation:.2f} nats,"
        f" voice cosine {spread[best]:.2f},"
        f" smaller voice {shares[best]:.0%})"
    )
    if agreement >= SEEDS_AGREE:
        reason += f"; CAM++ not asked (Resemblyzer and MFCC seeds agree on {agreement:.1%})"
    return VoiceCount(2, mfcc.gains, mfcc.penalty, {}, [], reason), candidates[best]
