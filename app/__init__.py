"""Callscope."""

from app.offline import apply_offline_defaults

apply_offline_defaults()  # before onnxruntime or transformers can be imported
