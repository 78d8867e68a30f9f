"""Templates for problem_question: symptoms, facts, when, where, which device, errors, steps."""

from __future__ import annotations

from models.classifier.data.template import Template

PQ = "problem_question"

_PROBLEM_CTX = ("complaint", "complaint", "complaint", "greeting", "none")

PROBLEM: tuple[Template, ...] = (
    Template(
        "problem_opener",
        PQ,
        (
            "How can I help you today?",
            "What can I do for you?",
            "What seems to be the problem?",
            "What's going on with your {thing}?",
            "What's the issue with your {thing} today?",
            "What are you calling about today?",
            "How can I help?",
            "What's happened with your {thing}?",
            "Thanks for calling {company}, how can I help you today?",
        ),
        ("greeting", "greeting", "none"),
    ),
    Template(
        "problem_when",
        PQ,
        (
            "When did it start?",
            "When did you first notice {issue}?",
            "How long has this been happening?",
            "Since when has your {thing} been like this?",
            "Has this happened before?",
            "Is this the first time it's happened?",
            "Roughly what time did it start?",
        ),
        _PROBLEM_CTX,
    ),
    Template(
        "problem_error",
        PQ,
        (
            "What does the error message say?",
            "Tell me what the error says.",
            "Can you read me the error?",
            "What exactly do you see on the screen?",
            "Is there an error code?",
            "Read me the exact message, word for word.",
        ),
        ("complaint",),
    ),
    Template(
        "problem_tried",
        PQ,
        (
            "Have you tried {step_ger}?",
            "Did you already try {step_ger}?",
            "What have you tried so far?",
            "Have you done anything to fix it yet?",
            "Have you had a chance to try {step_ger}?",
            "So you've already tried {step_ger}?",
        ),
        _PROBLEM_CTX,
    ),
    Template("problem_state", PQ, ("{state_q}",), ("symptom_complaint",)),
    Template("problem_locate", PQ, ("{locate_q}",), ("complaint", "complaint", "ack")),
    Template(
        "problem_scope",
        PQ,
        (
            "Is it happening all the time or just now and then?",
            "Does it happen every time?",
            "Is anything else affected?",
            "Did anything change just before it started?",
            "Where exactly does it go wrong?",
            "Is it still happening right now?",
            "Has anyone else in your area mentioned it?",
        ),
        _PROBLEM_CTX,
    ),
    Template(
        "problem_describe",
        PQ,
        (
            "Tell me a bit more about {issue}.",
            "Describe what happens when it fails.",
            "Walk me through what happens when you try.",
            "Talk me through the steps you took.",
            "Could you tell me a bit more about {issue}?",
            "I was wondering when this first started.",
            "I'd like to know exactly what happens when it fails.",
            "Do you know roughly when it started?",
        ),
        _PROBLEM_CTX,
    ),
    Template(
        "problem_facts",
        PQ,
        (
            "How much was the charge?",
            "What amount did you see taken?",
            "How many times has it happened?",
            "Who did you speak to last time?",
            "Was it working before yesterday?",
            "So it drops every evening, is that right?",
        ),
        ("complaint",),
    ),
    Template(
        "problem_terse",
        PQ,
        (
            "Since when?",
            "Error code?",
            "What happened?",
            "Any error?",
            "How long for?",
            "Every time?",
            "What's up?",
        ),
        ("complaint", "greeting"),
    ),
    Template(
        "problem_nonnative",
        PQ,
        (
            "You are having this problem since when?",
            "The error is saying what exactly?",
            "Since how long it is not working?",
            "You tried already {step_ger}?",
            "Which {thing} is giving the problem?",
            "What is the problem you are facing?",
            "Kindly tell me what issue you are having.",
            "It is happening on all devices or only one?",
        ),
        _PROBLEM_CTX,
    ),
    Template(
        "problem_rushmix",
        PQ,
        (
            "Quickly, when did it start?",
            "Just the short version, what's the problem?",
            "I've got a queue, so what does the error say?",
            "Real quick, which {thing} is it?",
            "Keep it brief, what's wrong with your {thing}?",
        ),
        ("complaint", "greeting", "ramble"),
    ),
    Template(
        "problem_heldout",
        PQ,
        (
            "What's your {thing} doing exactly?",
            "Run me through what you see when it goes wrong.",
            "And this began around when?",
            "Was there any warning before {issue} started?",
            "What's the very first thing that goes wrong?",
        ),
        _PROBLEM_CTX,
        heldout=True,
    ),
)
