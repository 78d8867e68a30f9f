"""Templates for resolution_check: did the fix work, is the customer happy, does the plan suit."""

from __future__ import annotations

from models.classifier.data.template import Template

RC = "resolution_check"

_CHECK_CTX = ("fixed", "fixed", "fixed", "ack", "works")

CHECK: tuple[Template, ...] = (
    Template(
        "check_explicit",
        RC,
        (
            "Does that solve it for you?",
            "Did that fix it?",
            "Is it working now?",
            "Working now?",
            "Any luck?",
            "Did that do the trick?",
            "How's it looking now?",
            "Is everything back to normal?",
            "Has that sorted it?",
            "Is that better?",
            "Is the problem gone now?",
        ),
        _CHECK_CTX,
    ),
    Template(
        "check_try_now",
        RC,
        (
            "Can you try it now and tell me if it works?",
            "Could you give it another go and let me know if it works?",
            "Try it again now and tell me what happens.",
            "Have a look now and tell me if it's there.",
            "Can you try logging in now and tell me if it works?",
            "Give it a try now and let me know if it's sorted.",
        ),
        ("fixed", "ack", "offer_reply"),
    ),
    Template("check_state_now", RC, ("{state_q_now}",), ("symptom_fixed",)),
    Template("check_state_ctx", RC, ("{state_q}",), ("symptom_fixed_strong",)),
    Template(
        "check_satisfied",
        RC,
        (
            "Are you happy with that outcome?",
            "Are you happy with how we've left things?",
            "Is that a fair outcome for you?",
            "Does that resolve things for you?",
            "Are you satisfied with that?",
            "Does that put your mind at rest?",
        ),
        ("ack", "thanks", "works", "offer_reply"),
    ),
    Template(
        "check_planned_ok",
        RC,
        (
            "Is that option okay for you?",
            "Does that work for you?",
            "Does that sound okay?",
            "Would that work for you?",
            "How does that sound?",
            "Is that alright with you?",
            "Is {day} okay for that?",
            "Does that plan suit you?",
        ),
        ("offer_reply", "ack", "none"),
    ),
    Template(
        "check_outcome",
        RC,
        (
            "Is the charge gone from your statement now?",
            "Can you see the credit on your account now?",
            "Has the email come through?",
            "Did the text arrive?",
            "Did it go through?",
            "Can you see the change on your side?",
        ),
        ("fixed", "ack"),
    ),
    Template(
        "check_terse",
        RC,
        (
            "All good now?",
            "Sorted?",
            "Working?",
            "Better?",
            "Fixed?",
            "Any better now?",
        ),
        ("fixed",),
    ),
    Template(
        "check_nonnative",
        RC,
        (
            "Now it is working or not?",
            "Is it okay now, the problem?",
            "Now you can see it?",
            "Problem is solved now, yes?",
            "It is coming properly now?",
        ),
        ("fixed",),
    ),
    Template(
        "check_rushmix",
        RC,
        (
            "Quickly, is it working now?",
            "Just confirm it works now so we can move on.",
            "Real quick, did that fix it?",
        ),
        ("fixed",),
    ),
    Template(
        "check_heldout",
        RC,
        (
            "Is it behaving itself now?",
            "Are we back in business?",
            "Has that cleared it up on your end?",
            "Is that more like it?",
            "How's that working out now?",
        ),
        _CHECK_CTX,
        heldout=True,
    ),
)
