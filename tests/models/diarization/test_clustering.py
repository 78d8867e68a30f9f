"""The numpy building blocks of the voice count and resegmentation against plain references."""

from __future__ import annotations

import numpy as np
import pytest

from models.diarization.clustering import (
    TEMPERATURE,
    _switch_logp,
    cut_tree,
    fit_diagonal_gmm,
    viterbi_and_posterior,
    ward_tree,
)
from models.diarization.features import SINGLE_THREAD_MACS, matmul


def test_ward_tree_matches_scipy() -> None:
    from scipy.cluster.hierarchy import fcluster, ward

    rng = np.random.default_rng(0)
    for _ in range(40):
        n, dims = int(rng.integers(2, 60)), int(rng.integers(1, 8))
        points = rng.standard_normal((n, dims)) + 4 * rng.integers(0, 3, n)[:, None]
        reference = ward(points)
        tree = ward_tree(points)
        assert np.allclose([height for height, _, _ in tree], reference[:, 2])
        for k in range(1, min(n, 4) + 1):
            ours, theirs = cut_tree(tree, n, k), fcluster(reference, k, "maxclust")
            assert len(set(ours)) == k
            # Same partition: the two labellings map one-to-one.
            assert len(set(zip(ours.tolist(), theirs.tolist(), strict=True))) == k


def _reference_hmm(llr: np.ndarray, switch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The frame-by-frame loops the scan replaced."""
    n = len(llr)
    emit = np.stack([-0.5 * llr, 0.5 * llr], axis=1) / TEMPERATURE
    stay = np.log1p(-np.exp(switch))
    score = emit[0].copy()
    back = np.zeros((n, 2), dtype=np.int8)
    for t in range(1, n):
        from_same, from_other = score + stay[t], score[::-1] + switch[t]
        back[t] = from_other > from_same
        score = np.maximum(from_same, from_other) + emit[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for t in range(n - 1, 0, -1):
        path[t - 1] = path[t] if back[t, path[t]] == 0 else 1 - path[t]
    alpha = np.zeros((n, 2))
    alpha[0] = emit[0] - np.log(2.0)
    for t in range(1, n):
        alpha[t] = np.logaddexp(alpha[t - 1] + stay[t], alpha[t - 1][::-1] + switch[t]) + emit[t]
    beta = np.zeros((n, 2))
    for t in range(n - 2, -1, -1):
        nxt = beta[t + 1] + emit[t + 1]
        beta[t] = np.logaddexp(nxt + stay[t + 1], nxt[::-1] + switch[t + 1])
    joint = alpha + beta
    return path, np.exp(joint[:, 1] - np.logaddexp(joint[:, 0], joint[:, 1]))


@pytest.mark.parametrize("n", [1, 2, 17, 300, 2500])
def test_hmm_scan_matches_the_frame_loop(n: int) -> None:
    rng = np.random.default_rng(n)
    truth = np.repeat(rng.choice([-1.0, 1.0], n // 40 + 1), 40)[:n]
    llr = truth * rng.gamma(2.0, 5.0, n) + rng.normal(0.0, 8.0, n)
    frames = np.cumsum(rng.choice([1] * 8 + [20], n))
    switch = _switch_logp(frames)
    path, posterior = viterbi_and_posterior(llr, switch)
    ref_path, ref_posterior = _reference_hmm(llr, switch)
    assert np.array_equal(path, ref_path)
    assert np.allclose(posterior, ref_posterior, atol=1e-9)


def test_gmm_finds_separated_components() -> None:
    rng = np.random.default_rng(3)
    centres = np.array([[-6.0] * 4, [0.0] * 4, [6.0] * 4])
    points = np.concatenate([c + rng.standard_normal((400, 4)) for c in centres])
    model = fit_diagonal_gmm(points, 3, seed=0)
    found = model.means[np.argsort(model.means[:, 0])]
    assert np.allclose(found, centres, atol=0.25)
    assert np.allclose(np.sort(model.weights), 1 / 3, atol=0.02)
    assert np.allclose(model.variances, 1.0, atol=0.3)  # sample variances of 400 draws
    # Log-density integrates like a density: the mean log-likelihood is sane.
    assert -10 < float(np.mean(model.score_samples(points))) < -5
    # Started from its own answer, EM stays there.
    again = fit_diagonal_gmm(points, 3, seed=1, init=model)
    assert np.allclose(again.means, model.means, atol=1e-2)


@pytest.mark.parametrize(
    "left,right", [((6000, 257), (257, 32)), ((8, 5000), (5000, 16)), ((3, 4), (4, 2))]
)
def test_chunked_matmul_is_matmul(left: tuple[int, int], right: tuple[int, int]) -> None:
    rng = np.random.default_rng(0)
    a, b = rng.random(left), rng.random(right)
    assert left[0] * left[1] * right[1] > SINGLE_THREAD_MACS or left == (3, 4)
    assert np.allclose(matmul(a, b), a @ b)
