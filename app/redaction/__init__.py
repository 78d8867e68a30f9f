"""Redaction of personal data: detection on a transcript, placeholders in the
text, muting in the audio (pure functions on plain data; no Qt, no database).

`redact_call(transcript, analysis)` -> (redacted transcript, redacted
analysis, [Redaction]); `mute_spans(samples, rate, spans)` silences or bleeps
audio over the redacted words.
"""

from app.redaction.apply import RedactedCall, redact_call
from app.redaction.kinds import KINDS, PLACEHOLDERS, Redaction

__all__ = ["KINDS", "PLACEHOLDERS", "RedactedCall", "Redaction", "redact_call"]
