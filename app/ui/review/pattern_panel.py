"""The rushed-resolution patterns of one call: what holds, why, and the evidence to jump to.

Every pattern P1-P6 gets a card. A detected one shows its detail line and
links to its evidence sentences (`evidence_clicked(sentence_id)`); the
supervisor can mark it wrong. An undetected one can be marked missing. The
marks are the supervisor's and are kept apart from the model's output.
Colours (links included) come from the current theme and are redrawn when
the theme changes, so a link stays readable in both palettes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.review.review_data import (
    PATTERN_MISSING,
    PATTERN_TITLES,
    PATTERN_WRONG,
    holds_after_mark,
    patterns_after_marks,
)
from app.ui.style.theme import Theme
from app.ui.widgets.timeline_widget import clock
from kernel.domain import PATTERN_NAMES, RUSH_DECIDING_PATTERNS, PatternHit, Sentence
from models.analysis.certainty import NEEDS_A_LOOK, RUSHED, SURE_CONFIDENCE, verdict

PATTERN_HINTS: dict[str, str] = {
    "P1": "A fix was offered before any impact question.",
    "P2": "The call closed without checking that the fix worked.",
    "P3": "The agent closed while the customer still had a question or concern.",
    "P4": "The agent signalled hurry or cut the customer short.",
    "P5": "The agent started speaking over the customer at least twice.",
    "P6": "A fix within 30 s of hearing the problem, with under two questions.",
}
QUOTE_LIMIT = 48
_THEME_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


class PatternCard(QFrame):
    """One pattern: title, state, detail, evidence links and the supervisor's mark."""

    mark_toggled = Signal(str, bool)  # pattern id, marked
    confirm_toggled = Signal(str, bool)  # pattern id, confirmed (found but unsure)
    evidence_clicked = Signal(int)

    def __init__(self, pattern_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pattern_id = pattern_id
        self.setObjectName("patternCard")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.mark_button = QPushButton()
        self.mark_button.setCheckable(True)
        self.mark_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.mark_button.setStyleSheet("padding: 2px 8px; min-height: 16px;")
        # Shown on a deciding pattern the model found but is unsure of: the
        # supervisor's "yes, it holds" makes it sure (the call "rushed").
        self.confirm_button = QPushButton()
        self.confirm_button.setCheckable(True)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.confirm_button.setStyleSheet("padding: 2px 8px; min-height: 16px;")
        self.confirm_button.setToolTip("Confirm: the pattern holds (the call is rushed)")
        self.confirm_button.hide()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("muted", True)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.evidence.linkActivated.connect(self.on_evidence_link_activated)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.mark_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        layout.addWidget(self.evidence)
        self.mark_button.toggled.connect(self.on_mark_button_toggled)
        self.confirm_button.toggled.connect(self.on_confirm_button_toggled)
        self._updating = False
        self._shown: tuple[PatternHit | None, str | None, dict[int, Sentence]] | None = None
        self._theme = Theme.current()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a theme switch
        super().changeEvent(event)
        if (
            event.type() in _THEME_EVENTS
            and self._shown is not None
            and self._theme is not Theme.current()  # polish() below sends these too
        ):
            self.show_state(*self._shown)

    def show_state(
        self, hit: PatternHit | None, mark: str | None, sentences: dict[int, Sentence]
    ) -> None:
        self._shown = (hit, mark, sentences)
        theme = self._theme = Theme.current()
        detected = hit is not None
        holds = holds_after_mark(detected, mark)
        colour = theme.rushed if holds else theme.muted_text
        state = "found" if detected else "not found"
        if hit is not None and self.pattern_id in RUSH_DECIDING_PATTERNS and hit.confidence < 1.0:
            state = f"found, {hit.confidence * 100:.0f}% sure"
        unsure = (
            hit is not None
            and self.pattern_id in RUSH_DECIDING_PATTERNS
            and hit.confidence < SURE_CONFIDENCE
        )
        if mark == PATTERN_WRONG:
            state = "found by the model, marked wrong"
        elif mark == PATTERN_MISSING:
            state = (
                "found by the model, confirmed"
                if detected
                else "not found by the model, marked missing"
            )
        self.title.setText(
            f'<span style="color:{colour}"><b>{self.pattern_id} '
            f"{escape(PATTERN_TITLES[self.pattern_id])}</b></span> "
            f'<span style="color:{theme.muted_text}">— {state}</span>'
        )
        deciding = (
            "Decides whether the call is rushed."
            if self.pattern_id in RUSH_DECIDING_PATTERNS
            else "Evidence only: does not make a call rushed on its own."
        )
        self.title.setToolTip(f"{PATTERN_HINTS[self.pattern_id]}\n{deciding}")
        self.detail.setText(hit.detail if hit and hit.detail else "")
        self.detail.setVisible(bool(hit and hit.detail))
        links = []
        for sentence_id in hit.evidence if hit else []:
            sentence = sentences.get(sentence_id)
            if sentence is None:
                continue
            links.append(
                f'<a href="{sentence_id}" style="color:{theme.accent}">{clock(sentence.start)}</a>'
                f" {escape(_quote(sentence.text))}"
            )
        self.evidence.setText("<br>".join(links))
        self.evidence.setVisible(bool(links))
        self._updating = True
        marked = mark == (PATTERN_WRONG if detected else PATTERN_MISSING)
        self.mark_button.setText(
            ("Wrong ✓" if marked else "Wrong?")
            if detected
            else ("Missing ✓" if marked else "Missing?")
        )
        self.mark_button.setToolTip(
            "Mark this pattern as wrongly detected" if detected else "Mark this pattern as missed"
        )
        self.mark_button.setChecked(marked)
        confirmed = detected and mark == PATTERN_MISSING
        self.confirm_button.setVisible(unsure or confirmed)
        self.confirm_button.setText("Holds ✓" if confirmed else "Holds?")
        self.confirm_button.setChecked(confirmed)
        self._updating = False
        self.setProperty("holds", holds)
        self.style().unpolish(self)
        self.style().polish(self)

    def on_mark_button_toggled(self, checked: bool) -> None:
        if not self._updating:
            self.mark_toggled.emit(self.pattern_id, checked)

    def on_confirm_button_toggled(self, checked: bool) -> None:
        if not self._updating:
            self.confirm_toggled.emit(self.pattern_id, checked)

    def on_evidence_link_activated(self, link: str) -> None:
        self.evidence_clicked.emit(int(link))


class PatternPanel(QWidget):
    """All six pattern cards and the call's verdict line."""

    mark_toggled = Signal(str, bool)
    confirm_toggled = Signal(str, bool)
    evidence_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setWordWrap(True)
        self.cards: dict[str, PatternCard] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.verdict)
        for pattern_id in PATTERN_NAMES:
            card = PatternCard(pattern_id)
            card.mark_toggled.connect(self.mark_toggled)
            card.confirm_toggled.connect(self.confirm_toggled)
            card.evidence_clicked.connect(self.evidence_clicked)
            self.cards[pattern_id] = card
            layout.addWidget(card)
        self._verdict_args: tuple[list[str], bool, str, dict[str, float]] | None = None
        self._theme = Theme.current()

    def changeEvent(self, event: QEvent) -> None:  # Qt override: a theme switch
        super().changeEvent(event)
        if (
            event.type() in _THEME_EVENTS
            and self._verdict_args is not None
            and self._theme is not Theme.current()
        ):
            self._show_verdict(*self._verdict_args)

    def show_patterns(
        self,
        patterns: list[PatternHit],
        marks: dict[str, str],
        sentences: list[Sentence],
        analysed: bool = True,
    ) -> None:
        by_id = {hit.id: hit for hit in patterns}
        lookup = {s.id: s for s in sentences}
        deciding = [
            hit for hit in patterns_after_marks(patterns, marks) if hit.id in RUSH_DECIDING_PATTERNS
        ]
        # How sure the model's evidence is; a pattern the supervisor marked missing is sure.
        unsure = {hit.id: hit.confidence for hit in deciding if hit.confidence < SURE_CONFIDENCE}
        self._show_verdict([hit.id for hit in deciding], analysed, verdict(deciding), unsure)
        for pattern_id, card in self.cards.items():
            card.show_state(by_id.get(pattern_id), marks.get(pattern_id), lookup)
            card.setEnabled(analysed)

    def _show_verdict(
        self, holding: list[str], analysed: bool, result: str, unsure: dict[str, float]
    ) -> None:
        self._verdict_args = (holding, analysed, result, unsure)
        theme = self._theme = Theme.current()
        if not analysed:
            self.verdict.setText(
                f'<span style="color:{theme.muted_text}">This call has not been analysed.</span>'
            )
        elif result == NEEDS_A_LOOK:
            # Not "rushed" on evidence the model is unsure of (MODEL_CARD "Verdict rule").
            self.verdict.setText(
                f'<span style="color:{theme.warning}; font-size:12pt"><b>Needs a look</b></span> '
                f"({', '.join(f'{pid} {unsure[pid] * 100:.0f}% sure' for pid in holding)})"
            )
        elif result == RUSHED:
            self.verdict.setText(
                f'<span style="color:{theme.rushed}; font-size:12pt"><b>Rushed</b></span> '
                f"({', '.join(holding)})"
            )
        else:
            self.verdict.setText(
                f'<span style="color:{theme.good}; font-size:12pt"><b>Not rushed</b></span>'
            )
