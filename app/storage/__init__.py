"""The call library: one SQLite file, numbered migrations, thin typed access.

`Library` is the only way in or out; no Qt, no torch. Writers of one call
(transcript + analysis) go in one transaction, so a crash never leaves a
half-written call.
"""
