"""What kinds of personal data are redacted and the placeholder each leaves."""

from __future__ import annotations

from dataclasses import dataclass

CARD_NUMBER = "card_number"
SECURITY_CODE = "security_code"
EXPIRY_DATE = "expiry_date"
ACCOUNT_NUMBER = "account_number"
SORT_CODE = "sort_code"
IBAN = "iban"
NATIONAL_ID = "national_id"
DATE_OF_BIRTH = "date_of_birth"
PHONE_NUMBER = "phone_number"
EMAIL = "email"
ADDRESS = "address"
NAME = "name"

PLACEHOLDERS: dict[str, str] = {
    CARD_NUMBER: "[card number]",
    SECURITY_CODE: "[security code]",
    EXPIRY_DATE: "[expiry date]",
    ACCOUNT_NUMBER: "[account number]",
    SORT_CODE: "[sort code]",
    IBAN: "[IBAN]",
    NATIONAL_ID: "[national ID]",
    DATE_OF_BIRTH: "[date of birth]",
    PHONE_NUMBER: "[phone number]",
    EMAIL: "[email]",
    ADDRESS: "[address]",
    NAME: "[name]",
}
KINDS: tuple[str, ...] = tuple(PLACEHOLDERS)
# Kinds whose value is read out as digits (number words, digit groups).
DIGIT_KINDS: frozenset[str] = frozenset(
    {CARD_NUMBER, SECURITY_CODE, EXPIRY_DATE, ACCOUNT_NUMBER, SORT_CODE, IBAN, NATIONAL_ID,
     PHONE_NUMBER}
)  # fmt: skip
# Payment card data: never kept, whatever else a team chooses (PCI DSS).
CARD_KINDS: frozenset[str] = frozenset({CARD_NUMBER, SECURITY_CODE, EXPIRY_DATE})

AUDIO_PADDING_S = 0.15


@dataclass(frozen=True)
class Redaction:
    """One redacted stretch of one speaker's words (call times, seconds)."""

    start: float
    end: float
    kind: str
    speaker: str = ""

    def padded(self, padding_s: float = AUDIO_PADDING_S) -> tuple[float, float]:
        return max(0.0, self.start - padding_s), self.end + padding_s
