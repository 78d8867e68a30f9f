"""One sentence template: its label, its surface patterns and the contexts it may follow."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """Patterns share one label and one kind of context.

    Patterns are str.format strings over the slots in `slots.fill_slots`; `contexts`
    lists context kinds (see contexts.py), repeated to weight them. A `heldout`
    template only ever lands in the test split, so the test also measures new phrasings.
    """

    name: str
    label: str
    patterns: tuple[str, ...]
    contexts: tuple[str, ...]
    heldout: bool = False
