"""Industries: food delivery, gaming, streaming (part of CONSUMER, see consumer.py)."""

from __future__ import annotations

from models.data.vocab import Industry

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
