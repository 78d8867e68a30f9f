"""Templates for rush_cue: hurry, pressure, cutting the customer short (never a question)."""

from __future__ import annotations

from models.classifier.data.template import Template

RU = "rush_cue"

_RUSH_CTX = ("ramble", "ramble", "complaint", "open", "none")

RUSH: tuple[Template, ...] = (
    Template(
        "rush_hurry",
        RU,
        (
            "I need to keep this quick.",
            "I'm going to have to keep this brief.",
            "We're really short on time.",
            "I've got a lot of calls waiting.",
            "We need to move this along.",
            "Time's tight today.",
            "I've only got a couple of minutes.",
            "The queue's really long right now, so let's be quick.",
            "I really have to get through this fast.",
            "Sorry, I need to hurry you.",
            "Let's speed this up a bit.",
        ),
        _RUSH_CTX,
    ),
    Template(
        "rush_already_said",
        RU,
        (
            "As I already said, there's nothing more I can do.",
            "Like I told you, that's the policy.",
            "As I mentioned, that's all I can do.",
            "I've explained this twice already.",
            "As I said before, the answer is no.",
            "I already told you that.",
            "Like I said, there's nothing else to add.",
        ),
        ("open", "open", "complaint", "ramble"),
    ),
    Template(
        "rush_cut_short",
        RU,
        (
            "Let's not go into all that.",
            "I don't need the whole story.",
            "We don't need all the details.",
            "Let's skip the background.",
            "I'm going to stop you there.",
            "Let me stop you there.",
            "Yes, yes, I understand, let's move on.",
            "No need to explain all that.",
            "That's not relevant, let's keep going.",
            "Let's not get into the history of it.",
        ),
        ("ramble", "ramble", "complaint"),
    ),
    Template(
        "rush_move_on",
        RU,
        (
            "Let's just get you sorted so I can move on.",
            "I need to get to the next caller.",
            "Let's keep this moving.",
            "We've got to get this done fast.",
            "I can't spend long on this one.",
        ),
        _RUSH_CTX,
    ),
    Template(
        "rush_nonnative",
        RU,
        (
            "Please, we have very less time.",
            "As I told already, nothing more can be done.",
            "No need of all these details.",
            "Fast fast, I am having many calls.",
        ),
        _RUSH_CTX,
    ),
    Template(
        "rush_heldout",
        RU,
        (
            "I'll have to cut you off there.",
            "We're against the clock here.",
            "Save the details, they won't change anything.",
            "I've said all I can say on that.",
        ),
        _RUSH_CTX,
        heldout=True,
    ),
)
