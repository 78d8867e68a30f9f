"""Soak test: drive the real app through every screen for a while, watching for stalls and leaks.

    SOAK_SECONDS=600 python -m tests.soak.soak_app        (what `make soak` runs)

Builds the real `Application` (main window, job runner, import queue, the real
library in a temporary CALLSCOPE_HOME) and loops through what a supervisor
does: import the demo calls (real worker, SOAK_IMPORT=0 skips it), search,
open calls, play/pause/seek, click and zoom the timeline, jump through
evidence, correct labels and undo, score and mark reviewed, save a clip, play
and export clips, open reports and export them, open menus, switch the theme,
resize down to 1024x600. Under X when DISPLAY is set, else offscreen.

Fails (exit 1, and `SoakResult.ok` False) on any of:
- an event-loop stall over 2 s (a QTimer heartbeat checked from another
  thread; the main thread's stack at the stall is printed);
- `sys.getrefcount(None)` falling (the PySide6 6.12.0 none_dealloc leak);
- an exception in any slot or step (sys.excepthook);
- a hard hang: faulthandler (no GIL needed) dumps every thread and exits 3.

The machine may have no sound card: each player is told an output exists, so
playback runs through Qt's real media pipeline (FFmpeg, its audio thread) into
its null sink; "no output" handling has its own tests.
"""

from __future__ import annotations

import faulthandler
import itertools
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STALL_LIMIT_S = 2.0
# no heartbeat for this long: a deadlock; faulthandler dumps every thread and exits
HANG_EXIT_S = float(os.environ.get("SOAK_HANG_EXIT_S", "30"))
NONE_SLACK = 64  # freed objects may release a few None references; a leak loses thousands
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"


@dataclass
class SoakResult:
    seconds: float = 0.0
    rounds: int = 0
    steps: int = 0
    max_gap_s: float = 0.0
    stalls: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    none_start: int = 0
    none_min: int = 0
    none_end: int = 0
    imported: int = 0
    import_statuses: dict[str, int] = field(default_factory=dict)
    screens: dict[str, int] = field(default_factory=dict)
    widgets_first_round: int = 0  # QApplication.allWidgets() after the first round
    widgets_end: int = 0  # ... at the end: a steady count means no widget leak
    theme_switch_s: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.stalls and not self.errors and self.none_min >= self.none_start - NONE_SLACK

    def lines(self) -> list[str]:
        verdict = "PASS" if self.ok else "FAIL"
        return [
            f"soak {verdict}: {self.seconds:.0f} s, {self.rounds} rounds, {self.steps} steps",
            f"  longest event-loop gap {self.max_gap_s:.2f} s (limit {STALL_LIMIT_S} s), "
            f"{len(self.stalls)} stall(s)",
            f"  sys.getrefcount(None): start {self.none_start}, lowest {self.none_min}, "
            f"end {self.none_end}",
            f"  import: {self.imported} stored, statuses {self.import_statuses}",
            f"  screens visited: {self.screens}",
            f"  widgets after round 1: {self.widgets_first_round}, at the end: {self.widgets_end}",
            f"  theme switch: longest {max(self.theme_switch_s, default=0):.2f} s",
            *(f"  stall: {s}" for s in self.stalls[:5]),
            *(f"  error: {e}" for e in self.errors[:10]),
        ]


class Watchdog:
    """A QTimer heartbeat on the GUI thread, checked from a plain thread."""

    def __init__(self, result: SoakResult) -> None:
        from PySide6.QtCore import QTimer

        self.result = result
        self.last_beat = time.monotonic()
        self.main_ident = threading.get_ident()
        self.stop = threading.Event()
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.beat)
        self._armed_at = 0.0
        self.thread = threading.Thread(target=self.watch, name="soak-watchdog", daemon=True)

    def start(self) -> None:
        self.result.none_start = self.result.none_min = sys.getrefcount(None)
        self.timer.start()
        self.thread.start()

    def beat(self) -> None:
        now = time.monotonic()
        self.last_beat = now
        refs = sys.getrefcount(None)
        self.result.none_min = min(self.result.none_min, refs)
        if now - self._armed_at > 1.0:  # C-level: fires even if the GIL is never released
            faulthandler.dump_traceback_later(HANG_EXIT_S, exit=True)
            self._armed_at = now

    def watch(self) -> None:
        reported = False
        while not self.stop.wait(0.2):
            gap = time.monotonic() - self.last_beat
            self.result.max_gap_s = max(self.result.max_gap_s, gap)
            if gap > STALL_LIMIT_S and not reported:
                reported = True
                frame = sys._current_frames().get(self.main_ident)
                stack = "".join(traceback.format_stack(frame)[-6:]) if frame else "?"
                self.result.stalls.append(f"event loop stalled {gap:.1f} s at\n{stack}")
            elif gap <= STALL_LIMIT_S:
                reported = False

    def close(self) -> None:
        self.stop.set()
        self.timer.stop()
        faulthandler.cancel_dump_traceback_later()
        self.thread.join(2)


def seed_library(db_path: Path, folder: Path) -> list[int]:
    """Analysed calls whose audio is a demo recording (copies), dated over eight weeks."""
    from datetime import date, timedelta

    from app.storage.library import Library
    from tests.fixtures.calls import load_scripts
    from tests.fixtures.library import add_scripted_call

    demo = sorted(DEMO.glob("*.opus"))
    folder.mkdir(parents=True, exist_ok=True)
    library = Library(db_path)
    ids = []
    agents = [("Dana Whitfield", "Broadband"), ("Marco Ruiz", "Cards"), ("Priya Nair", "Software")]
    try:
        for n, script in enumerate(load_scripts()[:9]):
            audio = folder / f"seed_{n}_{demo[n % len(demo)].name}"
            shutil.copyfile(demo[n % len(demo)], audio)
            agent, team = agents[n % len(agents)]
            when = (date.today() - timedelta(days=6 * n)).isoformat()
            ids.append(
                add_scripted_call(
                    library, script, source=str(audio), agent=agent, team=team, call_date=when
                )
            )
    finally:
        library.close()
    return ids


class Driver:
    """Runs the scenario generator: each `yield ms` waits that long on the event loop."""

    def __init__(self, app: Any, result: SoakResult, deadline: float, out: Path) -> None:
        self.app = app
        self.window = app.window
        self.result = result
        self.deadline = deadline
        self.out = out
        self.call_ids: list[int] = []
        self.done = threading.Event()
        self._steps = self.scenario()

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._next)

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        try:
            wait = next(self._steps)
            self.result.steps += 1
        except StopIteration:
            self.done.set()
            self.app.qapp.quit()
            return
        except Exception:
            self.result.errors.append(traceback.format_exc(limit=6))
            self._steps = self.scenario()  # record it and carry on from the top
            wait = 100
        QTimer.singleShot(int(wait), self._next)

    # -- helpers ---------------------------------------------------------

    def visit(self, page: int, name: str) -> Any:
        self.result.screens[name] = self.result.screens.get(name, 0) + 1
        widget = self.window.show_page(page)
        for player in _players(self.window):
            player.output_available = lambda: True  # the null sink when there is no sound card
        return widget

    def scenario(self) -> Iterator[int]:
        tours: list[Callable[[int], Iterator[int]]] = [
            self.tour_library,
            self.tour_review,
            self.tour_clips,
            self.tour_reports,
            self.tour_window,
        ]
        for round_no in itertools.count():
            if time.monotonic() >= self.deadline:
                return
            self.result.rounds = round_no + 1
            if round_no == 1:
                self.result.widgets_first_round = len(self.app.qapp.allWidgets())
            for tour in tours:
                yield from tour(round_no)
                if time.monotonic() >= self.deadline:
                    return

    def tour_library(self, n: int) -> Iterator[int]:
        from app.ui.main_window import PAGE_IMPORT, PAGE_LIBRARY

        view = self.visit(PAGE_LIBRARY, "library")
        view.reload()
        yield 300
        self.call_ids = [s.call_id for s in self.app.store.call(lambda lib: lib.call_summaries())]
        for query in ("router", "refund* AND NOT rent", "card blocked", ""):
            view.search(query)
            yield 250
        self.visit(PAGE_IMPORT, "import")
        yield 200

    def tour_review(self, n: int) -> Iterator[int]:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
        from PySide6.QtTest import QTest

        from app.ui.main_window import PAGE_REVIEW
        from kernel.domain import LABELS

        if not self.call_ids:
            return
        review = self.visit(PAGE_REVIEW, "review")
        self.window.open_call(self.call_ids[n % len(self.call_ids)])
        yield 400
        player = review.player
        player.set_rate((1.0, 1.5, 2.0, 0.75)[n % 4])
        review.player_bar.skip_silence_box.setChecked(n % 2 == 1)
        review.player.toggle()  # play
        yield 1200
        timeline = review.timeline
        for k in range(6):  # clicks on the waveform seek; the wheel zooms
            x = 20 + (k * 137 + n * 53) % max(40, timeline.width() - 40)
            QTest.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 50))
            yield 150
        timeline.zoom(0.5, timeline.duration_s / 2)
        yield 150
        timeline.zoom(1e9)
        for step in (1, 1, -1):
            review.jump_evidence(step)
            yield 150
        review.skip(5.0)
        yield 300
        review.player.toggle()  # pause
        yield 200
        rows = [review.model.row_at(r) for r in range(review.model.rowCount())]
        agent_rows = [r for r in rows if r.is_agent and r.label]
        if agent_rows:
            row = agent_rows[n % len(agent_rows)]
            other = next(label for label in LABELS if label != row.label)
            review.correct_label(row.sentence.id, other)
            yield 200
            review.undo_stack.undo()
            yield 150
        review.review_panel.score_spin.setValue((n * 10) % 100)
        review.toggle_reviewed()
        yield 200
        review.toggle_reviewed()
        if rows and n % 2 == 0:  # save a clip of two sentences, through the dialog
            first, last = review.model.index(0), review.model.index(min(2, len(rows) - 1))
            review.transcript.selectionModel().select(
                QItemSelection(first, last), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            span = review.clip_range()
            if span is not None and review.data is not None:
                picked = [review.model.row_at(r) for r in review.selected_rows()]
                dialog = review.clip_maker.dialog(review.data, span, picked, review)
                dialog.title_edit.setText(f"Soak clip {n}")
                review.store_clip(dialog)
                dialog.deleteLater()
        yield 200

    def tour_clips(self, n: int) -> Iterator[int]:
        from app.ui.main_window import PAGE_CLIPS

        clips = self.visit(PAGE_CLIPS, "clips")
        yield 300
        if clips.proxy.rowCount() == 0:
            return
        clips.table.selectRow(n % clips.proxy.rowCount())
        clips.play_selected()
        yield 1200
        clips.on_play_button_clicked()  # pause: then straight to Reports (the freeze path)
        if n % 3 == 0 and clips.job is None:
            clips.table.selectRow(0)
            clips.export_rows(clips.selected_rows(), self.out / "clips")
            for _ in range(100):
                if clips.job is None:
                    break
                yield 200

    def tour_reports(self, n: int) -> Iterator[int]:
        from app.ui.main_window import PAGE_REPORTS

        reports = self.visit(PAGE_REPORTS, "reports")
        yield 300
        groups = reports.group_combo.count()
        if groups:
            reports.select(by=("agent", "team")[n % 2], period=("week", "month")[n % 2], group=None)
            reports.group_combo.setCurrentIndex(n % max(1, reports.group_combo.count()))
            yield 250
            reports.export_png(self.out / f"report_{n % 3}.png")
            reports.export_csv(self.out / f"report_{n % 3}.csv")
        yield 200

    def tour_window(self, n: int) -> Iterator[int]:
        from PySide6.QtCore import QPoint

        sizes = ((1024, 600), (1366, 768), (1280, 760))
        self.window.resize(*sizes[n % len(sizes)])
        yield 250
        switch = time.monotonic()
        self.app.settings.theme = ("dark", "light")[n % 2]
        self.result.theme_switch_s.append(round(time.monotonic() - switch, 3))
        self.result.screens["theme"] = self.result.screens.get("theme", 0) + 1
        yield 250
        menus = [a.menu() for a in self.window.menuBar().actions() if a.menu() is not None]
        if menus:
            menu = menus[n % len(menus)]
            menu.popup(self.window.mapToGlobal(QPoint(40, 30)))
            yield 300
            menu.close()
        yield 150


def _players(window: Any) -> list[Any]:
    from app.ui.widgets.audio_player import AudioPlayer

    return window.findChildren(AudioPlayer)


def run_soak(seconds: float, home: Path, do_import: bool = True) -> SoakResult:
    """Drive the app for `seconds`; the library and settings live under `home`."""
    os.environ["CALLSCOPE_HOME"] = str(home)
    if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") in (None, "", "offscreen"):
        os.environ["QT_QPA_PLATFORM"] = (
            "xcb" if os.environ.get("SOAK_X", "1") == "1" else "offscreen"
        )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")  # "no pipewire" noise
    from app.ui.application import Application, ensure_qapplication

    result = SoakResult()
    db_path = home / "library.db"
    seed_library(db_path, home / "audio")
    qapp = ensure_qapplication()
    app = Application(
        db_path=db_path, settings_path=home / "settings.ini", offer_demo=False, qapp=qapp
    )
    app.window.ask_quit_with_imports = lambda _pending: True
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        result.errors.append("".join(traceback.format_exception(kind, value, tb, limit=8)))

    sys.excepthook = hook
    watchdog = Watchdog(result)
    started = time.monotonic()
    driver = Driver(app, result, started + seconds, home / "exports")
    try:
        app.show()
        if do_import:
            app.load_demo_calls()  # the real worker: Whisper and the classifier
        watchdog.start()
        driver.start()
        qapp.exec()
    finally:
        watchdog.close()
        sys.excepthook = previous_hook
        statuses: dict[str, int] = {}
        for item in app.import_queue.items():
            statuses[item.status] = statuses.get(item.status, 0) + 1
        result.import_statuses = statuses
        result.imported = statuses.get("done", 0)
        result.widgets_end = len(qapp.allWidgets())
        app.window.close()
        app.shutdown()
        result.none_end = sys.getrefcount(None)
        result.seconds = time.monotonic() - started
    return result


def main() -> int:
    seconds = float(os.environ.get("SOAK_SECONDS", "600"))
    do_import = os.environ.get("SOAK_IMPORT", "1") == "1"
    home = Path(tempfile.mkdtemp(prefix="callscope-soak-"))
    try:
        result = run_soak(seconds, home, do_import)
    finally:
        keep = os.environ.get("SOAK_KEEP") == "1"
        if not keep:
            shutil.rmtree(home, ignore_errors=True)
    print("\n".join(result.lines()))
    report = os.environ.get("SOAK_REPORT")
    if report:
        Path(report).write_text(json.dumps(asdict(result), indent=2), encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
