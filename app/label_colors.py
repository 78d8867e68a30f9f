"""One colour per sentence label and per pattern, shared by the screens and exported pages.

Plain hex strings (no Qt), for a light and a dark background. Impact questions,
the habit the tool exists to grow, get a filled chip so they stand out; the
everyday `statement` stays quiet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelColor:
    """Chip colours of one label: text and fill on a light and on a dark background."""

    light_text: str
    light_fill: str
    dark_text: str
    dark_fill: str
    strong: bool = False  # filled chip, bold text

    def text(self, dark: bool) -> str:
        return self.dark_text if dark else self.light_text

    def fill(self, dark: bool) -> str:
        return self.dark_fill if dark else self.light_fill


LABEL_COLORS: dict[str, LabelColor] = {
    "impact_question": LabelColor("#ffffff", "#1a7f37", "#0e1116", "#6fdd8b", strong=True),
    "problem_question": LabelColor("#174a8c", "#dbe7f8", "#a9c8f5", "#22344f"),
    "resolution_check": LabelColor("#0b5e69", "#d5f0f2", "#8fdbe4", "#1c3d42"),
    "closing": LabelColor("#5b2d86", "#ece1f7", "#d2b4f2", "#3a2a4d"),
    "other_question": LabelColor("#3d4650", "#e6e9ed", "#c5ccd5", "#363c45"),
    "resolution_offer": LabelColor("#8a4300", "#fde8d2", "#ffc58a", "#4a3320"),
    "rush_cue": LabelColor("#ffffff", "#b42318", "#1a0f0e", "#ff8a80", strong=True),
    "statement": LabelColor("#5c6570", "#f1f2f4", "#a1a8b3", "#2f333a"),
}

# A short reader's name per label, for chips and legends.
LABEL_TITLES: dict[str, str] = {
    "impact_question": "Impact question",
    "problem_question": "Problem question",
    "resolution_check": "Resolution check",
    "closing": "Closing",
    "other_question": "Other question",
    "resolution_offer": "Resolution offer",
    "rush_cue": "Rush cue",
    "statement": "Statement",
}

# Colour of the marks a pattern's evidence leaves on the timeline.
PATTERN_COLOR_LIGHT = "#b42318"
PATTERN_COLOR_DARK = "#ff8a80"


def label_color(label: str | None) -> LabelColor:
    return LABEL_COLORS.get(label or "", LABEL_COLORS["statement"])


def label_title(label: str | None) -> str:
    if not label:
        return ""
    return LABEL_TITLES.get(label, label.replace("_", " ").capitalize())
