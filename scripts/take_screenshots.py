"""Screenshots of every screen at 1366x768 in the light and dark palettes.

Run under a display (an X server; Xvfb works):

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/take_screenshots.py \
        --db LIBRARY.db --out bench_results/screenshots

The library should hold analysed calls (the demo calls imported, say); the
scripted test calls are added with agents, teams and dates, one call is
reviewed, and a clip is saved, so every screen has something to show. The
library file is changed: pass a copy. Writes one PNG per screen and palette.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCREEN_SIZE = (1366, 768)


def fill(db: Path) -> None:
    """Scripted calls next to whatever is there; a review and a clip on a rushed call."""
    sys.path.insert(0, str(REPO_ROOT))
    from app.storage.library import Library
    from app.storage.records import CallMetadata
    from app.ui.onboarding import demo_calls
    from tests.fixtures.library import fill_library

    with Library(db) as library:
        for demo in demo_calls():  # imported by the CLI: the metadata the app would give
            found = library.find_by_sha256(_sha256(demo.path))
            if found is not None and not found.call_date:
                library.set_metadata(found.id, CallMetadata(**demo.metadata()))
        if not any(c.source.startswith("/calls/") for c in library.list_calls()):
            fill_library(library)
        rushed = [s for s in library.call_summaries() if s.rushed and s.source.startswith("/calls")]
        if rushed and library.get_call(rushed[-1].call_id).review_status == "unreviewed":  # type: ignore[union-attr]
            library.set_review(rushed[-1].call_id, "reviewed", 45, "Fix before impact again.")
            library.set_review(rushed[-2].call_id, "in_review", None, "")
        audio = [c for c in library.list_calls() if Path(c.source).exists()]
        if audio and not library.list_clips():
            library.add_clip(audio[0].id, 14.0, 31.0, "Straight to the fix", ["P1", "coaching"],
                             "No question about what the outage means for her work.")  # fmt: skip
            library.add_clip(audio[-1].id, 8.0, 20.0, "Impact question done right", ["good"],
                             "Hear how the impact question opens the customer up.")  # fmt: skip


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def settle(app: object, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--themes", default="light,dark")
    args = parser.parse_args(argv)
    fill(args.db)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from app.ui.application import Application, ensure_qapplication
    from app.ui.main_window import PAGE_CLIPS, PAGE_IMPORT, PAGE_LIBRARY, PAGE_REPORTS, PAGE_REVIEW
    from app.ui.onboarding import OnboardingDialog
    from app.ui.settings_dialog import SettingsDialog

    qapp = ensure_qapplication()
    settings_file = Path(tempfile.mkdtemp()) / "settings.ini"
    application = Application(args.db, settings_file, offer_demo=False, resume_imports=False)
    window = application.window
    window.resize(*SCREEN_SIZE)
    window.move(0, 0)
    window.show()
    application.job_runner.wait_for_done(10_000)
    settle(qapp, 1.0)
    # a few files waiting in the queue (not started): the Import screen's normal look
    demo = sorted((REPO_ROOT / "resources" / "demo").glob("*.opus"))
    application.import_queue.add_paths(demo[:2], "left", "tiny.en", start=False)
    summaries = application.store.call(lambda library: library.call_summaries())
    # a call with its audio (waveform, playback), rushed if one is
    with_audio = sorted(
        (s for s in summaries if Path(s.source).exists()), key=lambda s: (not s.rushed, s.call_id)
    )
    review_call = (with_audio or [s for s in summaries if s.rushed])[0].call_id

    def shot(name: str, widget: object | None = None) -> None:
        settle(qapp)
        image = (widget or window).grab()  # type: ignore[attr-defined]
        path = args.out / f"{name}.png"
        image.save(str(path))
        print(path)

    for theme in args.themes.split(","):
        application.settings.theme = theme
        settle(qapp, 0.6)
        window.show_page(PAGE_LIBRARY)
        window.library_view.clear_search()
        shot(f"library-{theme}")
        window.library_view.apply_preset("All rushed calls")
        shot(f"library-filtered-{theme}")
        window.library_view.set_filter(type(window.library_view.proxy.call_filter())())
        window.library_view.search("router OR refund")
        application.job_runner.wait_for_done(5000)
        shot(f"search-{theme}")
        window.library_view.clear_search()
        window.show_page(PAGE_IMPORT)
        shot(f"import-{theme}")
        window.open_call(review_call)
        review = window.page_widget(PAGE_REVIEW)
        start = time.monotonic()
        while review.timeline.peaks is None and time.monotonic() - start < 20:  # type: ignore[attr-defined]
            settle(qapp, 0.1)
        review.jump_evidence(1)  # type: ignore[attr-defined]
        shot(f"review-{theme}")
        window.show_page(PAGE_CLIPS)
        shot(f"clips-{theme}")
        window.show_page(PAGE_REPORTS)
        shot(f"reports-{theme}")
        dialog = SettingsDialog(application.settings, window)
        dialog.show()
        shot(f"settings-{theme}", dialog)
        dialog.close()
        onboarding = OnboardingDialog(4, window)
        onboarding.show()
        shot(f"onboarding-{theme}", onboarding)
        onboarding.close()

    window.close()
    application.shutdown()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
