"""From recorded files to analysed calls in the library.

discover (paths -> audio files) -> metadata (sidecar CSV, file name) ->
orchestrator (hash, lease, already stored?) -> an executor runs
`analyze.analyze_file` (decode, transcribe, diarize mono, analyse, redact:
a `CallResult`, no database) -> `writer.CallWriter` stores it in one
transaction. `batch` drives it for the CLI (progress, Ctrl-C, resume,
parallel jobs) and `worker` for the app (a spawned process speaking the
import queue's messages).
"""

import logging

# A failed file's traceback is for the log file (when the program configures
# one), never the terminal: without this, logging's last-resort handler would
# print it under the batch's one-line error.
logging.getLogger(__name__).addHandler(logging.NullHandler())
