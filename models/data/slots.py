"""Fill a template's slots from one industry, and pick the customer context before it."""

from __future__ import annotations

import random
import string

from models.data.contexts import GENERIC
from models.data.vocab import Industry

AGENTS = (
    "Dana",
    "Priya",
    "Tom",
    "Marcus",
    "Aisha",
    "Ken",
    "Sofia",
    "Jamal",
    "Lena",
    "Raj",
    "Chloe",
    "Omar",
)
PERIODS = ("week", "month", "weekend", "day", "evenings", "mornings")
DAYS = ("Friday", "tomorrow", "the weekend", "Monday", "the end of the week", "tonight")
GENERIC_FIXED = (
    "Okay, I've done that.",
    "Right, done.",
    "Okay, it's restarting now.",
    "Alright, I did what you said.",
    "Okay, that's done now.",
    "Okay, it's back on.",
)


def _now(question: str) -> str:
    """The state question asked after a fix: ' now' before the final '?'."""
    if " since " in question or " now" in question:
        return question
    return question[:-1] + " now?"


_EXPLICIT = ("you said", "you told", "you sent", "you've", "you just", "you asked")


def explicit_fix(context: str, rng: random.Random) -> str:
    """A fixed-step context that also says the agent asked for it or did it."""
    if any(marker in context for marker in _EXPLICIT):
        return context
    return context.rstrip(".") + rng.choice(
        (" like you said.", " like you told me.", ", like you asked.")
    )


def fill_slots(industry: Industry, rng: random.Random) -> dict[str, str]:
    fix, fix_past = rng.choice(industry.fixes)
    step, step_ger = rng.choice(industry.steps)
    process, duration = rng.choice(industry.waits)
    complaint, state_q, fixed = rng.choice(industry.symptoms)
    return {
        "company": rng.choice(industry.companies),
        "agent": rng.choice(AGENTS),
        "thing": rng.choice(industry.things),
        "issue": rng.choice(industry.issues),
        "state_q": state_q,
        "state_q_now": _now(state_q),
        "activity": rng.choice(industry.activities),
        "cost": rng.choice(industry.costs),
        "area": rng.choice(industry.areas),
        "fix": fix,
        "fix_past": fix_past,
        "step": step,
        "step_ger": step_ger,
        "id": rng.choice(industry.ids),
        "locate_q": rng.choice(industry.locate_qs),
        "process": process,
        "process_cap": process[:1].upper() + process[1:],
        "duration": duration,
        "policy": rng.choice(industry.policies),
        "team": rng.choice(industry.teams),
        "period": rng.choice(PERIODS),
        "day": rng.choice(DAYS),
        "symptom_complaint": complaint,
        "symptom_fixed": fixed,
    }


def render(pattern: str, slots: dict[str, str]) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name}
    text = pattern.format(**{name: slots[name] for name in names})
    return text[:1].upper() + text[1:]


def pick_context(kind: str, industry: Industry, slots: dict[str, str], rng: random.Random) -> str:
    """A customer sentence of this kind; the symptom_* kinds match the slots' symptom."""
    if kind == "none":
        return ""
    if kind == "symptom_complaint":
        return slots["symptom_complaint"]
    if kind == "symptom_fixed":
        return slots["symptom_fixed"]
    if kind == "symptom_fixed_strong":
        return explicit_fix(slots["symptom_fixed"], rng)
    if kind == "complaint":
        return rng.choice(industry.complaints)
    if kind == "fixed":
        pool = industry.fixed_ctx + GENERIC_FIXED if rng.random() < 0.3 else industry.fixed_ctx
        return rng.choice(pool)
    if kind == "impact":
        return rng.choice(industry.impact_ctx)
    return rng.choice(GENERIC[kind])
