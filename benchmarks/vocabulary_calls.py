"""Scripted calls that name unusual companies, products and agents (issue 14, vocabulary).

Each call comes with the names a team would type into Settings (or the
sidecar CSV's `vocabulary` column). The names are made up so Whisper cannot
know them: without the vocabulary it spells them as ordinary words.
Used by benchmarks/bench_vocabulary.py and the slow vocabulary test.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scoring import normalise

CALLS: tuple[dict[str, Any], ...] = (
    {
        "id": "vocab_zentrabyte",
        "agent_voice": "slt",
        "customer_voice": "rms",
        "vocabulary": ["Zentrabyte", "Quillofax", "Siobhan"],
        "turns": [
            ("agent", "Thank you for calling Zentrabyte, my name is Siobhan, how can I help you?"),
            ("customer", "Hi Siobhan. My Quillofax keeps dropping the connection every evening."),
            ("agent", "I'm sorry about that. Which Quillofax model do you have at home?"),
            ("customer", "The Quillofax two hundred, I bought it from Zentrabyte last spring."),
            ("agent", "Thanks. I will reset the Quillofax from here, it takes one minute."),
            ("customer", "Great, thank you Siobhan."),
        ],
    },
    {
        "id": "vocab_nuvexa",
        "agent_voice": "awb",
        "customer_voice": "slt",
        "vocabulary": ["Nuvexa", "Travelink", "Oisin"],
        "turns": [
            ("agent", "Good morning, Nuvexa Insurance, this is Oisin speaking."),
            ("customer", "Hello Oisin, I want to add Travelink cover to my policy."),
            ("agent", "Of course. Travelink covers flights and hotels booked with Nuvexa."),
            ("customer", "How much does Travelink cost per month?"),
            ("agent", "Travelink is twelve pounds a month with Nuvexa. Anything else?"),
            ("customer", "No, that's all, thanks Oisin."),
        ],
    },
    {
        "id": "vocab_kelvaro",
        "agent_voice": "rms",
        "customer_voice": "slt",
        "vocabulary": ["Kelvaro", "Brisquet", "Anouk"],
        "turns": [
            ("agent", "Kelvaro Energy, Anouk here. How can I help you today?"),
            ("customer", "Hi Anouk, my Brisquet meter shows an error since yesterday."),
            ("agent", "Let me check. Your Brisquet meter last sent a reading on Monday."),
            ("customer", "Can Kelvaro send someone to look at it?"),
            ("agent", "Yes, a Kelvaro engineer will replace the Brisquet meter on Friday."),
            ("customer", "Perfect, thank you Anouk."),
        ],
    },
    {
        "id": "vocab_drevio",
        "agent_voice": "slt",
        "customer_voice": "awb",
        "vocabulary": ["Drevio", "Stellopay", "Tadhg"],
        "turns": [
            ("agent", "Welcome to Drevio Bank, my name is Tadhg. How can I help?"),
            ("customer", "Hi Tadhg, a Stellopay payment was taken twice from my account."),
            ("agent", "I can see two Stellopay payments of forty pounds this morning."),
            ("customer", "Can Drevio refund the second Stellopay charge?"),
            ("agent", "Yes, Drevio will refund it within three days."),
            ("customer", "Thanks a lot Tadhg."),
        ],
    },
)


def script_of(call: dict[str, Any]) -> dict[str, Any]:
    """The callsynth script (without the vocabulary)."""
    return {
        "id": call["id"],
        "agent_voice": call["agent_voice"],
        "customer_voice": call["customer_voice"],
        "turns": [{"speaker": s, "text": t} for s, t in call["turns"]],
    }


def name_hits(reference: str, hypothesis: str, names: list[str]) -> tuple[int, int]:
    """(names found, names said): each name counted as often as the reference says it."""
    ref_words = normalise(reference).split()
    hyp_words = normalise(hypothesis).split()
    found = said = 0
    for name in names:
        key = normalise(name).split()
        n_ref = _count(ref_words, key)
        said += n_ref
        found += min(n_ref, _count(hyp_words, key))
    return found, said


def _count(words: list[str], key: list[str]) -> int:
    if not key:
        return 0
    return sum(words[i : i + len(key)] == key for i in range(len(words) - len(key) + 1))
