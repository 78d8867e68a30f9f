"""Industries: airline, retail, hotel, automotive; CONSUMER adds leisure.py's three."""

from __future__ import annotations

from models.data.industries.leisure import FOOD_DELIVERY, GAMING, STREAMING
from models.data.vocab import Industry

AIRLINE = Industry(
    name="airline",
    companies=("Aerolux", "Bluewing Airways", "Horizon Travel"),
    things=("booking", "flight", "baggage claim", "seat reservation", "holiday package"),
    issues=(
        "the cancelled flight",
        "the lost suitcase",
        "the double booking",
        "the missing refund",
    ),
    symptoms=(
        (
            "My booking has disappeared from the app.",
            "Is the booking showing in the app?",
            "Okay, I've reopened the app.",
        ),
        (
            "I can't get my boarding pass.",
            "Can you see your boarding pass?",
            "Right, I've logged in again like you said.",
        ),
        (
            "My seat doesn't show on the booking.",
            "Does the seat map show your seat?",
            "Okay, I've refreshed the seat map.",
        ),
        (
            "My bag still says it's missing.",
            "Is the bag status showing as located?",
            "Okay, I've checked the baggage tracker again.",
        ),
    ),
    complaints=(
        "My flight got cancelled and nobody told me.",
        "My suitcase didn't arrive in Lisbon.",
        "I was charged twice for the same booking.",
        "The app won't let me check in.",
        "My seat was given to someone else.",
    ),
    fixed_ctx=(
        "Okay, I've reopened the app.",
        "Right, the confirmation email just came in.",
        "Okay, I've refreshed my bookings.",
        "I've logged in again like you said.",
    ),
    impact_ctx=(
        "I'm going to miss my sister's wedding.",
        "I have a client meeting in Berlin first thing Monday.",
        "All my medication is in that suitcase.",
        "We've had to pay for a hotel out of our own pocket.",
    ),
    activities=(
        "getting to the wedding",
        "making your meeting",
        "starting your holiday",
        "getting home",
    ),
    costs=("a hotel night", "money", "your holiday"),
    areas=("your trip", "your plans", "your family"),
    fixes=(
        ("rebook you on the evening flight", "rebooked you on the evening flight"),
        ("refund the second charge", "refunded the second charge"),
        ("file a delayed-baggage report", "filed a delayed-baggage report"),
        ("cover a hotel for tonight", "booked you a hotel for tonight"),
        ("move you to a window seat", "moved you to a window seat"),
        ("issue a travel voucher", "issued a travel voucher"),
    ),
    steps=(
        ("check in on the website instead", "checking in on the website"),
        ("update the app", "updating the app"),
        ("log out and back in", "logging out and back in"),
    ),
    ids=("booking reference", "surname as it appears on the passport", "frequent flyer number"),
    locate_qs=(
        "Which flight was it?",
        "Which airport did you fly from?",
        "What was the date of travel?",
        "What colour is the suitcase?",
        "Was it the outbound or the return leg?",
    ),
    waits=(
        ("a refund to your card", "seven to ten working days"),
        ("a baggage trace", "up to five days"),
    ),
    policies=(
        "Fares can't be changed after check-in closes.",
        "Compensation depends on the length of the delay.",
        "Hand luggage must be under ten kilos.",
    ),
    teams=("our baggage desk", "the customer relations team"),
)

RETAIL = Industry(
    name="retail",
    companies=("Maple & Co", "Shopstream", "Brightcart"),
    things=("order", "return", "account", "gift card", "delivery"),
    issues=("the wrong size", "the missing item", "the faulty kettle", "the unapplied discount"),
    symptoms=(
        (
            "My order hasn't been sent yet.",
            "Is the order showing as dispatched?",
            "Okay, I've refreshed my orders page.",
        ),
        (
            "The discount code won't work at checkout.",
            "Does the discount code apply at checkout?",
            "Right, I've emptied the basket and added it again.",
        ),
        (
            "The gift card balance says zero.",
            "Is the gift card balance showing?",
            "Okay, I've logged back into my account.",
        ),
        (
            "The kettle you sent doesn't switch on.",
            "Does the kettle switch on?",
            "Okay, I've plugged it into a different socket like you said.",
        ),
    ),
    complaints=(
        "My order arrived with an item missing.",
        "The kettle you sent doesn't switch on.",
        "The discount code won't work at checkout.",
        "I returned a jacket a month ago and haven't had my money.",
        "I got the wrong size.",
    ),
    fixed_ctx=(
        "Okay, I've emptied the basket and added it again.",
        "Right, I've refreshed the checkout page.",
        "Okay, I've plugged it into a different socket.",
        "I've logged back into my account.",
    ),
    impact_ctx=(
        "It was meant to be a present for my son's birthday tomorrow.",
        "I needed that outfit for an interview on Friday.",
        "I'm out of pocket eighty pounds while I wait.",
        "I've got nothing to boil water with for the baby's bottles.",
    ),
    activities=(
        "getting ready for the interview",
        "wrapping the present",
        "making the baby's bottles",
        "working",
    ),
    costs=("money", "time", "the present"),
    areas=("your plans", "your week", "your budget"),
    fixes=(
        ("send the missing item by express delivery", "sent the missing item by express delivery"),
        ("refund the return today", "refunded the return"),
        ("apply the discount manually", "applied the discount manually"),
        ("send you a replacement kettle", "sent you a replacement kettle"),
        ("book a free collection", "booked a free collection"),
        ("exchange it for the right size", "arranged an exchange for the right size"),
    ),
    steps=(
        ("remove the item and add it again", "removing the item and adding it again"),
        ("try a different socket", "trying a different socket"),
        ("clear your basket", "clearing the basket"),
    ),
    ids=("order number", "email address on the account", "postcode"),
    locate_qs=(
        "Which item is missing?",
        "Which store did you buy it from?",
        "What size did you order?",
        "Which payment method did you use?",
        "When did you send the return?",
    ),
    waits=(("a refund", "three to five days to show"), ("an exchange", "about a week")),
    policies=(
        "Returns are accepted within thirty days.",
        "Discount codes can't be combined with sale items.",
        "Electrical items have a one-year warranty.",
    ),
    teams=("our returns team", "the warehouse"),
)

HOTEL = Industry(
    name="hotel",
    companies=("Seabreeze Hotels", "The Granary Inn", "Stayfield Resorts"),
    things=("reservation", "room", "stay", "booking", "deposit"),
    issues=(
        "the noisy room",
        "the missing reservation",
        "the held deposit",
        "the broken air conditioning",
    ),
    symptoms=(
        (
            "The air conditioning in my room doesn't work.",
            "Is the air conditioning blowing cold?",
            "Right, I've switched the unit off and on like you said.",
        ),
        (
            "The booking isn't in my confirmation email.",
            "Is the reservation showing in your confirmation?",
            "Okay, I just got the new confirmation.",
        ),
        (
            "My key card stopped working.",
            "Does the key card open the door?",
            "Okay, I've tried the key card again.",
        ),
        (
            "The deposit is still held on my card.",
            "Is the deposit still showing as held?",
            "I've checked my banking app again.",
        ),
    ),
    complaints=(
        "The front desk says they have no record of my booking.",
        "The air conditioning in my room doesn't work.",
        "You still haven't released my deposit.",
        "My key card stopped working.",
        "The room next door has been loud all night.",
    ),
    fixed_ctx=(
        "Okay, I've tried the key card again.",
        "Right, I've switched the unit off and on.",
        "Okay, I just got the new confirmation.",
        "I'm back in the room now.",
    ),
    impact_ctx=(
        "I've got a conference presentation in the morning and I haven't slept.",
        "My kids are exhausted and we've been in the lobby for two hours.",
        "That deposit is money I need for the rest of the trip.",
        "This was supposed to be our anniversary weekend.",
    ),
    activities=(
        "getting some sleep",
        "enjoying your anniversary",
        "preparing for the conference",
        "resting",
    ),
    costs=("sleep", "money", "your weekend"),
    areas=("your stay", "your trip", "your family"),
    fixes=(
        ("move you to a quieter room", "moved you to a quieter room"),
        ("release the deposit today", "released the deposit"),
        ("send maintenance up to your room", "sent maintenance up to your room"),
        ("upgrade you to a suite", "upgraded you to a suite"),
        ("take the first night off your bill", "taken the first night off your bill"),
    ),
    steps=(
        ("hold the key card flat against the reader", "holding the card flat on the reader"),
        ("switch the unit off at the wall", "switching the unit off at the wall"),
        ("pop down to reception for a new card", "getting a new card at reception"),
    ),
    ids=("confirmation number", "surname on the booking", "room number"),
    locate_qs=(
        "Which room are you in?",
        "Which hotel did you book?",
        "What dates is the stay for?",
        "Which door does the card not open?",
    ),
    waits=(
        ("a deposit release", "up to seven days with your bank"),
        ("maintenance", "about twenty minutes"),
    ),
    policies=(
        "Deposits are held until checkout.",
        "Late checkout depends on availability.",
        "Rooms booked through third parties sometimes take a day to appear.",
    ),
    teams=("the duty manager", "our reservations team"),
)

AUTOMOTIVE = Industry(
    name="automotive",
    companies=("Redline Motors", "AutoCare Direct", "Greenway Cars"),
    things=("car", "service booking", "warranty", "lease", "breakdown cover"),
    issues=("the warning light", "the delayed repair", "the rattle", "the battery drain"),
    symptoms=(
        (
            "The engine warning light came on this morning.",
            "Is the warning light still on?",
            "Okay, I've turned the engine off and on again.",
        ),
        (
            "My car won't start in the mornings.",
            "Does the car start?",
            "Right, I've reconnected the battery like you said.",
        ),
        (
            "The infotainment screen keeps freezing.",
            "Does the screen respond when you touch it?",
            "Okay, I've held the power button down for ten seconds.",
        ),
        (
            "There's a warning light on the dashboard.",
            "Is the engine light amber or red?",
            "I've just started it again like you said.",
        ),
    ),
    complaints=(
        "The engine warning light came on this morning.",
        "My car's been at your garage for three weeks.",
        "There's a rattle from the back every time I brake.",
        "The battery is flat every morning.",
        "The infotainment screen keeps freezing.",
    ),
    fixed_ctx=(
        "Okay, I've turned the engine off and on again.",
        "Right, I've reconnected the battery.",
        "Okay, I've held the button down for ten seconds like you said.",
        "I've just started it again.",
    ),
    impact_ctx=(
        "I need the car to get my kids to school.",
        "I'm a delivery driver, so no car means no income.",
        "I've been paying for taxis all week.",
        "I've got a long drive to my dad's hospital appointment on Friday.",
    ),
    activities=(
        "getting the kids to school",
        "doing your deliveries",
        "getting to work",
        "visiting your dad",
    ),
    costs=("income", "taxi fares", "money"),
    areas=("your work", "your family", "your week"),
    fixes=(
        ("arrange a courtesy car", "arranged a courtesy car"),
        ("book you in for a diagnostic tomorrow", "booked you in for a diagnostic tomorrow"),
        ("send a breakdown van", "sent a breakdown van"),
        ("cover the repair under warranty", "approved the repair under warranty"),
        ("escalate it to the workshop manager", "escalated it to the workshop manager"),
    ),
    steps=(
        ("hold the screen's power button for ten seconds", "holding the power button down"),
        ("disconnect the battery for ten minutes", "disconnecting the battery for a bit"),
        ("restart the engine", "restarting the engine"),
    ),
    ids=("registration number", "VIN", "agreement number"),
    locate_qs=(
        "Which warning light is it?",
        "Which dealership did you buy it from?",
        "What's the mileage?",
        "Does it happen when the engine is cold?",
    ),
    waits=(("a parts order", "three to five days"), ("a warranty claim", "about a week")),
    policies=(
        "The warranty covers parts but not wear items like brake pads.",
        "Courtesy cars depend on availability at the branch.",
        "The first service is due at twelve thousand miles.",
    ),
    teams=("the workshop manager", "our warranty team"),
)

CONSUMER: tuple[Industry, ...] = (
    AIRLINE,
    RETAIL,
    HOTEL,
    AUTOMOTIVE,
    FOOD_DELIVERY,
    GAMING,
    STREAMING,
)
