"""First run with an empty library: offer the bundled demo calls.

The demo calls live in resources/demo (audio + `demo_calls.csv`, written by
scripts/make_demo_calls.py). Loading them queues them through the normal
import path, with agent, team and a date spread over recent weeks.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.style.icons import Icons
from kernel.paths import RESOURCES_DIR

DEMO_DIR = RESOURCES_DIR / "demo"
DEMO_MANIFEST = DEMO_DIR / "demo_calls.csv"


@dataclass(frozen=True)
class DemoCall:
    """One bundled demo recording and the metadata it is imported with."""

    path: Path
    title: str
    agent: str
    team: str
    call_date: str
    agent_channel: str

    def metadata(self) -> dict[str, str]:
        return {"agent": self.agent, "team": self.team, "call_date": self.call_date}


def demo_calls(manifest: Path = DEMO_MANIFEST, today: date | None = None) -> list[DemoCall]:
    """The demo calls whose audio is present; dates count back from `today`."""
    if not manifest.exists():
        return []
    today = today or date.today()
    calls: list[DemoCall] = []
    with manifest.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            path = manifest.parent / row["file"]
            if not path.exists():
                continue
            days_ago = int(row.get("days_ago") or 0)
            calls.append(
                DemoCall(
                    path=path,
                    title=row.get("title", path.stem),
                    agent=row.get("agent", ""),
                    team=row.get("team", ""),
                    call_date=(today - timedelta(days=days_ago)).isoformat(),
                    agent_channel=row.get("agent_channel") or "left",
                )
            )
    return calls


class OnboardingDialog(QDialog):
    """Welcome dialog: load the demo calls, import your own, or skip. GUI thread."""

    demo_chosen = Signal()
    import_chosen = Signal()

    def __init__(self, demo_count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Callscope")

        title = QLabel("Welcome to Callscope")
        title.setObjectName("pageTitle")
        text = QLabel(
            "Callscope transcribes recorded customer-service calls on this computer, labels "
            "what the agent says and flags rushed resolutions: a fix offered before asking "
            "what the problem means for the customer, no check that it worked, hurrying "
            "the customer off the phone."
        )
        text.setWordWrap(True)
        demo_text = QLabel(
            f"Your library is empty. Load {demo_count} short demo calls (two rushed, two "
            "good) to see how it works; they are transcribed like any other import and "
            "take a minute or two."
            if demo_count
            else "Your library is empty. Import recordings to get started."
        )
        demo_text.setObjectName("muted")
        demo_text.setWordWrap(True)

        self.demo_button = QPushButton("Load demo calls")
        Icons.set_icon(self.demo_button, "demo@accent_text")
        self.demo_button.setProperty("primary", True)
        self.demo_button.setEnabled(demo_count > 0)
        self.demo_button.setDefault(demo_count > 0)
        self.import_button = QPushButton("Import my calls…")
        Icons.set_icon(self.import_button, "import")
        self.skip_button = QPushButton("Not now")
        self.demo_button.clicked.connect(self.on_demo_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.skip_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.demo_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(demo_text)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # a fixed width lets the wrapped labels report their real height
        self.setFixedWidth(580)
        self.adjustSize()

    def on_demo_clicked(self) -> None:
        self.demo_chosen.emit()
        self.accept()

    def on_import_clicked(self) -> None:
        self.import_chosen.emit()
        self.accept()
