"""The library's own tests, run on both engines: SQLite and a real PostgreSQL server.

The storage tests of test_library.py that take a library (not a file) are run
here again on `engine_library`: each once on a SQLite file and once on a
fresh PostgreSQL database (tests/fixtures/postgres.py), both opened through
`open_library`, the way the CLI and the app open them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.app.storage import test_library as cases
from tests.fixtures.library import fill_library

ON_A_LIBRARY: list[Callable[[Any], None]] = [
    cases.test_transcript_and_analysis_round_trip,
    cases.test_a_failed_write_leaves_nothing_half_written,
    cases.test_begin_call_resumes_unfinished_and_refuses_done,
    cases.test_label_correction_is_kept_apart_and_changes_the_verdict,
    cases.test_correction_rejects_customer_sentences_and_unknown_labels,
    cases.test_pattern_marks_force_patterns_and_rushed,
    cases.test_reanalysis_keeps_corrections_attached,
    cases.test_review_clips_and_filters,
]
ON_A_FULL_LIBRARY: list[Callable[[Any], None]] = [
    cases.test_search_phrases_booleans_and_bad_syntax,
    cases.test_summaries_filter_by_date,
    cases.test_scripted_call_lookup,
]


@pytest.mark.parametrize("case", ON_A_LIBRARY, ids=lambda f: f.__name__.removeprefix("test_"))
def test_library_case(case: Callable[[Any], None], engine_library: Any) -> None:
    case(engine_library)


@pytest.mark.parametrize("case", ON_A_FULL_LIBRARY, ids=lambda f: f.__name__.removeprefix("test_"))
def test_full_library_case(case: Callable[[Any], None], engine_library: Any) -> None:
    fill_library(engine_library)
    case(engine_library)
