"""Templates for closing: wrapping the call up, including "anything else?"."""

from __future__ import annotations

from models.classifier.data.template import Template

CL = "closing"

_CLOSE_CTX = ("done", "done", "thanks", "ack", "works", "open")

CLOSING: tuple[Template, ...] = (
    Template(
        "closing_anything_else",
        CL,
        (
            "Is there anything else I can help you with?",
            "Anything else?",
            "Anything else I can do for you today?",
            "Is there anything else today?",
            "Can I help with anything else?",
            "Was there anything else?",
            "Anything more I can help with before you go?",
            "Is there anything else you need from me today?",
        ),
        _CLOSE_CTX,
    ),
    Template(
        "closing_goodbye",
        CL,
        (
            "Thanks for calling {company}, have a great day.",
            "Thank you for calling, goodbye.",
            "Bye now.",
            "Take care.",
            "Have a lovely evening.",
            "Cheers, bye.",
            "Thanks for your patience today, bye for now.",
            "Enjoy the rest of your day.",
            "Thanks so much, take care now.",
            "Thank you for being a {company} customer, goodbye.",
            "Have a good one.",
        ),
        _CLOSE_CTX,
    ),
    Template(
        "closing_let_go",
        CL,
        (
            "I'll let you go now.",
            "I'll let you get on with your day.",
            "That's everything from my side.",
            "That wraps things up.",
            "We're all done here, thanks for calling.",
            "I'll leave it there then.",
            "Okay, I'll end the call here.",
        ),
        _CLOSE_CTX,
    ),
    Template(
        "closing_rushmix",
        CL,
        (
            "It's busy today, so I'll wrap up here.",
            "I've got another call waiting, so I'll say goodbye here.",
            "I need to keep things moving, so thanks for calling.",
            "Let's wrap this up, have a good day.",
            "We're out of time, so goodbye for now.",
            "The queue's huge, so I'll let you go.",
        ),
        (*_CLOSE_CTX, "ramble"),
    ),
    Template(
        "closing_nonnative",
        CL,
        (
            "Thank you for calling, have a nice day ahead.",
            "Anything else is there?",
            "Any other thing I can help?",
            "Thank you for your time, bye bye.",
            "Other than this, any more help you need?",
        ),
        _CLOSE_CTX,
    ),
    Template(
        "closing_heldout",
        CL,
        (
            "Right, I'll leave you to it, all the best.",
            "Lovely chatting, speak soon.",
            "Anything further before we finish up?",
            "That's us done, have a good evening.",
        ),
        _CLOSE_CTX,
        heldout=True,
    ),
)
