"""UI speed on a big real library: 10,000 calls open, search answers, a one-hour call reviews.

Run `python -m benchmarks.bench_ui` (a benchmark, not a timed test: the load
average is recorded with the numbers). Builds a SQLite library of 10,000
analysed calls (the scripted test calls, stored again and again with agents,
teams and dates; about 1.3 M words, cached under .cache/bench-ui between runs),
then times, on the real `Library` and the real widgets:

- library open: `LibraryView.reload()` until the 10,000 rows are in the table
  and the window has painted (the query runs on the job runner's thread);
- search: `LibraryGateway.search` for words, a phrase, a boolean and a prefix
  query (FTS5), and the screen's round trip until the hits are shown;
- review: `CallReviewView.show_call` of a one-hour call of ~1,000 sentences
  stored in the same library (see benchmarks/bench_review.py for more).

Targets: open < 1 s, search < 200 ms, review < 500 ms. Writes bench_results/ui.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = REPO_ROOT / "bench_results" / "ui.json"
CACHE = REPO_ROOT / ".cache" / "bench-ui"
TARGETS_MS = {"open": 1000.0, "search": 200.0, "review": 500.0}
QUERIES = ("refund", '"anything else"', "router AND green", "rout*", "bill OR charge")
AGENTS = [(f"Agent {n:02d}", f"Team {n % 6}") for n in range(40)]


def build_library(path: Path, calls: int) -> int:
    """A library of `calls` analysed calls (built once, reused while the count matches)."""
    from app.storage.library import Library
    from tests.fixtures.calls import load_scripts
    from tests.fixtures.library import add_transcript, script_analysis

    with Library(path) as library:
        have = library.count_calls()
        if have >= calls:
            return have
        analysed = [script_analysis(script) for script in load_scripts()]
        today = date.today()
        for n in range(have, calls):
            transcript, analysis = analysed[n % len(analysed)]
            agent, team = AGENTS[n % len(AGENTS)]
            add_transcript(
                library, transcript, analysis, f"/calls/{n:05d}.wav", agent=agent, team=team,
                call_date=(today - timedelta(days=n % 365)).isoformat(),
            )  # fmt: skip
            if n % 1000 == 999:
                print(f"  {n + 1} calls stored", flush=True)
        return library.count_calls()


def wait_for(app: Any, done: Any, timeout_s: float = 30.0) -> None:
    end = time.perf_counter() + timeout_s
    while not done():
        if time.perf_counter() > end:
            raise TimeoutError("the screen did not answer")
        app.processEvents()
        time.sleep(0.001)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--db", type=Path, default=CACHE / "library-10k.db")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks.bench_review import build_call, keep_singletons_alive, time_open

    if sys.version_info < (3, 12):
        keep_singletons_alive()
    from PySide6.QtWidgets import QApplication

    from app.storage.library import Library
    from app.ui.library.library_gateway import LibraryGateway
    from app.ui.library.library_view import LibraryView
    from app.ui.review.call_review_view import CallReviewView
    from app.ui.store import Store
    from app.ui.style.theme import Theme
    from tests.fixtures.library import add_transcript

    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "targets_ms": TARGETS_MS,
    }
    args.db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results["calls"] = build_library(args.db, args.calls)
    results["build_s"] = round(time.perf_counter() - start, 1)
    results["db_mb"] = round(args.db.stat().st_size / 1e6, 1)

    app = QApplication.instance() or QApplication([])
    Theme.apply(app, "light")  # type: ignore[arg-type]
    library = Library(args.db)
    gateway = LibraryGateway(library)

    # -- opening the library ---------------------------------------------
    queries = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        rows = gateway.summaries()
        queries.append((time.perf_counter() - start) * 1000)
    results["summaries_query_ms"] = round(statistics.median(queries), 1)
    store = Store(args.db)  # the screens' one connection, on its own thread (as in the app)
    opens = []
    for _ in range(args.repeats):
        view = LibraryView(store)
        view.resize(1366 - 168, 700)
        view.show()
        app.processEvents()
        loaded: list[int] = []
        view.rows_loaded.connect(loaded.append)
        start = time.perf_counter()
        view.reload()
        wait_for(app, lambda loaded=loaded: bool(loaded))
        view.table.repaint()
        app.processEvents()
        opens.append((time.perf_counter() - start) * 1000)
        assert view.model.rowCount() == len(rows)
        view.close()
        view.deleteLater()
    results["open_ms_first"] = round(opens[0], 1)
    results["open_ms_median"] = round(statistics.median(opens), 1)

    # -- search ----------------------------------------------------------
    per_query: dict[str, float] = {}
    for query in QUERIES:
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            hits = gateway.search(query)
            times.append((time.perf_counter() - start) * 1000)
        per_query[query] = round(statistics.median(times), 1)
        per_query[f"{query} hits"] = len(hits)
    results["search_ms"] = per_query
    results["search_ms_worst"] = max(v for k, v in per_query.items() if not k.endswith(" hits"))
    view = LibraryView(store)
    view.resize(1366 - 168, 700)
    view.show()
    round_trips = []
    for query in QUERIES:
        found: list[int] = []
        view.search_finished.connect(found.append)
        start = time.perf_counter()
        view.search(query)
        wait_for(app, lambda found=found: bool(found))
        view.hit_table.repaint()
        app.processEvents()
        round_trips.append((time.perf_counter() - start) * 1000)
        view.search_finished.disconnect()
    results["search_screen_ms_median"] = round(statistics.median(round_trips), 1)
    results["search_screen_ms_worst"] = round(max(round_trips), 1)
    view.close()

    # -- review of a one-hour call in this library ------------------------
    transcript, analysis = build_call(sentences=1000)
    stale = [c.id for c in library.list_calls() if c.source == "/calls/one-hour-call.wav"]
    for old_id in stale:  # left by an interrupted run
        library.delete_call(old_id)
    new_id = add_transcript(library, transcript, analysis, "/calls/one-hour-call.wav")
    review = CallReviewView(store)
    review.resize(1366 - 168, 700)
    review.show()
    app.processEvents()
    reviews = [time_open(review, app, new_id) for _ in range(args.repeats)]
    results["review_ms_first"] = round(reviews[0], 1)
    results["review_ms_median"] = round(statistics.median(reviews), 1)
    review.close()
    library.delete_call(new_id)  # the cached library stays 10,000 calls
    store.close()
    library.close()

    results["open_ok"] = results["open_ms_median"] < TARGETS_MS["open"]
    results["search_ok"] = results["search_ms_worst"] < TARGETS_MS["search"]
    results["review_ok"] = results["review_ms_median"] < TARGETS_MS["review"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for key, value in results.items():
        print(f"{key:>24}: {value}")
    return 0 if results["open_ok"] and results["search_ok"] and results["review_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
