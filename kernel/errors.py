"""Errors every layer may raise and the shells (CLI, app) turn into one line."""

from __future__ import annotations


class CallscopeInputError(Exception):
    """Bad input from the user: a file, a model name, a line. Names the culprit."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
