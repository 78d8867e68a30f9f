"""Industries: healthcare clinic, pharmacy, government services, education, real estate/property."""

from __future__ import annotations

from models.data.vocab import Industry

HEALTHCARE = Industry(
    name="healthcare",
    companies=("Riverside Clinic", "Oakwood Medical Centre", "CareFirst Health"),
    things=("appointment", "test results", "referral", "patient portal", "prescription request"),
    issues=(
        "the cancelled appointment",
        "the missing results",
        "the lost referral",
        "the portal lockout",
    ),
    symptoms=(
        (
            "My appointment isn't in the portal.",
            "Is the appointment showing in the portal?",
            "Okay, I've logged back into the portal.",
        ),
        (
            "I can't find my test results online.",
            "Can you see the results section?",
            "Right, I've reset my password and logged in.",
        ),
        (
            "The booking page keeps timing out.",
            "Does the booking page open?",
            "Okay, I've tried another browser like you said.",
        ),
        (
            "My referral seems to have been lost.",
            "Is the referral showing as sent?",
            "Okay, I can see a new message in my inbox.",
        ),
    ),
    complaints=(
        "My appointment was cancelled without any notice.",
        "I had blood tests two weeks ago and still no results.",
        "My referral to the specialist seems to have been lost.",
        "I'm locked out of the patient portal.",
        "The booking page keeps timing out.",
    ),
    fixed_ctx=(
        "Okay, I've logged back into the portal.",
        "Right, I've reset my password.",
        "Okay, I can see a new message in my inbox.",
        "I've refreshed the page like you said.",
    ),
    impact_ctx=(
        "I've been in pain every day waiting for this.",
        "I can't go back to work until the doctor signs me off.",
        "I'm really anxious about what the results will say.",
        "I had to take unpaid leave for that appointment.",
    ),
    activities=("working", "sleeping", "looking after your kids", "getting on with your day"),
    costs=("sleep", "pay", "peace of mind"),
    areas=("your health", "your work", "your family"),
    fixes=(
        ("book you in for tomorrow morning", "booked you in for tomorrow morning"),
        ("chase the results with the lab", "chased the results with the lab"),
        ("resend the referral today", "resent the referral"),
        ("unlock your portal account", "unlocked your portal account"),
        ("put you on the cancellation list", "put you on the cancellation list"),
        (
            "ask the doctor to call you back this afternoon",
            "asked the doctor to call you back this afternoon",
        ),
    ),
    steps=(
        ("reset your portal password", "resetting your password"),
        ("try the booking page on another browser", "using another browser"),
        ("clear the browser cookies", "clearing the cookies"),
    ),
    ids=("date of birth", "patient number", "home address"),
    locate_qs=(
        "Which doctor referred you?",
        "Which clinic was the appointment at?",
        "When were the tests taken?",
        "Which specialist was the referral for?",
    ),
    waits=(("lab results", "about ten working days"), ("a routine referral", "up to six weeks")),
    policies=(
        "Results are only released once the doctor has reviewed them.",
        "We can't give results over the phone without two security checks.",
        "Appointments are released at eight each morning.",
    ),
    teams=("the practice manager", "the duty doctor"),
)

PHARMACY = Industry(
    name="pharmacy",
    companies=("Greenleaf Pharmacy", "MediPlus Chemist", "Wellpoint Pharmacy"),
    things=(
        "prescription",
        "repeat order",
        "medication delivery",
        "inhaler refill",
        "pharmacy app",
    ),
    issues=(
        "the missing prescription",
        "the out-of-stock medication",
        "the wrong dose",
        "the late delivery",
    ),
    symptoms=(
        (
            "My repeat prescription still isn't ready.",
            "Is the prescription showing as ready?",
            "Okay, I've refreshed the app.",
        ),
        (
            "My order isn't in the pharmacy app.",
            "Does the app show the order?",
            "Right, I've reinstalled the app like you said.",
        ),
        (
            "I think you've sent the wrong strength of tablets.",
            "Is the dose on the label ten milligrams?",
            "Okay, I've opened the new box the courier brought.",
        ),
        (
            "I haven't had any delivery text.",
            "Has the delivery text arrived?",
            "I've checked my phone again.",
        ),
    ),
    complaints=(
        "My repeat prescription still isn't ready.",
        "You've sent the wrong strength of tablets.",
        "The pharmacy says my medication is out of stock.",
        "My delivery was supposed to come yesterday.",
        "The app won't let me order my inhaler.",
    ),
    fixed_ctx=(
        "Okay, I've refreshed the app.",
        "Right, I just got a text from you.",
        "Okay, I've logged in again.",
        "I've checked the order page like you said.",
    ),
    impact_ctx=(
        "I've only got two tablets left.",
        "I'm going abroad on Friday and I need them before then.",
        "My son's asthma has been bad and he needs that inhaler.",
        "I've had to ring in sick because I couldn't get my medication.",
    ),
    activities=("managing your condition", "travelling", "working", "looking after your son"),
    costs=("doses", "a day's work", "peace of mind"),
    areas=("your health", "your travel plans", "your son"),
    fixes=(
        ("order the medication in for tomorrow", "ordered the medication in for tomorrow"),
        ("send the correct strength by courier today", "sent the correct strength by courier"),
        ("contact your GP for the prescription", "contacted your GP for the prescription"),
        ("give you an emergency supply", "arranged an emergency supply"),
        ("move your delivery to this afternoon", "moved your delivery to this afternoon"),
    ),
    steps=(
        ("reinstall the pharmacy app", "reinstalling the app"),
        ("log out of the app and back in", "logging out and back in"),
        ("ask your GP surgery to resend it", "asking the surgery to resend it"),
    ),
    ids=("date of birth", "NHS number", "home postcode"),
    locate_qs=(
        "Which medication is it?",
        "Which branch do you usually collect from?",
        "What strength does the box say?",
        "When did the surgery send the prescription?",
    ),
    waits=(("a repeat prescription", "forty-eight hours"), ("a stock order", "one to two days")),
    policies=(
        "We can only dispense what's on the prescription.",
        "Controlled medicines need a signature on delivery.",
        "Repeat prescriptions need the GP's approval each time.",
    ),
    teams=("the pharmacist", "your GP surgery"),
)

GOVERNMENT = Industry(
    name="government",
    companies=("the council", "the licensing office", "the benefits helpline"),
    things=(
        "application",
        "council tax account",
        "benefit claim",
        "permit",
        "passport application",
    ),
    issues=(
        "the delayed application",
        "the wrong council tax band",
        "the stopped payments",
        "the missing permit",
    ),
    symptoms=(
        (
            "I sent my application weeks ago and heard nothing.",
            "Is the application showing as received?",
            "Okay, I've logged into the online account.",
        ),
        (
            "My payment doesn't show on the online account.",
            "Does the online account show the payment?",
            "Right, I've refreshed the payments page.",
        ),
        (
            "My parking permit never arrived.",
            "Is the permit listed on your account?",
            "Okay, I've had the confirmation email.",
        ),
        (
            "My application has been stuck on pending for weeks.",
            "Has the status changed from pending?",
            "I've refreshed the status page like you said.",
        ),
    ),
    complaints=(
        "I applied for my passport eight weeks ago and heard nothing.",
        "My benefit payments have stopped.",
        "I've been put in the wrong council tax band.",
        "My parking permit never arrived.",
        "The online form keeps rejecting my documents.",
    ),
    fixed_ctx=(
        "Okay, I've logged into the online account.",
        "Right, I've re-uploaded the document.",
        "Okay, I've had the confirmation email.",
        "I've refreshed the status page.",
    ),
    impact_ctx=(
        "I'm supposed to travel for my father's funeral next week.",
        "I can't pay my rent without that payment.",
        "I've had two parking fines outside my own house.",
        "I'm paying more tax than I can afford.",
    ),
    activities=("travelling", "paying your rent", "parking at home", "getting to work"),
    costs=("money", "fines", "your trip"),
    areas=("your travel plans", "your household", "your finances"),
    fixes=(
        ("fast-track your application", "fast-tracked your application"),
        ("reinstate your payments", "reinstated your payments"),
        ("request a band review", "requested a band review"),
        ("issue a temporary permit", "issued a temporary permit"),
        ("cancel the parking fines", "cancelled the parking fines"),
    ),
    steps=(
        ("upload the document as a PDF", "uploading it as a PDF"),
        ("use the paper form instead", "using the paper form"),
        ("resubmit the form", "resubmitting the form"),
    ),
    ids=("reference number", "national insurance number", "date of birth", "full address"),
    locate_qs=(
        "Which office did you send it to?",
        "When did the last payment come in?",
        "What does the rejection message say?",
        "Which document is being rejected?",
    ),
    waits=(("a passport application", "up to ten weeks"), ("a band review", "about two months")),
    policies=(
        "We need proof of address dated within three months.",
        "Payments stop automatically if a review form isn't returned.",
        "Permits are posted within five working days.",
    ),
    teams=("the casework team", "a senior officer"),
)

EDUCATION = Industry(
    name="education",
    companies=("Northgate University", "Brightpath Academy", "Learnwell Online"),
    things=(
        "enrolment",
        "student account",
        "course portal",
        "tuition payment",
        "exam registration",
    ),
    issues=(
        "the missing grades",
        "the enrolment error",
        "the blocked course portal",
        "the unpaid fee flag",
    ),
    symptoms=(
        (
            "My course is missing from my timetable.",
            "Is the course showing on your timetable?",
            "Okay, I've refreshed the timetable.",
        ),
        (
            "I can't get into the course portal.",
            "Can you open the course portal?",
            "Right, I've cleared my browser history like you said.",
        ),
        (
            "My grades aren't showing on my transcript.",
            "Are the grades showing on your transcript?",
            "Okay, I've logged out and in again.",
        ),
        (
            "It says my fee hasn't been paid.",
            "Does the payment show as received?",
            "I've checked my student account like you said.",
        ),
    ),
    complaints=(
        "I can't get into the course portal.",
        "My grades aren't showing on my transcript.",
        "It says I'm not enrolled but I paid in August.",
        "My exam registration disappeared.",
        "I was charged the international fee by mistake.",
    ),
    fixed_ctx=(
        "Okay, I've logged out and in again.",
        "Right, I've cleared my browser history.",
        "Okay, I've refreshed the timetable.",
        "I've checked my student email like you said.",
    ),
    impact_ctx=(
        "My assignment is due on Friday and all the readings are in there.",
        "I can't apply for my visa without the enrolment letter.",
        "My parents are paying and they're really upset.",
        "I'll miss the exam if this isn't sorted.",
    ),
    activities=(
        "studying",
        "submitting your assignment",
        "sitting the exam",
        "applying for your visa",
    ),
    costs=("study time", "money", "your place on the course"),
    areas=("your studies", "your visa application", "your grades"),
    fixes=(
        ("re-enrol you manually", "re-enrolled you manually"),
        ("reset your portal access", "reset your portal access"),
        ("correct the fee on your account", "corrected the fee on your account"),
        ("register you for the exam", "registered you for the exam"),
        ("issue the enrolment letter today", "issued the enrolment letter"),
    ),
    steps=(
        ("clear your browser history", "clearing your browser history"),
        ("log in with your student email", "logging in with your student email"),
        ("use the campus wifi", "using the campus wifi"),
    ),
    ids=("student ID", "date of birth", "university email"),
    locate_qs=(
        "Which module is missing?",
        "Which campus are you at?",
        "Which exam was it?",
        "When did you pay the fee?",
    ),
    waits=(
        ("uploading grades", "about two weeks after the exam"),
        ("a fee correction", "five working days"),
    ),
    policies=(
        "Enrolment closes two weeks after term starts.",
        "Grades are released after the exam board meets.",
        "International fees depend on residency status.",
    ),
    teams=("the registry", "student finance"),
)

REAL_ESTATE = Industry(
    name="real_estate",
    companies=("Keystone Lettings", "Harbourview Property", "Urbanhome Management"),
    things=("tenancy", "rent account", "deposit", "repair request", "viewing"),
    issues=("the leaking roof", "the broken boiler", "the held deposit", "the rent overcharge"),
    symptoms=(
        (
            "Water is coming through my kitchen ceiling.",
            "Is the water still coming through the ceiling?",
            "Right, I've turned the water off at the mains like you said.",
        ),
        (
            "The boiler has stopped working.",
            "Is the boiler showing a fault code?",
            "Okay, I've reset the boiler like you said.",
        ),
        (
            "My repair request has vanished from the portal.",
            "Does the repair request show as open?",
            "I've checked the tenant portal again.",
        ),
        (
            "I'm not sure my deposit was ever protected.",
            "Is the deposit showing as protected?",
            "Okay, I've opened the link you just sent.",
        ),
    ),
    complaints=(
        "Water is coming through my kitchen ceiling.",
        "The boiler has been broken for a week.",
        "You've charged me rent twice this month.",
        "I moved out two months ago and still haven't got my deposit.",
        "The front door lock is broken.",
    ),
    fixed_ctx=(
        "Okay, I've reset the boiler like you said.",
        "Right, I've turned the water off at the mains.",
        "Okay, the contractor's just left.",
        "I've checked the tenant portal again.",
    ),
    impact_ctx=(
        "We've got a baby and no heating.",
        "I can't put down a deposit on my new place without that money.",
        "I work nights and the dripping keeps me awake all day.",
        "My landlord insurance won't cover it if it gets worse.",
    ),
    activities=(
        "sleeping",
        "moving into your new place",
        "using the kitchen",
        "keeping the baby warm",
    ),
    costs=("money", "sleep", "your new flat"),
    areas=("your family", "your move", "your budget"),
    fixes=(
        ("send an emergency plumber today", "booked an emergency plumber for today"),
        ("release your deposit this week", "released your deposit"),
        ("refund the duplicate rent", "refunded the duplicate rent"),
        ("arrange a locksmith this afternoon", "arranged a locksmith for this afternoon"),
        ("drop off electric heaters", "arranged electric heaters"),
    ),
    steps=(
        ("turn the water off at the stopcock", "turning the water off at the stopcock"),
        ("reset the boiler", "resetting the boiler"),
        ("bleed the radiators", "bleeding the radiators"),
    ),
    ids=("tenancy reference", "property address", "full name on the lease"),
    locate_qs=(
        "Which room is the leak in?",
        "What fault code is the boiler showing?",
        "Which property is this for?",
        "When did you move out?",
    ),
    waits=(
        ("a deposit return", "up to ten days after checkout"),
        ("a non-urgent repair", "about two weeks"),
    ),
    policies=(
        "Deposits are held in a government-approved scheme.",
        "Tenants are responsible for blocked drains.",
        "Emergency repairs are attended within twenty-four hours.",
    ),
    teams=("the property manager", "our maintenance team"),
)

PUBLIC: tuple[Industry, ...] = (HEALTHCARE, PHARMACY, GOVERNMENT, EDUCATION, REAL_ESTATE)
