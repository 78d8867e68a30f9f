"""Templates for resolution_offer: proposing, announcing or performing a fix or next step."""

from __future__ import annotations

from models.data.template import Template

RO = "resolution_offer"

_OFFER_CTX = ("complaint", "complaint", "impact", "ack", "none", "offer_reply")

OFFER: tuple[Template, ...] = (
    Template(
        "offer_will",
        RO,
        (
            "I'll {fix}.",
            "I'm going to {fix}.",
            "I can {fix}.",
            "What I can do is {fix}.",
            "Let me {fix} for you.",
            "I'll go ahead and {fix}.",
            "The best thing is for me to {fix}.",
            "I'm happy to {fix}.",
            "We'll {fix}.",
            "I think the best option is to {fix}.",
            "One option is to {fix}.",
        ),
        _OFFER_CTX,
    ),
    Template(
        "offer_done",
        RO,
        (
            "I've {fix_past}.",
            "I've just {fix_past} for you.",
            "Okay, I've gone ahead and {fix_past}.",
            "That's done, I've {fix_past}.",
            "Right, I have {fix_past}.",
            "Good news, I've {fix_past}.",
        ),
        _OFFER_CTX,
    ),
    Template(
        "offer_question",
        RO,
        (
            "Would you like me to {fix}?",
            "Shall I {fix}?",
            "Do you want me to {fix}?",
            "How about I {fix}?",
            "Why don't I {fix}?",
            "Can I {fix} for you?",
            "Should I {fix}?",
            "Would it help if I {fix}?",
        ),
        _OFFER_CTX,
    ),
    Template(
        "offer_customer_step",
        RO,
        (
            "Could you {step} for me now?",
            "Can you {step} for me?",
            "Please {step}.",
            "Go ahead and {step}.",
            "What I'd like you to do is {step}.",
            "Let's {step} first.",
            "If you could {step}, that should clear it.",
        ),
        ("complaint", "ack", "none"),
    ),
    Template(
        "offer_escalate",
        RO,
        (
            "I'm escalating this to {team}.",
            "I'll pass this to {team} as urgent.",
            "I'll raise a ticket with {team}.",
            "I'm putting you through to {team} now.",
            "Let me get {team} to call you back today.",
        ),
        (*_OFFER_CTX, "open"),
    ),
    Template(
        "offer_terse",
        RO,
        (
            "Refund's done.",
            "Done, refunded.",
            "Replacement's on its way.",
            "Sorted, that's been reset.",
            "Ticket raised.",
            "Booked in.",
        ),
        ("ack", "complaint", "offer_reply"),
    ),
    Template(
        "offer_rushmix",
        RO,
        (
            "I'll refund it, but I need to keep this short.",
            "I'll {fix}, but we need to be quick.",
            "Let me just {fix} so we can move on.",
            "Quickly, I'll {fix}.",
            "I'm pressed for time, so I'll just {fix}.",
        ),
        (*_OFFER_CTX, "ramble"),
    ),
    Template(
        "offer_nonnative",
        RO,
        (
            "I will do the refund for you now itself.",
            "I am raising the complaint to {team}.",
            "I will {fix} for you, okay?",
            "Kindly {step}.",
            "From my side I will {fix}.",
        ),
        _OFFER_CTX,
    ),
    Template(
        "offer_heldout",
        RO,
        (
            "Here's what we'll do: I'll {fix}.",
            "Leave it with me, I'll {fix}.",
            "Tell you what, I can {fix}.",
            "I've taken care of it, I've {fix_past}.",
            "Would it suit you if I {fix}?",
        ),
        _OFFER_CTX,
        heldout=True,
    ),
    Template(
        "offer_announce",
        RO,
        (
            "An engineer will be with you on {day}.",
            "You'll get a replacement by {day}.",
            "I'm sending you a link to reset it now.",
            "I've put a rush on it.",
            "I'll call you back on {day} with an update.",
            "I'll keep an eye on it and ring you back this afternoon.",
            "I'll email you a prepaid returns label.",
            "We can get someone out to you {day}.",
            "I'm waiving that fee for you.",
            "I've flagged it with {team} as a priority.",
        ),
        _OFFER_CTX,
    ),
    Template(
        "offer_workaround",
        RO,
        (
            "In the meantime, you can {step} and that should get you going.",
            "A quick workaround is to {step}.",
            "For now, try to {step}, that usually gets round it.",
            "While we sort the fault, I can {fix}.",
        ),
        ("complaint", "impact", "ack"),
    ),
)
