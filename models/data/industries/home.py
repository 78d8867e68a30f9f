"""Industries: fitness/gym memberships, home services (appliance repair, cover plans)."""

from __future__ import annotations

from models.data.vocab import Industry

FITNESS = Industry(
    name="fitness",
    companies=("PulseGym", "Corefit Clubs", "Motion Health Club"),
    things=("membership", "gym app", "class booking", "entry pass", "personal training package"),
    issues=(
        "the double membership fee",
        "the blocked entry pass",
        "the cancelled classes",
        "the frozen membership",
    ),
    symptoms=(
        (
            "My entry pass won't open the gate.",
            "Does the gate open when you scan the pass?",
            "Okay, I've reopened the app and scanned it again like you said.",
        ),
        (
            "I can't book any classes in the app.",
            "Can you see the book button on the class?",
            "Right, I've logged out and back in.",
        ),
        (
            "The app says my membership is frozen.",
            "Is the membership showing as frozen?",
            "Okay, I've refreshed my account page.",
        ),
        (
            "My personal training sessions have disappeared.",
            "Are the sessions showing in your package?",
            "I've updated the app like you told me.",
        ),
    ),
    complaints=(
        "You've taken my membership fee twice this month.",
        "My pass stopped working at the gate.",
        "I cancelled my membership and you're still charging me.",
        "The class I booked got cancelled without any message.",
        "My training sessions vanished from the app.",
    ),
    fixed_ctx=(
        "Okay, I've reinstalled the app.",
        "Right, I've scanned the pass again.",
        "Okay, I've logged out and in again.",
        "I've refreshed the bookings page like you said.",
    ),
    impact_ctx=(
        "I'm training for a marathon in three weeks.",
        "My physio told me I have to swim every day for my back.",
        "I'm on a tight budget and that double payment hurts.",
        "I paid for a trainer for my wedding prep and now I can't use it.",
    ),
    activities=(
        "training",
        "getting to your classes",
        "doing your rehab",
        "keeping to your routine",
    ),
    costs=("money", "training time", "sessions"),
    areas=("your training", "your routine", "your budget"),
    fixes=(
        ("refund the second membership payment", "refunded the second membership payment"),
        ("reactivate your entry pass", "reactivated your entry pass"),
        ("unfreeze your membership", "unfrozen your membership"),
        ("restore your training sessions", "restored your training sessions"),
        ("stop any further payments", "stopped any further payments"),
    ),
    steps=(
        ("reinstall the gym app", "reinstalling the app"),
        ("turn your screen brightness up before scanning", "turning the brightness up"),
        ("log out of the app and back in", "logging out and back in"),
    ),
    ids=("membership number", "date of birth", "email on the membership"),
    locate_qs=(
        "Which club do you train at?",
        "Which class was it?",
        "What time did you try to get in?",
        "Which payment date was doubled?",
    ),
    waits=(
        ("a membership refund", "three to five working days"),
        ("a cancellation", "one full month"),
    ),
    policies=(
        "Memberships have a one-month notice period.",
        "Freezes can be applied for up to three months a year.",
        "Classes are cancelled if fewer than four people book.",
    ),
    teams=("the club manager", "our membership team"),
)

HOME_SERVICES = Industry(
    name="home_services",
    companies=("HomeServe Plus", "Fixright Appliances", "Hearth & Home Cover"),
    things=(
        "washing machine",
        "boiler cover",
        "dishwasher",
        "repair booking",
        "appliance warranty",
    ),
    issues=(
        "the leaking washing machine",
        "the missed engineer visit",
        "the repeat breakdown",
        "the rejected warranty claim",
    ),
    symptoms=(
        (
            "My washing machine won't drain.",
            "Is there water left in the drum?",
            "Okay, I've cleaned the filter like you said.",
        ),
        (
            "The dishwasher shows an error and won't start.",
            "Is the error code still on the display?",
            "Right, I've switched it off at the wall and back on.",
        ),
        (
            "The fridge isn't getting cold.",
            "Is the fridge cooling?",
            "Okay, I've turned the dial up like you told me.",
        ),
        (
            "The oven won't heat up.",
            "Does the oven light come on?",
            "I've reset the timer like you said.",
        ),
    ),
    complaints=(
        "The engineer didn't turn up yesterday.",
        "My washing machine is leaking all over the floor.",
        "This is the third time the same part has failed.",
        "You rejected my warranty claim.",
        "The dishwasher stopped halfway through a cycle.",
    ),
    fixed_ctx=(
        "Okay, I've reset it at the wall.",
        "Right, I've cleaned the filter.",
        "Okay, the cycle has started again.",
        "I've turned it back on like you said.",
    ),
    impact_ctx=(
        "I've got three kids and a mountain of washing.",
        "I took a day's unpaid leave to wait in for the engineer.",
        "The water has ruined the kitchen floor.",
        "I'm hosting Christmas dinner on Saturday.",
    ),
    activities=("doing the washing", "cooking for the family", "hosting on Saturday", "working"),
    costs=("a day's pay", "money", "your weekend"),
    areas=("your household", "your week", "your family"),
    fixes=(
        ("book a priority engineer visit", "booked a priority engineer visit"),
        ("replace the machine under warranty", "approved a replacement under warranty"),
        ("compensate you for the missed visit", "added compensation for the missed visit"),
        ("reopen the warranty claim", "reopened the warranty claim"),
        ("send the part out by courier", "sent the part out by courier"),
    ),
    steps=(
        ("switch it off at the wall for a minute", "switching it off at the wall"),
        ("clean the filter at the front", "cleaning the filter"),
        ("run an empty rinse cycle", "running an empty rinse cycle"),
    ),
    ids=("plan number", "postcode", "appliance serial number"),
    locate_qs=(
        "Which appliance is it?",
        "What's the model number on the door?",
        "What error code is showing?",
        "When was the last repair?",
    ),
    waits=(
        ("a replacement part", "three to five working days"),
        ("a warranty review", "about a week"),
    ),
    policies=(
        "Cover doesn't include accidental damage.",
        "Engineer slots are all-day unless you choose a timed slot.",
        "We replace the appliance after three repairs for the same fault.",
    ),
    teams=("our repairs team", "the warranty desk"),
)

HOME: tuple[Industry, ...] = (FITNESS, HOME_SERVICES)
