"""Templates for statement: greetings, empathy, look-ups, explanations, policy, acknowledgements."""

from __future__ import annotations

from models.data.template import Template

ST = "statement"

_STATE_CTX = ("complaint", "ack", "greeting", "none", "id_given")

STATEMENT: tuple[Template, ...] = (
    Template(
        "statement_greeting",
        ST,
        (
            "Thank you for calling {company}, my name is {agent}.",
            "Good morning, you're through to {company}, {agent} speaking.",
            "Hi, this is {agent}.",
            "Hello, thanks for holding.",
            "Welcome to {company} support.",
            "Hi there, {agent} here from {company}.",
        ),
        ("greeting", "none"),
    ),
    Template(
        "statement_empathy",
        ST,
        (
            "I'm sorry to hear that.",
            "I completely understand.",
            "That must be frustrating.",
            "I can see why you're upset.",
            "Oh no, I'm sorry about {issue}.",
            "I'd be annoyed too.",
        ),
        ("complaint", "complaint", "open"),
    ),
    Template(
        "statement_sympathy_stated",
        ST,
        (
            "That sounds really stressful.",
            "Oh no, that's awful.",
            "I'm really sorry it's put you in that position.",
            "That's a lot to deal with.",
            "I can only imagine how worrying that is.",
            "That's really not fair on you.",
        ),
        ("impact",),
    ),
    Template(
        "statement_lookup",
        ST,
        (
            "Let me pull up your account.",
            "One moment while I check that.",
            "Let me have a look.",
            "I'm just bringing up your details.",
            "Give me a second to look into this.",
            "Bear with me while I check the notes.",
            "Let me check what's happened here.",
        ),
        _STATE_CTX,
    ),
    Template(
        "statement_timing",
        ST,
        (
            "{process_cap} usually takes {duration}.",
            "That usually takes 3-5 days.",
            "It can take {duration} for {process} to go through.",
            "Normally {process} takes {duration}.",
        ),
        ("ack", "complaint", "offer_reply"),
    ),
    Template("statement_policy", ST, ("{policy}",), ("complaint", "ack", "open")),
    Template(
        "statement_ack",
        ST,
        (
            "Okay.",
            "Got it.",
            "I see.",
            "Right.",
            "Mm-hmm.",
            "Understood.",
            "Thanks for that.",
            "Perfect, thank you.",
            "Okay, that's all verified.",
            "Thanks for confirming.",
        ),
        ("id_given", "ack", "complaint"),
    ),
    Template(
        "statement_reassure",
        ST,
        (
            "Take all the time you need.",
            "No rush at all.",
            "There's no hurry.",
            "Take your time.",
            "I'm not going anywhere.",
            "We've got plenty of time.",
        ),
        ("id_given", "ramble", "ack"),
    ),
    Template(
        "statement_explain",
        ST,
        (
            "I can see {issue} on your {thing} here.",
            "It looks like a recent update caused this.",
            "I can see the two entries here.",
            "That happens sometimes after a system change.",
            "Your {thing} is showing as active on our side.",
            "You're not the only one, we've had a few calls about this.",
        ),
        ("complaint", "ack"),
    ),
    Template(
        "statement_hold",
        ST,
        (
            "Thanks for holding.",
            "Sorry to keep you waiting.",
            "I'm back, thanks for waiting.",
            "Thanks for bearing with me.",
        ),
        ("ack", "none"),
    ),
    Template(
        "statement_nonnative",
        ST,
        (
            "I am understanding your problem.",
            "Sorry for the inconvenience caused.",
            "I will check and revert.",
            "Please be on hold while I am checking.",
            "Your details are verified, thank you so much.",
        ),
        _STATE_CTX,
    ),
    Template(
        "statement_heldout",
        ST,
        (
            "Ah, that's not what you want to hear.",
            "Fair enough, that makes sense.",
            "Okay, I'm with you.",
            "There's no pressure from my end.",
            "I've got your file open in front of me.",
        ),
        _STATE_CTX,
        heldout=True,
    ),
    Template(
        "statement_more",
        ST,
        (
            "Thanks for your patience.",
            "Thanks for explaining all that.",
            "That makes sense.",
            "I hear you.",
            "Okay, I've found your account.",
            "Bear with me one second.",
            "The system is a bit slow today.",
            "Just so you know, this call is recorded.",
            "You're through to the right team.",
            "Good question.",
            "Absolutely.",
            "No problem at all.",
            "Ah, I see what's happened.",
            "That's definitely not how it should work.",
            "I'm really sorry you've had to call back.",
            "Apologies for the trouble.",
            "I appreciate you bearing with us.",
            "I can see your {thing} on the system.",
        ),
        _STATE_CTX,
    ),
    Template(
        "statement_restate_impact",
        ST,
        (
            "I hear you, that's a real knock to your {period}.",
            "I understand this has hit you hard.",
            "I'm sorry, that's a big deal for {area}.",
            "That's completely understandable given everything.",
            "I'm sorry it's come to that.",
        ),
        ("impact",),
    ),
)
