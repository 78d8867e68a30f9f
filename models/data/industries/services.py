"""Industries: telecom, banking, insurance; SERVICES adds business.py's three."""

from __future__ import annotations

from models.data.industries.business import LOGISTICS, SAAS, UTILITIES
from models.data.vocab import Industry

TELECOM = Industry(
    name="telecom",
    companies=("Northwind Broadband", "Skyline Mobile", "Fibrelink"),
    things=("router", "broadband", "mobile plan", "home phone line", "fibre connection"),
    issues=(
        "the dropouts",
        "the slow speeds",
        "the no-signal problem",
        "the crackling on the line",
    ),
    symptoms=(
        (
            "My router's light keeps blinking orange.",
            "Is the light on the router green?",
            "Okay, I've restarted the router like you said.",
        ),
        (
            "The website just spins and never loads.",
            "Does the page load?",
            "Right, I've cleared the cache and reopened the browser.",
        ),
        (
            "I've got no signal on my mobile at all.",
            "Do you have any bars?",
            "Okay, I've switched airplane mode on and off.",
        ),
        (
            "My landline has gone completely dead.",
            "Are you getting a dial tone?",
            "Okay, I've plugged the phone straight into the master socket.",
        ),
        (
            "My laptop can't find the wifi at all.",
            "Is the wifi name showing up in the list?",
            "Done, I've pressed the reset button on the back like you told me.",
        ),
        (
            "My internet keeps dropping every few minutes.",
            "Is it still dropping out?",
            "Alright, it's been back up for a couple of minutes since you reset the line.",
        ),
    ),
    complaints=(
        "My internet keeps dropping every few minutes.",
        "The router's light keeps blinking orange.",
        "I've got no signal on my mobile at all.",
        "The broadband is really slow in the evenings.",
        "My landline has a horrible crackle on it.",
        "I can't get the wifi to connect.",
    ),
    fixed_ctx=(
        "Okay, I've restarted it like you said.",
        "Right, I unplugged it and plugged it back in.",
        "Done, it's rebooting now.",
        "Okay, I've turned airplane mode on and off.",
        "Alright, I've changed the channel like you told me.",
    ),
    impact_ctx=(
        "I work from home, so I've lost two days of pay already.",
        "My kids can't do their homework without the internet.",
        "I missed a job interview call because of this.",
        "I run my shop's card machine off this line and it's been down all week.",
    ),
    activities=(
        "working from home",
        "taking calls",
        "running your card machine",
        "streaming for the kids",
    ),
    costs=("work", "sales", "billable hours"),
    areas=("your work", "your business", "the household"),
    fixes=(
        ("send an engineer out tomorrow morning", "booked an engineer for tomorrow morning"),
        ("reset your line from our end", "reset your line from our end"),
        ("credit you for the days without service", "credited you for the days without service"),
        ("send you a replacement router", "ordered you a replacement router"),
        ("switch you to the faster channel remotely", "switched you to the faster channel"),
        ("raise a fault with our network team", "raised a fault with our network team"),
    ),
    steps=(
        ("restart the router", "restarting the router"),
        ("unplug the router for thirty seconds", "unplugging the router for a bit"),
        ("toggle airplane mode", "toggling airplane mode"),
        (
            "plug the cable straight into the master socket",
            "plugging straight into the master socket",
        ),
    ),
    ids=("account number", "mobile number", "full name and postcode"),
    locate_qs=(
        "Which room is the router in?",
        "Is it every device or just the laptop?",
        "Does it drop at a particular time of day?",
        "What colour is the light on the front?",
        "Which phone model are you using?",
    ),
    waits=(
        ("an engineer visit", "two to three working days"),
        ("a number port", "about one working day"),
    ),
    policies=(
        "Our system shows an outage in your area.",
        "Speeds can dip in the evening when the network is busy.",
        "The contract has a thirty-day cooling-off period.",
    ),
    teams=("our network team", "second-line support"),
)

BANKING = Industry(
    name="banking",
    companies=("Harbour Bank", "Crestline Credit Union", "Meridian Savings"),
    things=("debit card", "current account", "online banking", "credit card", "mortgage account"),
    issues=(
        "the declined payments",
        "the duplicate charge",
        "the locked login",
        "the missing transfer",
    ),
    symptoms=(
        (
            "My card keeps getting declined.",
            "Is the card being declined at the till?",
            "Okay, I've just tried the card again at the machine.",
        ),
        (
            "I can't log in to the banking app.",
            "Can you log in to the app?",
            "Right, I've reinstalled the app like you said.",
        ),
        (
            "A transfer I made on Monday hasn't arrived.",
            "Is the transfer showing as pending?",
            "Okay, I've refreshed my transactions.",
        ),
        (
            "I've been charged twice for the same purchase.",
            "Does the charge appear twice on your statement?",
            "Okay, I'm looking at the statement now you've reversed it.",
        ),
        (
            "The security code never arrives on my phone.",
            "Is the one-time code arriving?",
            "Okay, I've asked for a new code like you said.",
        ),
    ),
    complaints=(
        "My card keeps getting declined.",
        "I've been charged twice for the same purchase.",
        "I can't log in to my online banking.",
        "A transfer I made on Monday hasn't arrived.",
        "There's a payment on my statement I don't recognise.",
    ),
    fixed_ctx=(
        "Okay, I've logged out and back in.",
        "Right, I've reinstalled the app like you said.",
        "I just tried the card again at the machine.",
        "Okay, I've refreshed the statement page.",
    ),
    impact_ctx=(
        "I couldn't pay my rent on time because of this.",
        "I was stuck at the supermarket with a full trolley and no way to pay.",
        "My wages go into this account and I can't touch them.",
        "I've had a late fee from my landlord because of it.",
    ),
    activities=("paying your bills", "paying your staff", "buying groceries", "paying your rent"),
    costs=("late fees", "money", "your credit rating"),
    areas=("your finances", "your business", "your family"),
    fixes=(
        ("refund the duplicate charge", "refunded the duplicate charge"),
        ("unlock your online banking", "unlocked your online banking"),
        ("order you a new card", "ordered you a new card"),
        ("raise a dispute on that payment", "raised a dispute on that payment"),
        ("waive the overdraft fee", "waived the overdraft fee"),
        (
            "chase the transfer with the receiving bank",
            "chased the transfer with the receiving bank",
        ),
    ),
    steps=(
        ("log out and log back in", "logging out and back in"),
        ("update the app", "updating the app"),
        ("try the card with chip and PIN", "using chip and PIN instead of contactless"),
    ),
    ids=("account number", "sort code", "date of birth", "card's last four digits"),
    locate_qs=(
        "Which branch did you visit?",
        "Which shop was the payment at?",
        "What date did you make the transfer?",
        "Was it a contactless or chip payment?",
        "What amount was the charge for?",
    ),
    waits=(
        ("a refund", "three to five working days"),
        ("a new card", "five to seven days to arrive"),
    ),
    policies=(
        "For security we block the card after three wrong PIN attempts.",
        "International transfers can take up to four working days.",
        "Disputes are reviewed by a separate team.",
    ),
    teams=("our fraud team", "the payments team"),
)

INSURANCE = Industry(
    name="insurance",
    companies=("Evergreen Insurance", "Shieldwell", "Bluepoint Cover"),
    things=("home insurance policy", "car insurance", "claim", "travel cover", "renewal"),
    issues=(
        "the delay on your claim",
        "the premium increase",
        "the missing documents",
        "the rejected claim",
    ),
    symptoms=(
        (
            "My claim doesn't show up anywhere online.",
            "Is the claim showing as open in your portal?",
            "Okay, I've logged into the portal again like you said.",
        ),
        (
            "I never got my policy documents.",
            "Can you see the policy documents in your account?",
            "Right, I've refreshed the documents page.",
        ),
        (
            "Nobody has called me back about the assessor.",
            "Has the assessor been in touch?",
            "Okay, I've just had a missed call from an unknown number.",
        ),
        (
            "My renewal price has gone up a lot.",
            "Is the renewal price showing higher than last year?",
            "Okay, I've reloaded the renewal page since you applied the discount.",
        ),
    ),
    complaints=(
        "My claim has been sitting there for six weeks.",
        "My premium has gone up by forty percent.",
        "I never got my policy documents.",
        "You rejected my claim for the water damage.",
        "Nobody has called me back about the assessor.",
    ),
    fixed_ctx=(
        "Okay, I've logged into the portal again.",
        "Right, I can see the email you just sent.",
        "Okay, I've refreshed the claims page.",
        "I've checked my inbox like you said.",
    ),
    impact_ctx=(
        "We've been living with a hole in the ceiling for a month.",
        "I can't afford the new premium on my pension.",
        "I can't drive to work until the car's repaired.",
        "We had to cancel our holiday and lost the deposit.",
    ),
    activities=(
        "living in the house",
        "getting to work",
        "planning the repairs",
        "going on your trip",
    ),
    costs=("money", "sleep", "your holiday"),
    areas=("your family", "your plans", "your budget"),
    fixes=(
        ("escalate your claim to a senior handler", "escalated your claim to a senior handler"),
        ("resend your policy documents by email", "resent your policy documents"),
        ("book the assessor for Thursday", "booked the assessor for Thursday"),
        ("apply a loyalty discount to the renewal", "applied a loyalty discount to the renewal"),
        ("arrange a courtesy car", "arranged a courtesy car"),
        ("reopen the claim for review", "reopened the claim for review"),
    ),
    steps=(
        ("reset your portal password", "resetting your portal password"),
        ("add our address to your safe senders", "adding us to your safe senders"),
        ("update the app", "updating the app"),
    ),
    ids=("policy number", "claim reference", "date of birth", "registration number"),
    locate_qs=(
        "When did the damage happen?",
        "Which room was affected?",
        "What reason did the rejection letter give?",
        "Was the car parked or moving at the time?",
    ),
    waits=(("a claim review", "up to ten working days"), ("the assessor's report", "about a week")),
    policies=(
        "Your policy has a two-hundred pound excess.",
        "Gradual leaks aren't covered under the standard policy.",
        "Premiums are recalculated every year at renewal.",
    ),
    teams=("our claims team", "a senior claims handler"),
)

SERVICES: tuple[Industry, ...] = (TELECOM, BANKING, INSURANCE, UTILITIES, SAAS, LOGISTICS)
