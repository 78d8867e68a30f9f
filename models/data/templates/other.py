"""Templates for other_question: identity checks, permission, procedure, small talk."""

from __future__ import annotations

from models.data.template import Template

OQ = "other_question"

_OTHER_CTX = ("greeting", "ack", "none", "complaint")

OTHER: tuple[Template, ...] = (
    Template(
        "other_identity",
        OQ,
        (
            "Can I have your {id}?",
            "Could you confirm your {id}?",
            "What's your {id}?",
            "And your {id}, please?",
            "Can you give me your {id} so I can find you?",
            "Could you spell your surname for me?",
            "Can you confirm the name on the account?",
            "Just read me the reference on the letter.",
            "Read me your {id}, please.",
            "Who am I speaking with today?",
            "Can I take the {id}, please?",
            "Could I grab your {id}?",
            "Can I just get the {id} from you?",
            "Can I take a few details first?",
        ),
        (*_OTHER_CTX, "id_given"),
    ),
    Template(
        "other_permission",
        OQ,
        (
            "May I place you on a brief hold?",
            "Is it okay if I put you on hold for a minute?",
            "Do I have your permission to access your account?",
            "Mind if I ask you a couple of security questions?",
            "Can I call you back on this number if we get cut off?",
            "Would it be alright if I take a few notes?",
        ),
        _OTHER_CTX,
    ),
    Template(
        "other_procedure",
        OQ,
        (
            "Is this the best number to reach you?",
            "Are you the account holder?",
            "Can you hear me okay?",
            "Are you still there?",
            "Sorry, could you repeat that?",
            "Do you have a pen handy?",
            "Is your email still the same?",
            "Can I get a number to call you back on?",
            "Are you happy to go through security?",
            "Sorry, did you say fifteen or fifty?",
        ),
        (*_OTHER_CTX, "id_given"),
    ),
    Template(
        "other_smalltalk",
        OQ,
        (
            "How's your day going so far?",
            "Did you have a good weekend?",
            "Are you enjoying the sunshine over there?",
            "Is it raining where you are too?",
            "How are you today?",
        ),
        ("greeting",),
    ),
    Template(
        "other_terse",
        OQ,
        (
            "Postcode?",
            "Your name?",
            "Date of birth?",
            "Still there?",
            "Sorry?",
            "Spell that for me?",
        ),
        ("ack", "id_given", "greeting"),
    ),
    Template(
        "other_nonnative",
        OQ,
        (
            "Your good name please?",
            "You can tell me your {id}?",
            "Kindly confirm your {id}.",
            "You are the account holder, yes?",
            "I can put you on hold for some time?",
        ),
        _OTHER_CTX,
    ),
    Template(
        "other_rushmix",
        OQ,
        (
            "What's your postcode, quickly?",
            "Quickly, can I have your {id}?",
            "Just your {id}, I'm in a rush.",
            "Fast as you can, what's your {id}?",
        ),
        (*_OTHER_CTX, "ramble"),
    ),
    Template(
        "other_heldout",
        OQ,
        (
            "Who do I have the pleasure of speaking to?",
            "Could you pop your {id} over to me?",
            "Is now still a good time to talk?",
            "Okay if I pop you on hold for two ticks?",
        ),
        _OTHER_CTX,
        heldout=True,
    ),
    Template(
        "other_more",
        OQ,
        (
            "Can I take your name, please?",
            "Who's the account holder?",
            "What's the best email for you?",
            "Could you hold the line for a second?",
            "Are you calling on behalf of someone else?",
            "Have you got the letter in front of you?",
            "Do you have your {id} to hand?",
            "Is the account in your name?",
            "Are you somewhere you can talk privately?",
            "Can you bear with me while I transfer the notes across?",
            "Is it alright if I ask how you heard about us?",
        ),
        (*_OTHER_CTX, "id_given"),
    ),
    Template(
        "other_clarify",
        OQ,
        (
            "Sorry, was that a B or a D?",
            "Could you say that again a bit slower?",
            "Sorry, you cut out there, what was that?",
            "Did you say the sixteenth?",
            "Was that your mobile or your landline number?",
            "Can you spell the street name?",
        ),
        ("id_given", "id_given", "ack"),
    ),
)
