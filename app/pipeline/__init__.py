"""From recorded files to analysed calls in the library.

discover (paths -> audio files) -> metadata (sidecar CSV, file name) ->
process (decode, transcribe, diarize mono, analyse, store in one transaction).
`batch` drives it for the CLI (progress, Ctrl-C, resume, parallel jobs) and
`worker` for the app (a spawned process speaking the import queue's messages).
"""
