"""Hand-written boundary seeds (text, context, label): the TAXONOMY.md hard cases, verbatim.

Each goes into the data as written (source "seed"); the dataset test checks that every
one is in the generated files with its label and never with another after its context.
"""

from __future__ import annotations

SEEDS: tuple[tuple[str, str, str], ...] = (
    # Context decides a check.
    ("Is the light green now?", "Okay, I've restarted it like you said.", "resolution_check"),
    ("Is the light green or orange?", "My router's light keeps blinking.", "problem_question"),
    ("Does the page load now?", "Okay, I've cleared the cache.", "resolution_check"),
    ("Does the page load?", "The website just shows a spinning wheel.", "problem_question"),
    ("Did it go through?", "I've resubmitted the payment.", "resolution_check"),
    ("Did it go through?", "I tried to pay my bill online last night.", "problem_question"),
    (
        "Can you hear the dial tone?",
        "Okay, I've plugged the phone back into the wall.",
        "resolution_check",
    ),
    ("Can you hear the dial tone?", "My landline has gone completely dead.", "problem_question"),
    ("Is the error still there?", "Right, I've reinstalled it like you said.", "resolution_check"),
    ("Is the error still there?", "I keep getting an error when I log in.", "problem_question"),
    ("Is that option okay for you?", "So the engineer would come on Thursday?", "resolution_check"),
    ("Does Thursday morning suit you for the engineer?", "Okay.", "resolution_check"),
    (
        "Can you try logging in now and tell me if it works?",
        "Okay, I've reset the password.",
        "resolution_check",
    ),
    (
        "Is the charge gone from your statement now?",
        "Okay, I'm looking at the app now.",
        "resolution_check",
    ),
    ("Does that solve it for you?", "Oh, it's loading now.", "resolution_check"),
    # Offers phrased as questions.
    (
        "Would you like me to refund the fee?",
        "I was charged a late fee I shouldn't have.",
        "resolution_offer",
    ),
    ("Shall I book the engineer?", "The line's been dead since Monday.", "resolution_offer"),
    ("Could you restart the router for me now?", "My internet keeps dropping.", "resolution_offer"),
    ("Do you want me to send a replacement?", "The kettle arrived broken.", "resolution_offer"),
    ("How about I move you to the evening flight?", "My flight was cancelled.", "resolution_offer"),
    # What counts as a fix.
    ("Let me pull up your account.", "I'm calling about my bill.", "statement"),
    ("That usually takes 3-5 days.", "When will I see the refund?", "statement"),
    ("Refunds go back to the original card.", "Where will the money go?", "statement"),
    ("Our system shows an outage in your area.", "My internet's down.", "statement"),
    ("I'll send a technician tomorrow morning.", "My internet's down.", "resolution_offer"),
    ("I've reset your password.", "I can't log in.", "resolution_offer"),
    ("I can refund the late fee.", "I was charged a late fee.", "resolution_offer"),
    ("Refund's done.", "Okay.", "resolution_offer"),
    # Declarative and indirect questions.
    (
        "So this is costing you customers.",
        "The card machine keeps going offline at the till.",
        "impact_question",
    ),
    (
        "So this is costing you sales.",
        "My online shop has been down since Monday.",
        "impact_question",
    ),
    ("That sounds really stressful.", "I've lost two days of pay because of this.", "statement"),
    (
        "Walk me through what this has meant for your business.",
        "The system's been down all week.",
        "impact_question",
    ),
    (
        "I was wondering how your week has been with this.",
        "It's been like this since Monday.",
        "impact_question",
    ),
    (
        "I was wondering how that's affected your week.",
        "The heating's been off since Sunday.",
        "impact_question",
    ),
    ("Just read me the reference on the letter.", "I've got the letter here.", "other_question"),
    ("Tell me what the error says.", "It shows an error when I open it.", "problem_question"),
    # How can I help.
    ("How can I help you today?", "Hi there.", "problem_question"),
    ("How can I help you today?", "", "problem_question"),
    ("What seems to be the problem?", "Hi, I need some help.", "problem_question"),
    # Locating the fault vs identifying the customer.
    ("Which branch did you visit?", "The cashier gave me the wrong amount.", "problem_question"),
    ("Can I have your account number?", "Hi, I'm calling about my bill.", "other_question"),
    ("Which device are you using?", "The app keeps crashing.", "problem_question"),
    ("Could you confirm your date of birth?", "Yes, I'm the account holder.", "other_question"),
    ("When do you need this sorted by?", "My passport still hasn't arrived.", "impact_question"),
    (
        "Is anyone at home relying on the internet for work?",
        "My broadband keeps dropping.",
        "impact_question",
    ),
    (
        "How much has this cost you so far?",
        "The fridge stopped working on Friday.",
        "impact_question",
    ),
    ("How much was the charge?", "There's a charge I don't recognise.", "problem_question"),
    # Mixed sentences follow the table order.
    ("It's busy today, so I'll wrap up here.", "Okay, thanks.", "closing"),
    ("What's your postcode, quickly?", "I'm calling about a delivery.", "other_question"),
    ("I'll refund it, but I need to keep this short.", "I was charged twice.", "resolution_offer"),
    (
        "Quickly, how is this affecting your business?",
        "The card machine is offline again.",
        "impact_question",
    ),
    ("I've got another call, so thanks for calling and goodbye.", "That's all, thanks.", "closing"),
    ("Quickly, when did it start?", "The app keeps crashing.", "problem_question"),
    # Time reassurance vs hurry.
    ("Take all the time you need.", "Sorry, I'm just finding the letter.", "statement"),
    ("No rush at all.", "Hang on, let me find my card.", "statement"),
    (
        "I need to keep this quick.",
        "So it all started last spring when I moved house...",
        "rush_cue",
    ),
    (
        "As I already said, there's nothing more I can do.",
        "But can't you just try again?",
        "rush_cue",
    ),
    (
        "Let's not go into all that.",
        "And before that my old provider also messed up...",
        "rush_cue",
    ),
    (
        "I don't need the whole story.",
        "Well, it's a long story, it started years ago...",
        "rush_cue",
    ),
    (
        "Let's just get you sorted so I can move on.",
        "I've been trying to explain this for ages.",
        "rush_cue",
    ),
    # Closing.
    ("Is there anything else I can help you with?", "Great, thank you.", "closing"),
    ("Anything else?", "Perfect.", "closing"),
    ("Bye now.", "Thanks, bye.", "closing"),
    ("I'll let you go now.", "That's everything.", "closing"),
    ("Thanks for calling Northwind, have a great day.", "Thanks for your help.", "closing"),
    # Other questions.
    ("May I place you on a brief hold?", "Okay.", "other_question"),
    ("Is this the best number to reach you?", "Yes.", "other_question"),
    ("Working now?", "Okay, I've switched it back on.", "resolution_check"),
    ("Thank you for calling Northwind, my name is Dana.", "", "statement"),
    ("I'm sorry to hear that.", "My parcel never arrived.", "statement"),
    ("Is this stopping you from working?", "My laptop won't turn on.", "impact_question"),
    (
        "What would it mean for you if we got this fixed today?",
        "It's been broken for a week.",
        "impact_question",
    ),
    ("Have you tried restarting the router?", "My internet is really slow.", "problem_question"),
    ("When did it start?", "My phone keeps restarting.", "problem_question"),
)
