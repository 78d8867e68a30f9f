"""Audio in: decoding files to 16 kHz channels (decode.py) and finding speech (vad.py)."""
