"""Industries: airline, retail, hotel, automotive, food delivery, gaming, streaming."""

from __future__ import annotations

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

FOOD_DELIVERY = Industry(
    name="food_delivery",
    companies=("Dishdash", "Munchbox", "QuickPlate"),
    things=("order", "meal", "delivery", "subscription", "voucher"),
    issues=("the cold food", "the missing items", "the wrong order", "the late rider"),
    symptoms=(
        (
            "The rider seems to have disappeared.",
            "Is the rider showing on the map?",
            "Okay, I've reopened the app.",
        ),
        (
            "The order page doesn't say anything.",
            "Does the order say delivered?",
            "Right, I've refreshed the order page.",
        ),
        (
            "My voucher didn't come off the total.",
            "Is the voucher showing at checkout?",
            "Okay, I've re-entered the voucher code like you said.",
        ),
        (
            "The app says the restaurant is closed.",
            "Is the restaurant showing as open?",
            "I've closed the app and reopened it.",
        ),
    ),
    complaints=(
        "My food arrived cold.",
        "Half my order is missing.",
        "The rider has been stuck on the map for forty minutes.",
        "You delivered someone else's order.",
        "My voucher didn't come off the total.",
    ),
    fixed_ctx=(
        "Okay, I've reopened the app.",
        "Right, I've refreshed the order page.",
        "Okay, the notification just came through.",
        "I've checked the account credits like you said.",
    ),
    impact_ctx=(
        "I've got six hungry kids at a birthday party here.",
        "I'm diabetic and I needed to eat an hour ago.",
        "That was my lunch break and now it's over.",
        "I paid forty pounds for food I can't eat.",
    ),
    activities=(
        "feeding the kids",
        "eating on your break",
        "hosting the party",
        "getting back to work",
    ),
    costs=("your lunch break", "money", "the party"),
    areas=("your evening", "your guests", "your day"),
    fixes=(
        ("refund the missing items", "refunded the missing items"),
        ("send a fresh order", "sent a fresh order"),
        ("add a credit to your account", "added a credit to your account"),
        ("apply the voucher to this order", "applied the voucher to this order"),
        ("refund the whole order", "refunded the whole order"),
    ),
    steps=(
        ("update the app", "updating the app"),
        ("re-enter the voucher code", "re-entering the voucher code"),
        ("close the app and reopen it", "closing and reopening the app"),
    ),
    ids=("order number", "email on the account", "phone number"),
    locate_qs=(
        "Which restaurant did you order from?",
        "Which items are missing?",
        "What time did the order arrive?",
        "What does the order status say?",
    ),
    waits=(("a refund", "up to three working days"), ("a redelivery", "about forty minutes")),
    policies=(
        "Vouchers can only be used once per account.",
        "Riders are matched automatically by distance.",
        "Refunds for missing items go back to the original payment method.",
    ),
    teams=("the restaurant", "our rider support team"),
)

GAMING = Industry(
    name="gaming",
    companies=("Pixelforge", "Nebula Games", "Arcadia Online"),
    things=("game account", "console", "season pass", "in-game purchase", "controller"),
    issues=("the missing skins", "the lag", "the banned account", "the failed purchase"),
    symptoms=(
        (
            "I bought a skin and it never showed up.",
            "Do the items show in your inventory?",
            "Okay, I've restarted the console.",
        ),
        (
            "The game won't get past loading.",
            "Is the game stuck on the loading screen?",
            "Right, I've verified the game files like you said.",
        ),
        (
            "My controller won't pair with the console.",
            "Does the controller light flash?",
            "Okay, I've re-paired the controller.",
        ),
        (
            "I keep getting disconnected from matches.",
            "Can you connect to the servers?",
            "I've switched to the server region you suggested.",
        ),
    ),
    complaints=(
        "I bought a skin and it never showed up.",
        "My account got banned for no reason.",
        "The game crashes every time I load a match.",
        "My controller won't pair with the console.",
        "The lag is so bad I keep getting kicked.",
    ),
    fixed_ctx=(
        "Okay, I've restarted the console.",
        "Right, I've re-paired the controller.",
        "Okay, I've verified the game files.",
        "I've logged out and back in like you said.",
    ),
    impact_ctx=(
        "I stream for a living and I've missed three streams.",
        "I spent my birthday money on that pack.",
        "My team is in a tournament this weekend.",
        "My son's been in tears all evening about it.",
    ),
    activities=(
        "streaming",
        "playing in the tournament",
        "playing with your friends",
        "earning on your channel",
    ),
    costs=("viewers", "money", "tournament practice"),
    areas=("your channel", "your team", "your son"),
    fixes=(
        ("restore the missing items", "restored the missing items"),
        ("refund the purchase", "refunded the purchase"),
        ("send your ban for manual review", "sent your ban for manual review"),
        ("send you a replacement controller", "sent you a replacement controller"),
        ("move you to a closer server region", "moved you to a closer server region"),
    ),
    steps=(
        ("verify the game files", "verifying the game files"),
        ("re-pair the controller", "re-pairing the controller"),
        ("restart the console", "restarting the console"),
    ),
    ids=("gamertag", "account email", "transaction ID"),
    locate_qs=(
        "Which platform are you playing on?",
        "Which pack did you buy?",
        "Which server region are you on?",
        "What error code comes up?",
    ),
    waits=(("a ban review", "up to seventy-two hours"), ("a purchase restore", "about an hour")),
    policies=(
        "Purchases are tied to the account, not the console.",
        "Bans are applied automatically by the anti-cheat system.",
        "Refunds are only possible within fourteen days.",
    ),
    teams=("our trust and safety team", "the payments team"),
)

STREAMING = Industry(
    name="streaming",
    companies=("Flixwave", "Tunebox", "Screenly"),
    things=("subscription", "account", "TV app", "family plan", "profile"),
    issues=("the buffering", "the double charge", "the playback error", "the missing downloads"),
    symptoms=(
        (
            "I get an error when I press play.",
            "Does the video play?",
            "Okay, I've signed out and back in.",
        ),
        (
            "Everything keeps buffering on my TV.",
            "Is the app showing the spinning wheel?",
            "Right, I've restarted the TV like you said.",
        ),
        (
            "My downloads have disappeared.",
            "Can you see your downloads?",
            "Okay, I've reinstalled the app.",
        ),
        (
            "The TV app crashes straight away.",
            "Does the TV app open?",
            "I've updated the app like you said.",
        ),
    ),
    complaints=(
        "Everything keeps buffering on my TV.",
        "I was charged twice this month.",
        "I get an error when I press play.",
        "My downloads disappeared before my flight.",
        "Someone else is using my account.",
    ),
    fixed_ctx=(
        "Okay, I've signed out and back in.",
        "Right, I've reinstalled the app.",
        "Okay, I've restarted the TV.",
        "I've changed my password like you said.",
    ),
    impact_ctx=(
        "My kids watch their shows on the long drive and now they can't.",
        "I'm paying for something I can't use.",
        "I'm worried someone has my card details.",
        "I downloaded all that for a twelve-hour flight tomorrow.",
    ),
    activities=(
        "watching with your family",
        "keeping the kids busy",
        "relaxing in the evening",
        "using it on your flight",
    ),
    costs=("money", "your evenings", "your flight entertainment"),
    areas=("your evenings", "your family", "your trip"),
    fixes=(
        ("refund the extra charge", "refunded the extra charge"),
        ("sign out every device on the account", "signed out every device on the account"),
        ("reset the app data from our side", "reset the app data from our side"),
        ("add a free month to your account", "added a free month to your account"),
    ),
    steps=(
        ("sign out and back in", "signing out and back in"),
        ("reinstall the app", "reinstalling the app"),
        ("restart the TV", "restarting the TV"),
    ),
    ids=("account email", "last four digits of the card", "profile name"),
    locate_qs=(
        "Which device are you watching on?",
        "Which title won't play?",
        "What error code does it show?",
        "Is it on wifi or mobile data?",
    ),
    waits=(("a refund", "five to ten days"), ("a plan change", "one billing cycle")),
    policies=(
        "The standard plan allows two screens at once.",
        "Downloads expire after thirty days.",
        "Some titles aren't available in every country.",
    ),
    teams=("our security team", "the billing team"),
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
