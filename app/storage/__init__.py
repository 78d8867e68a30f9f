"""The call library: numbered migrations, thin typed access, one module per concern.

`library.Library` is the only way in or out (a facade over calls, transcripts,
analyses, writer, corrections, reviews, clips, filters, redactions and
search, all through one `connection.Connection`); no Qt, no torch. A call's
transcript and analysis are written in one transaction, so a crash never
leaves a half-written call.
"""
