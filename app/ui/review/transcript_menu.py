"""The transcript's context menu: correct the label, go back to the model's, play, clip,
swap the speakers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from app.label_colors import label_title
from app.ui.review.review_data import SentenceRow
from kernel.domain import LABELS


def build_transcript_menu(
    parent: QWidget,
    row: SentenceRow | None,
    *,
    correct: Callable[[int, str], None],
    reset: Callable[[int], None],
    play: Callable[[], None] | None,
    save_clip: Callable[[], object] | None,
    swap_speakers: Callable[[], None] | None = None,
) -> QMenu:
    """A menu for `row` (None: empty space); actions left out when their callable is None."""
    menu = QMenu(parent)
    if row is not None and row.is_agent:
        labels = menu.addMenu("Correct label")
        for label in LABELS:
            action = labels.addAction(label_title(label))
            action.setCheckable(True)
            action.setChecked(label == row.label)
            action.triggered.connect(
                lambda _checked=False, s=row.sentence.id, lab=label: correct(s, lab)
            )
        if row.corrected:
            back = menu.addAction(f"Use model's label ({label_title(row.model_label)})")
            back.triggered.connect(lambda _checked=False, s=row.sentence.id: reset(s))
    if row is not None:
        action = menu.addAction("Play from here")
        action.setEnabled(play is not None)
        if play is not None:
            action.triggered.connect(lambda _checked=False: play())
    clip = menu.addAction("Save clip from selection…")
    clip.setEnabled(save_clip is not None)
    if save_clip is not None:
        clip.triggered.connect(lambda _checked=False: save_clip())
    if swap_speakers is not None:
        menu.addSeparator()
        swap = menu.addAction("Swap agent and customer…")
        swap.setToolTip("The roles were mixed up: exchange them and analyse the call again")
        swap.triggered.connect(lambda _checked=False: swap_speakers())
    return menu
