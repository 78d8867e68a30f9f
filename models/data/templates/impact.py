"""Templates for impact_question: what the problem does to the customer's work, money, life."""

from __future__ import annotations

from models.classifier.data.template import Template

IQ = "impact_question"

_IMPACT_CTX = ("complaint", "complaint", "complaint", "none", "ack")

IMPACT: tuple[Template, ...] = (
    Template(
        "impact_direct",
        IQ,
        (
            "How is this affecting {area}?",
            "How has {issue} affected {area}?",
            "How's all this been affecting you?",
            "What impact is this having on {area}?",
            "In what way is this affecting {area}?",
            "How much is {issue} disrupting {area}?",
            "How has this been affecting you day to day?",
            "What effect has this had on {area}?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_meaning",
        IQ,
        (
            "What has this meant for your {period}?",
            "What has {issue} meant for {area}?",
            "What does this mean for you in practical terms?",
            "What's this meant for you so far?",
            "And what does that mean for {area}?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_stopping",
        IQ,
        (
            "Is this stopping you from {activity}?",
            "Is {issue} getting in the way of {activity}?",
            "Has this kept you from {activity}?",
            "Are you still able to keep up with {activity} while this is going on?",
            "Is it making {activity} harder for you?",
            "Has {issue} held you back from {activity}?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_outcome",
        IQ,
        (
            "What would it mean for you if we got this fixed today?",
            "What would a good outcome look like for you?",
            "What matters most to you in getting this sorted?",
            "If we could sort this by {day}, what difference would that make for you?",
            "What's the most important thing for you to come out of this call with?",
            "What would make the biggest difference to you right now?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_stakes",
        IQ,
        (
            "What's at stake for you if this isn't fixed by {day}?",
            "What happens on your end if this drags on?",
            "What's riding on this for you?",
            "What happens for you if {issue} carries on another week?",
            "What are you worried will happen if this isn't sorted?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_deadline",
        IQ,
        (
            "When do you need this sorted by?",
            "Is there a deadline you're working against?",
            "Do you have anything coming up that depends on your {thing}?",
            "Have you got anything planned this week that this puts at risk?",
            "Is there a date this really has to be fixed by for you?",
            "Are there plans you've had to put on hold because of this?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_money",
        IQ,
        (
            "How much has this cost you so far?",
            "Has this left you out of pocket?",
            "Is this putting a strain on your finances?",
            "Have you had any extra costs because of {issue}?",
            "Has this cost you any money on your side?",
            "Roughly how much is this costing you each day?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_family",
        IQ,
        (
            "Is anyone else at home relying on your {thing}?",
            "How's this been for the rest of the family?",
            "Is this affecting anyone else in the household?",
            "Are the kids affected by this as well?",
            "Is anyone depending on you to get this sorted?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_feelings",
        IQ,
        (
            "How are you feeling about all this?",
            "How has this been for you personally?",
            "How stressful has this been for you?",
            "How are you holding up with all this?",
            "How worried are you about it?",
            "How has it felt dealing with {issue}?",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_indirect",
        IQ,
        (
            "I was wondering how that's affected your {period}.",
            "I'd like to understand how this is affecting {area}.",
            "I'm curious what this has done to {area}.",
            "Can I ask how this has affected {area}?",
            "Would you mind telling me how this has affected your {period}?",
            "I'd love to hear what this has meant for {area}.",
            "I'm wondering whether this has got in the way of {activity}.",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_imperative",
        IQ,
        (
            "Walk me through what this has meant for {area}.",
            "Tell me how this is hitting {area}.",
            "Talk me through how this has affected your {period}.",
            "Help me understand what this is doing to {area}.",
            "Give me a sense of how much this is costing you.",
            "Tell me what this has meant for you.",
        ),
        _IMPACT_CTX,
    ),
    Template(
        "impact_declarative",
        IQ,
        (
            "So this is costing you {cost}.",
            "So this is keeping you from {activity}.",
            "Sounds like this is stopping you from {activity}, is that right?",
            "I'm guessing this is costing you {cost}?",
            "So you're losing {cost} over this, then?",
            "That must be costing you {cost}, right?",
            "So {issue} is really getting in the way of {activity}.",
            "I imagine this is making {activity} pretty difficult, yeah?",
        ),
        ("complaint",),
    ),
    Template(
        "impact_followup",
        IQ,
        (
            "How are you managing in the meantime?",
            "And how long can you keep going like that?",
            "How's that been for you?",
            "What does that mean for the rest of your {period}?",
            "Is that putting anything else at risk for you?",
            "And how's that affecting {area}?",
        ),
        ("impact",),
    ),
    Template(
        "impact_rushmix",
        IQ,
        (
            "Quickly, how is this affecting {area}?",
            "I'm short on time, but is this stopping you from {activity}?",
            "Just briefly, what's this meant for {area}?",
            "In a nutshell, how's this hitting {area}?",
            "Real quick, is this costing you {cost}?",
        ),
        ("complaint", "ramble", "none"),
    ),
    Template(
        "impact_terse",
        IQ,
        (
            "Affecting {area} much?",
            "Costing you {cost}?",
            "Big impact on {area}?",
            "Stopping you from {activity}?",
            "Any knock-on for {area}?",
        ),
        ("complaint",),
    ),
    Template(
        "impact_nonnative",
        IQ,
        (
            "This problem is making difficulty for {area}?",
            "How much this is affecting {area}?",
            "This is stopping you for {activity}, yes?",
            "How this is affecting {area}, can you tell me?",
            "You are losing {cost} because of this?",
            "Because of this problem, what is happening in {area}?",
        ),
        ("complaint", "none"),
    ),
    Template(
        "impact_heldout",
        IQ,
        (
            "What's this done to your {period}, honestly?",
            "Has any of this spilled over into {area}?",
            "Paint me a picture of how this has hit {area}.",
            "So I'd guess this is eating into {area}, am I right?",
            "How's this landing for you and {area}?",
            "What is this problem costing you, in your own words?",
        ),
        _IMPACT_CTX,
        heldout=True,
    ),
)
