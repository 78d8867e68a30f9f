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

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from models.diarization.features import FrameFeatures, matmul

WINDOW_FRAMES = 100  # ~1 s clustering windows
MIN_WINDOW_FRAMES = 30  # shorter speech runs are left to the resegmentation
MAX_SPEAKERS = 3
MIN_SECOND_VOICE_GAIN = 0.3  # nats/frame after the BIC penalty (measured: 1 voice <= 0.19)
MIN_THIRD_VOICE_GAIN = 0.3  # the same for a third group (measured: 2 voices <= 0.21, 3 >= 0.34)
SPLIT_RATIO = 2.0  # a third voice's gain must beat a fourth group's by this factor
MIN_VOICE_SHARE = 0.08  # a voice must hold this share of the speech windows
MIN_WINDOWS = 6  # fewer windows: too little speech to tell voices apart
GMM_COMPONENTS = 8
GMM_REG_COVAR = 1e-3  # added to every variance
GMM_TOL = 1e-3  # EM stops when the mean log-likelihood moves less than this
GMM_MAX_ITER = 100
GMM_FIT_STEP = 2  # fit on every other frame: 10 ms frames are near copies of their neighbours
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


def ward_tree(points: np.ndarray) -> list[tuple[float, int, int]]:
    """Ward agglomeration of the rows of `points`: merges (height, cluster a, cluster b).

    Cluster ids follow scipy's convention (0..n-1 the rows, n + m the m-th
    merge); merges are in height order. Nearest-neighbour chain: exact for
    Ward (a reducible linkage), O(n^2) vectorised work, no sklearn/scipy import.
    """
    n = len(points)
    centroid = np.asarray(points, dtype=np.float64).copy()
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    ident = np.arange(n)  # cluster id held by each slot
    raw: list[tuple[float, int, int, int]] = []  # (height, id a, id b, new id)
    chain: list[int] = []
    for merge in range(n - 1):
        while True:
            if not chain:
                chain.append(int(np.flatnonzero(alive)[0]))
            x = chain[-1]
            cost = size[x] * size / (size[x] + size) * np.sum((centroid - centroid[x]) ** 2, axis=1)
            cost[~alive] = np.inf
            cost[x] = np.inf
            y = int(np.argmin(cost))
            if len(chain) > 1 and cost[chain[-2]] <= cost[y]:
                y = chain[-2]  # ties go back down the chain, so it always ends in a merge
                break
            chain.append(y)
        chain.pop()
        chain.pop()
        height = float(np.sqrt(2.0 * cost[y]))
        total = size[x] + size[y]
        centroid[y] = (size[x] * centroid[x] + size[y] * centroid[y]) / total
        size[y] = total
        alive[x] = False
        raw.append((height, int(ident[x]), int(ident[y]), n + merge))
        ident[y] = n + merge
    # Renumber in height order (children before parents on ties), as scipy does.
    order = sorted(range(len(raw)), key=lambda i: (raw[i][0], i))
    new_id = {raw[i][3]: n + rank for rank, i in enumerate(order)}
    return [
        (raw[i][0], new_id.get(raw[i][1], raw[i][1]), new_id.get(raw[i][2], raw[i][2]))
        for i in order
    ]


def cut_tree(tree: list[tuple[float, int, int]], n: int, k: int) -> np.ndarray:
    """Labels 0..k-1 of the n rows when the Ward tree is cut into k groups."""
    parent = list(range(2 * n - 1))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for m, (_, a, b) in enumerate(tree[: max(0, n - k)]):
        parent[root(a)] = n + m
        parent[root(b)] = n + m
    roots = [root(i) for i in range(n)]
    numbers: dict[int, int] = {}
    return np.array([numbers.setdefault(r, len(numbers)) for r in roots], dtype=int)


def _log_det(points: np.ndarray) -> float:
    centred = points - points.mean(axis=0)
    # np.cov(points.T), without a multi-threaded BLAS call (see features.matmul)
    cov = matmul(centred.T, centred) / (len(points) - 1) + 1e-4 * np.eye(points.shape[1])
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
    tree = ward_tree(embeddings)
    for k in range(2, MAX_SPEAKERS + 2):
        if k > len(windows):
            break
        labels[k] = cut_tree(tree, len(windows), k)
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


@dataclass
class DiagonalGMM:
    """A Gaussian mixture with diagonal covariances (what sklearn's 'diag' fits, in numpy)."""

    weights: np.ndarray  # (K,)
    means: np.ndarray  # (K, D)
    variances: np.ndarray  # (K, D)

    def component_log_prob(self, x: np.ndarray, squares: np.ndarray | None = None) -> np.ndarray:
        """(N, K): log weight_k + log N(x | mean_k, diag variance_k); `squares` is x**2."""
        precision = 1.0 / self.variances
        quadratic = (
            matmul(x**2 if squares is None else squares, precision.T)
            - 2.0 * matmul(x, (self.means * precision).T)
            + np.sum(self.means**2 * precision, axis=1)
        )
        log_norm = -0.5 * (x.shape[1] * np.log(2 * np.pi) + np.sum(np.log(self.variances), axis=1))
        return np.log(self.weights) + log_norm - 0.5 * quadratic

    def score_samples(self, x: np.ndarray) -> np.ndarray:
        """(N,) log p(x) per row."""
        return _logsumexp_rows(self.component_log_prob(np.asarray(x, dtype=np.float64)))


def _logsumexp_rows(values: np.ndarray) -> np.ndarray:
    top = values.max(axis=1)
    return top + np.log(np.sum(np.exp(values - top[:, None]), axis=1))


def _kmeans_plusplus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeds with greedy local trials (Arthur & Vassilvitskii; sklearn's variant)."""
    trials = 2 + int(np.log(k))
    centers = [x[int(rng.integers(len(x)))]]
    closest = np.sum((x - centers[0]) ** 2, axis=1)
    for _ in range(1, k):
        total = closest.sum()
        if total <= 0:
            centers.append(x[int(rng.integers(len(x)))])
            continue
        picks = np.searchsorted(np.cumsum(closest), rng.random(trials) * total)
        picks = np.minimum(picks, len(x) - 1)
        candidates = x[picks]
        squared = (
            np.sum(x**2, axis=1)[None, :]
            - 2.0 * matmul(candidates, x.T)
            + np.sum(candidates**2, axis=1)[:, None]
        )
        distances = np.minimum(closest, np.maximum(squared, 0.0))
        best = int(np.argmin(distances.sum(axis=1)))
        centers.append(x[picks[best]])
        closest = distances[best]
    return np.asarray(centers)


def _m_step(x: np.ndarray, squares: np.ndarray, resp: np.ndarray) -> DiagonalGMM:
    counts = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = matmul(resp.T, x) / counts[:, None]
    variances = matmul(resp.T, squares) / counts[:, None] - means**2 + GMM_REG_COVAR
    return DiagonalGMM(counts / len(x), means, np.maximum(variances, GMM_REG_COVAR))


def fit_diagonal_gmm(
    x: np.ndarray, components: int, seed: int, init: DiagonalGMM | None = None
) -> DiagonalGMM:
    """EM for a diagonal GMM, as sklearn's GaussianMixture does it.

    Starts from `init` when given (the previous resegmentation pass's model,
    so EM needs a few steps instead of tens), else from k-means++ seeds with a
    hard first assignment. Stops when the mean log-likelihood moves < GMM_TOL.
    """
    x = np.asarray(x, dtype=np.float64)
    squares = x**2
    if init is not None and len(init.weights) <= len(x):
        model = init
    else:
        components = max(1, min(components, len(x)))
        seeds = _kmeans_plusplus(x, components, np.random.default_rng(seed))
        nearest = np.argmin(-2.0 * matmul(x, seeds.T) + np.sum(seeds**2, axis=1), axis=1)
        model = _m_step(x, squares, np.eye(components)[nearest])
    bound = -np.inf
    for _ in range(GMM_MAX_ITER):
        log_prob = model.component_log_prob(x, squares)
        norm = _logsumexp_rows(log_prob)
        new_bound = float(np.mean(norm))
        model = _m_step(x, squares, np.exp(log_prob - norm[:, None]))
        if abs(new_bound - bound) < GMM_TOL:
            break
        bound = new_bound
    return model


def _fit_voice(mfcc: np.ndarray, seed: int, init: DiagonalGMM | None) -> DiagonalGMM:
    """One voice's GMM, fitted on every GMM_FIT_STEP-th of its frames."""
    components = int(min(GMM_COMPONENTS, max(1, len(mfcc) // 50)))
    return fit_diagonal_gmm(mfcc[::GMM_FIT_STEP], components, seed, init)


def _frame_llr(
    features: FrameFeatures,
    frames: np.ndarray,
    labels: np.ndarray,
    previous: list[DiagonalGMM] | None = None,
) -> tuple[np.ndarray, list[DiagonalGMM]]:
    """(log p(x|voice 1) - log p(x|voice 0) per speech frame, MFCC GMM plus pitch; the GMMs)."""
    mfcc = features.mfcc[frames].astype(np.float64)
    squares = mfcc**2
    log_f0 = features.log_f0[frames]
    voiced = ~np.isnan(log_f0)
    scores = []
    models = []
    for voice in (0, 1):
        mine = labels == voice
        model = _fit_voice(mfcc[mine], voice, previous[voice] if previous else None)
        models.append(model)
        score = _logsumexp_rows(model.component_log_prob(mfcc, squares))
        pitch = log_f0[mine & voiced]
        if pitch.size >= 20:
            mean, std = float(np.mean(pitch)), max(float(np.std(pitch)), 0.03)
            z = (log_f0[voiced] - mean) / std
            score[voiced] += -0.5 * z**2 - np.log(std)
        scores.append(score)
    return np.asarray(scores[1] - scores[0]), models


def _switch_logp(frames: np.ndarray) -> np.ndarray:
    gaps = np.diff(frames, prepend=frames[0])
    return np.where(gaps >= PAUSE_FRAMES, SWITCH_LOGP_PAUSE, SWITCH_LOGP_SPEECH)


def _scan(steps: np.ndarray, combine: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """Inclusive prefix 'products' steps[0] * ... * steps[t] of (n, 2, 2) matrices.

    `combine(a, b)` is the associative product a * b (it must broadcast). The
    frames are cut into ~sqrt(n) blocks: a loop over the positions inside a
    block runs all blocks at once, the block totals are scanned by doubling,
    and each block then takes its predecessors' total. O(n) work in about
    2 sqrt(n) vectorised steps instead of a Python loop over every frame.
    """
    n = len(steps)
    width = max(16, int(np.sqrt(n)))
    blocks = -(-n // width)
    padded = np.empty((blocks * width, 2, 2))
    padded[:n] = steps
    padded[n:] = [[0.0, -np.inf], [-np.inf, 0.0]]  # the identity in both semirings
    out = padded.reshape(blocks, width, 2, 2)
    for j in range(1, width):
        out[:, j] = combine(out[:, j - 1], out[:, j])
    totals = out[:, -1].copy()
    shift = 1
    while shift < blocks:
        totals[shift:] = combine(totals[:-shift], totals[shift:])
        shift *= 2
    if blocks > 1:
        out[1:] = combine(totals[:-1, None], out[1:])
    return out.reshape(-1, 2, 2)[:n]


def _log_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched 2x2 matrix product in the log semiring (logsumexp of sums)."""
    return np.logaddexp(
        a[..., :, 0, None] + b[..., None, 0, :], a[..., :, 1, None] + b[..., None, 1, :]
    )


def _max_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched 2x2 matrix product in the max-plus semiring."""
    return np.maximum(
        a[..., :, 0, None] + b[..., None, 0, :], a[..., :, 1, None] + b[..., None, 1, :]
    )


def viterbi_and_posterior(llr: np.ndarray, switch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-state HMM on tempered frame log-likelihood ratios: (path, P(state 1)).

    Step t's matrix is M_t[i, j] = log P(j | i at t) + emission_t(j). The
    forward scores are prefix products of the M_t (log semiring for
    forward-backward, max-plus for Viterbi) and the backward scores suffix
    products, all computed by a parallel scan; only the Viterbi backtrace is a
    loop, over plain ints.
    """
    n = len(llr)
    emit = np.stack([-0.5 * llr, 0.5 * llr], axis=1) / TEMPERATURE
    path = np.zeros(n, dtype=int)
    if n == 0:
        return path, np.zeros(0)
    stay = np.log1p(-np.exp(switch))
    steps = np.empty((n, 2, 2))
    steps[:, 0, 0] = steps[:, 1, 1] = stay
    steps[:, 0, 1] = steps[:, 1, 0] = switch
    steps += emit[:, None, :]  # M_t[i, j] = transition(i -> j at t) + emission_t(j)
    start = emit[0] - np.log(2.0)
    # Viterbi: best score of each state at t, then the backtrace.
    best = np.empty((n, 2))
    best[0] = start
    if n > 1:
        prefix = _scan(steps[1:], _max_matmul)
        best[1:] = np.max(start[:, None] + prefix, axis=1)
    from_other = best[:-1, ::-1] + switch[1:, None]
    from_same = best[:-1] + stay[1:, None]
    switched = from_other > from_same  # [t-1, j]: state j at t came from the other state
    back = (switched[:, 0].tolist(), switched[:, 1].tolist())
    state = int(np.argmax(best[-1]))
    states = [state] * n
    for t in range(n - 1, 0, -1):
        if back[state][t - 1]:
            state = 1 - state
        states[t - 1] = state
    path[:] = states
    # Forward-backward.
    alpha = np.empty((n, 2))
    alpha[0] = start
    beta = np.zeros((n, 2))
    if n > 1:
        prefix = _scan(steps[1:], _log_matmul)
        alpha[1:] = np.logaddexp(start[0] + prefix[:, 0, :], start[1] + prefix[:, 1, :])
        # beta_t = M_{t+1} ... M_{n-1} applied to zeros: suffix products, scanned backwards.
        suffix = _scan(steps[1:][::-1], lambda a, b: _log_matmul(b, a))[::-1]
        beta[:-1] = np.logaddexp(suffix[:, :, 0], suffix[:, :, 1])
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
    models: list[DiagonalGMM] | None = None
    for _ in range(RESEGMENT_ITERATIONS):
        if min(np.sum(frame_labels == 0), np.sum(frame_labels == 1)) < 50:
            break
        llr, models = _frame_llr(features, frames, frame_labels, models)
        frame_labels, posterior = viterbi_and_posterior(llr, switch)
    voiced = ~np.isnan(features.log_f0[frames])
    separation = float(np.mean(np.abs(llr[voiced]))) if voiced.any() else 0.0
    return SpeakerTrack(frames, frame_labels, posterior, llr, separation)
