"""Customer sentences that come just before an agent sentence, by kind.

Kinds "complaint", "fixed" and "impact" come from the industry tables; the rest are
industry-neutral. "none" is the empty context (the agent speaks first or goes on).
"""

from __future__ import annotations

GENERIC: dict[str, tuple[str, ...]] = {
    "greeting": (
        "Hi, I'm calling about my account.",
        "Hello?",
        "Hi there.",
        "Yes, hello, I hope you can help me.",
        "Hi, I've got a problem I need sorting out.",
        "Morning. I'm ringing about something on my account.",
        "Hello, is this customer service?",
        "Yeah hi, I was told to call this number.",
    ),
    "ack": (
        "Okay.",
        "Sure.",
        "Yeah.",
        "Mm-hmm.",
        "Right.",
        "Alright.",
        "Yes, go ahead.",
        "Okay, I'm listening.",
        "Fine.",
    ),
    "done": (
        "No, that's everything, thanks.",
        "That's all, thank you.",
        "Great, thanks so much.",
        "Perfect, that's sorted then.",
        "Brilliant, that's all I needed.",
        "No, I think that's it.",
        "Lovely, thank you.",
    ),
    "open": (
        "But what about the charge from last month?",
        "I'm still worried it'll happen again.",
        "Wait, what if it doesn't arrive?",
        "And one more thing, what about my other account?",
        "But will I still be charged?",
    ),
    "ramble": (
        "So it started on Tuesday, no wait, Monday, and my neighbour said hers was fine, and...",
        "Well, it's a long story, back in March I first called and the man said one thing...",
        "And then I tried again and again and honestly I've been going round in circles...",
        "Let me explain from the beginning, because the first time this happened was years ago...",
        "I mean I've been a customer for twelve years and I've never had this, and my husband...",
    ),
    "offer_reply": (
        "Oh, okay, that sounds good.",
        "Tomorrow morning would be fine.",
        "Okay, go on then.",
        "What would that involve?",
        "Right, if you think that's best.",
        "I suppose so.",
    ),
    "thanks": (
        "Thank you so much for your help.",
        "That's great, cheers.",
        "Oh, thank you, that's a relief.",
        "Thanks, you've been really helpful.",
    ),
    "id_given": (
        "It's the one ending in four five two.",
        "Yes, it's under my name.",
        "My date of birth is the third of May, nineteen eighty-one.",
        "It's two eight seven, four four one.",
        "Sorry, I'm just finding the letter.",
    ),
    "works": (
        "Oh, it's working now.",
        "Yes, that seems to have done it.",
        "Okay, I can see it now.",
    ),
}

CONTEXT_KINDS = (
    *GENERIC,
    "complaint",
    "fixed",
    "impact",
    "none",
    "symptom_complaint",
    "symptom_fixed",
    "symptom_fixed_strong",
)
