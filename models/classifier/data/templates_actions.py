"""Templates for closing, resolution offer, rush cue and statement."""

from __future__ import annotations

from models.classifier.data.template import Template

CL = "closing"
RO = "resolution_offer"
RU = "rush_cue"
ST = "statement"

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
)

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
)

ACTION_TEMPLATES: tuple[Template, ...] = CLOSING + OFFER + RUSH + STATEMENT
