"""The desktop app (PySide6): the only package that imports Qt.

`application.py` wires everything; screens live in their own modules. Heavy
work (Whisper, the classifier) never runs here: imports go through the
pipeline worker process, database jobs through the one-thread job runner.
"""
