"""Industries: utilities, SaaS, logistics (part of SERVICES, see services.py)."""

from __future__ import annotations

from models.data.vocab import Industry

UTILITIES = Industry(
    name="utilities",
    companies=("Brightwater Energy", "Lumen Power", "Cityflow Water"),
    things=("energy bill", "smart meter", "gas supply", "water supply", "direct debit"),
    issues=("the estimated bills", "the high bill", "the meter readings", "the low water pressure"),
    symptoms=(
        (
            "The smart meter screen has gone blank.",
            "Is the smart meter display blank?",
            "Okay, I've reset the meter display like you said.",
        ),
        (
            "The boiler keeps losing pressure.",
            "Is the boiler pressure above one bar?",
            "Right, I've topped up the boiler pressure.",
        ),
        (
            "We've got no water at all.",
            "Is there water coming from the cold tap?",
            "Okay, I've turned the stopcock back on.",
        ),
        (
            "The app doesn't show any meter readings.",
            "Does the meter show a reading in the app?",
            "I've refreshed the app like you said.",
        ),
    ),
    complaints=(
        "My bill has doubled this month.",
        "The smart meter hasn't sent a reading since March.",
        "We've had no hot water since yesterday.",
        "The water pressure is really low.",
        "You took the direct debit twice.",
    ),
    fixed_ctx=(
        "Okay, I've reset the meter display.",
        "Right, I've topped up the boiler pressure.",
        "Okay, I've turned the stopcock back on.",
        "I've refreshed the app like you said.",
    ),
    impact_ctx=(
        "I've got a newborn and we can't keep the house warm.",
        "I can't afford a bill that size this month.",
        "My elderly mum lives with us and she's freezing.",
        "I run a café and I can't open without water.",
    ),
    activities=("heating the house", "running the café", "cooking", "looking after your mum"),
    costs=("money", "trade", "a lot of stress"),
    areas=("your family", "your household budget", "your business"),
    fixes=(
        ("rebill you on actual readings", "rebilled you on actual readings"),
        ("send a meter engineer", "booked a meter engineer"),
        ("refund the second direct debit", "refunded the second direct debit"),
        ("set up a payment plan", "set up a payment plan"),
        ("put an emergency credit on the meter", "added emergency credit to the meter"),
    ),
    steps=(
        ("hold the meter button for five seconds", "holding the meter button down"),
        ("top up the boiler pressure", "topping up the boiler pressure"),
        ("open the stopcock under the sink fully", "opening the stopcock fully"),
    ),
    ids=("account number", "meter serial number", "supply address"),
    locate_qs=(
        "Which tap is affected?",
        "Is it the gas or the electricity bill?",
        "What reading does the meter show?",
        "Are your neighbours affected too?",
    ),
    waits=(("a meter exchange", "up to three weeks"), ("a rebill", "about five working days")),
    policies=(
        "When we don't get a reading we estimate your usage.",
        "There's planned maintenance on the mains in your street.",
        "Direct debits are reviewed every six months.",
    ),
    teams=("our metering team", "the billing team"),
)

SAAS = Industry(
    name="saas",
    companies=("Cloudnote", "Taskly", "Ledgerly"),
    things=("workspace", "subscription", "dashboard", "integration", "admin account"),
    issues=("the sync errors", "the login loop", "the failed export", "the missing data"),
    symptoms=(
        (
            "The dashboard just shows a blank screen.",
            "Does the dashboard load?",
            "Okay, I've cleared the cache and reloaded.",
        ),
        (
            "Our files stopped syncing yesterday.",
            "Is the sync icon spinning?",
            "Right, I've signed out of the desktop app and back in.",
        ),
        (
            "My team can't see the shared folder.",
            "Can your team see the shared folder?",
            "Okay, I've re-shared the folder like you told me.",
        ),
        (
            "I get an error every time I export.",
            "Does the export finish?",
            "Okay, I've started the export again.",
        ),
        (
            "The integration keeps disconnecting.",
            "Is the integration showing as connected?",
            "Right, I've reconnected the integration.",
        ),
    ),
    complaints=(
        "The dashboard just shows a blank screen.",
        "Our data stopped syncing yesterday.",
        "I get an error 500 every time I export.",
        "I keep getting logged out every few minutes.",
        "We were charged for seats we removed.",
    ),
    fixed_ctx=(
        "Okay, I've cleared the cache and reloaded.",
        "Right, I've reconnected the integration.",
        "Done, I logged out and back in.",
        "Okay, I've updated to the latest version.",
    ),
    impact_ctx=(
        "My whole team has been sitting idle since this morning.",
        "We couldn't send invoices to our clients this week.",
        "I have a board presentation tomorrow and all the numbers are in there.",
        "We missed a client deadline because of this.",
    ),
    activities=(
        "invoicing your clients",
        "running payroll",
        "working with your team",
        "meeting the deadline",
    ),
    costs=("clients", "revenue", "billable hours"),
    areas=("your team", "your business", "your deadlines"),
    fixes=(
        ("reset your workspace cache", "reset your workspace cache"),
        (
            "roll back the last update on your account",
            "rolled back the last update on your account",
        ),
        ("credit you for the extra seats", "credited you for the extra seats"),
        ("escalate this to engineering", "escalated this to engineering"),
        (
            "restore your data from last night's backup",
            "restored your data from last night's backup",
        ),
        ("re-run the export on our side", "re-run the export on our side"),
    ),
    steps=(
        ("clear your browser cache", "clearing the browser cache"),
        ("reconnect the integration", "reconnecting the integration"),
        ("try it in an incognito window", "using an incognito window"),
    ),
    ids=("workspace name", "admin email address", "customer ID"),
    locate_qs=(
        "Which browser are you using?",
        "Which workspace is affected?",
        "Is it all users or just you?",
        "What were you clicking when it happened?",
        "Which version of the app do you have?",
    ),
    waits=(
        ("a full resync", "a couple of hours"),
        ("an engineering ticket", "one to two business days"),
    ),
    policies=(
        "Seats are billed monthly in advance.",
        "We had a partial outage this morning that's now resolved.",
        "Exports over a million rows run in the background.",
    ),
    teams=("our engineering team", "tier two support"),
)

LOGISTICS = Industry(
    name="logistics",
    companies=("Swiftpost", "Parcelway", "Kestrel Freight"),
    things=("parcel", "delivery", "shipment", "pallet", "return"),
    issues=("the missing parcel", "the late delivery", "the damaged box", "the wrong address"),
    symptoms=(
        (
            "My parcel hasn't arrived yet.",
            "Does the tracking say delivered?",
            "Okay, I've refreshed the tracking page.",
        ),
        (
            "The parcel doesn't show in my account.",
            "Is the parcel showing in the app?",
            "Right, I've added the tracking number to the app like you said.",
        ),
        (
            "The tracking hasn't moved in five days.",
            "Has the tracking updated?",
            "Okay, I've got the tracking page open again.",
        ),
        (
            "The driver says he left a card but I can't find one.",
            "Is there a card through the door?",
            "I've had another look by the door like you said.",
        ),
    ),
    complaints=(
        "My parcel says delivered but it's not here.",
        "The tracking hasn't moved in five days.",
        "The box arrived completely crushed.",
        "The driver left it at the wrong house.",
        "My pallet was supposed to arrive yesterday.",
    ),
    fixed_ctx=(
        "Okay, I've refreshed the tracking page.",
        "Right, I've checked with my neighbour like you said.",
        "Okay, I just got the text you sent.",
        "I've had a look in the safe place now.",
    ),
    impact_ctx=(
        "It's my daughter's birthday present and the party is on Saturday.",
        "My customers are waiting on that stock.",
        "It's medication I need for my dog.",
        "I took a day off work to wait for it.",
    ),
    activities=(
        "fulfilling your orders",
        "getting to work",
        "running your stall",
        "planning the party",
    ),
    costs=("orders", "a day's pay", "customers"),
    areas=("your business", "your plans", "your week"),
    fixes=(
        ("open a lost-parcel investigation", "opened a lost-parcel investigation"),
        ("rebook the delivery for tomorrow", "rebooked the delivery for tomorrow"),
        ("refund the shipping cost", "refunded the shipping cost"),
        ("redirect it to your local pickup point", "redirected it to your local pickup point"),
        ("send out a replacement", "sent out a replacement"),
    ),
    steps=(
        ("set a safe place in the app", "setting a safe place in the app"),
        ("rebook the delivery slot in the app", "rebooking the slot in the app"),
        ("update the address in the app", "updating the address in the app"),
    ),
    ids=("tracking number", "order reference", "delivery postcode"),
    locate_qs=(
        "Which depot did the last scan come from?",
        "What does the last tracking update say?",
        "Was there a photo with the delivery?",
        "Which address was it meant to go to?",
    ),
    waits=(
        ("a lost-parcel investigation", "up to ten working days"),
        ("a redelivery", "one to two days"),
    ),
    policies=(
        "Drivers take a photo on every doorstep delivery.",
        "We can't change the address once the parcel is out for delivery.",
        "Compensation is capped at the declared value.",
    ),
    teams=("the depot manager", "our claims team"),
)
