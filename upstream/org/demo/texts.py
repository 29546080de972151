"""The demo's canned words: leaders' replies, reporters' answers, crisis texts and published actions.

All written by the project for the demo; none is a real report.
"""

from __future__ import annotations

from upstream.org.models import RoleGroup

CRISIS_TEXTS = [
    "I don't know who else to tell. Lately I've been thinking my family would be better off without me. "
    "I keep coming to work because I don't know what else to do.",
    "After the last few months I've had thoughts about wanting to end my life. I haven't told anyone "
    "because I'm afraid of what it would mean for my license.",
]

FIRST_REPLIES = {
    "workload_staffing": (
        "Thank you for telling us. I'm pulling the staffing grids for those shifts this week and taking "
        "them to the staffing committee."
    ),
    "admin_burden_ehr": (
        "Thank you. Can you tell me which screens or notes take the most time? I'm collecting examples "
        "for the informatics team."
    ),
    "leadership_autonomy": (
        "Thank you for saying this plainly. You're right that staff should be asked before changes like "
        "this. I'll bring it to the next leadership huddle."
    ),
    "moral_injury": (
        "Thank you for writing this. What you describe matters, and I'd like to bring it to the ethics "
        "committee. Is there anything you'd add?"
    ),
    "isolation_disconnection": (
        "Thank you. I hear that the team feels disconnected. Would a regular check-in on nights or "
        "weekends help?"
    ),
    "respect_safety": (
        "Thank you for reporting this. Nobody should be treated this way at work. I've started a review "
        "and I'll update you here."
    ),
    "recognition_growth": (
        "Thank you. You're right that this work often goes unseen. I'm looking at how we recognise it and"
        " at education funding."
    ),
    "work_life": (
        "Thank you for telling us. I'm reviewing how schedules and swaps are handled and will share what "
        "we find."
    ),
    "resources_equipment": (
        "Thank you. I've asked supply chain and biomed to look at this and will share what they find."
    ),
    "patient_social_needs": (
        "Thank you. I've shared this with social work and case management so we can look at what support "
        "is missing."
    ),
    "mental_health_stigma": (
        "Thank you for trusting us with this. Confidential support is available through the EAP and the "
        "peer support team. I'm also looking at the policy you mention."
    ),
    "wellness_program_fit": (
        "Thank you for the honest feedback about the program. I'd like to know what would actually help: "
        "more of that would shape how we spend the budget."
    ),
    "positive_connection": (
        "Thank you for sharing this. I'll pass it on to the team; it's good to hear what is working."
    ),
}
REPORTER_REPLIES = [
    "Thanks for answering. It happened again this week, on nights.",
    "Appreciate the reply. Most of us feel the same way, it's not just me.",
    "Thank you. The biggest problem is on weekends when there's no one to escalate to.",
    "Thanks. I'd rather not say more here, but it's still happening.",
    "That helps, thank you. Please keep us posted, people are watching whether anything changes.",
]
FOLLOW_UPS = [
    "Thank you for the detail. The committee meets next week and this is on the agenda.",
    "That's helpful. We're trialling a change on two shifts first and will ask for feedback.",
    "Understood. I'll share what we decide here and on the board.",
]
ACTION_TAKEN_NOTES = [
    "We've made a change because of this concern; it's on the \"you said, we did\" board.",
    "A change is in place now. Tell us here whether it's making a difference.",
]
CLOSING_NOTES = [
    "Closing this one: the change is in place and has held for a month. Reply here if it slips again.",
    "We looked into this carefully. We can't change the policy itself, but we've shared your concern "
    "with the system's leadership and will report back on the board.",
    "Closing now that the new process is running. Thank you for raising it.",
    "This was merged into a wider piece of work on the same issue; the action on the board tracks it.",
]
CRISIS_REPLY = (
    "Thank you for telling us. You are not alone, and you don't have to carry this by yourself. Please reach "
    "the 988 Suicide & Crisis Lifeline (call or text 988) or the Physician Support Line today. Our EAP and "
    "peer support team are confidential. I'm here and will keep reading this thread."
)

# (scope code, theme, title, description, updates as (days after publishing, text, progress))
ACTIONS: list[tuple[str, str, str, str, list[tuple[int, str, int]]]] = [
    (
        "rg-4w",
        "workload_staffing",
        "You said nights run short; we added a float nurse 7p-7a",
        "4 West now has a dedicated float nurse every night shift, funded from the travel budget.",
        [
            (7, "Float nurse posted for 5 of 7 nights this week.", 60),
            (21, "Every night covered for two weeks running.", 100),
        ],
    ),
    (
        "rg-micu",
        "resources_equipment",
        "You said the MICU ran out of pumps; we added 12 and a daily par check",
        "Biomed added 12 infusion pumps and the night charge nurse checks the par level at 0400.",
        [(5, "Pumps delivered and tagged.", 70), (14, "No shortages reported since.", 100)],
    ),
    (
        "rg-ed-adult",
        "respect_safety",
        "You said triage didn't feel safe; security is now at the ED door around the clock",
        "A security officer is stationed at ED triage 24/7 and staff have a new duress button.",
        [(10, "Officer in place on all shifts; duress buttons being installed.", 50)],
    ),
    (
        "ns-ed-adult",
        "work_life",
        "You said shift swaps were impossible; you can now self-schedule",
        "The Northside ED moved to self-scheduling with manager approval within 48 hours.",
        [(14, "First schedule built by staff; approvals average 30 hours.", 80)],
    ),
    (
        "sac-picu",
        "isolation_disconnection",
        "You said nights feel cut off; leaders now join a monthly night huddle",
        "The CNO and PICU medical director join a 15-minute huddle at 0300 once a month.",
        [(30, "First two huddles held; topics shared on the unit board.", 40)],
    ),
    (
        "rg-med",
        "admin_burden_ehr",
        "You said discharge paperwork ate the afternoon; we cut the summary template in half",
        "Informatics removed duplicate fields from the discharge summary and added smart defaults.",
        [(20, "New template live on all Medicine units.", 100)],
    ),
    (
        "rg-rx",
        "workload_staffing",
        "You said the verification queue felt unsafe; we added an evening pharmacist",
        "A second pharmacist now covers 1500-2330 to keep order verification under 30 minutes.",
        [(12, "Evening shift posted; median verification time down to 22 minutes.", 75)],
    ),
    (
        "ns-cc",
        "moral_injury",
        "You said goals-of-care talks came too late; palliative care now joins ICU rounds",
        "The palliative care team joins ICU rounds on Tuesdays and Fridays.",
        [(15, "Joined 4 rounds so far; 9 family meetings held earlier.", 50)],
    ),
    (
        "sac-peds",
        "patient_social_needs",
        "You said families couldn't get home; social work now has a transport fund",
        "Social work can issue ride vouchers and parking passes without a manager's sign-off.",
        [(10, "Fund open; 23 families helped in the first month.", 100)],
    ),
    (
        "rg",
        "mental_health_stigma",
        "You said asking for help felt risky; we removed the mental health question from credentialing",
        "Riverbend General's credentialing form now asks only about current impairment, "
        "as recommended nationally.",
        [(25, "Medical staff bylaws amended; new forms in use.", 100)],
    ),
    (
        "ns",
        "recognition_growth",
        "You said good work goes unseen; everyone now gets a funded education day",
        "Each staff member at Northside gets one paid education day a year, "
        "and units share a monthly shout-out.",
        [(20, "Policy published; 41 education days booked.", 60)],
    ),
    (
        "sac",
        "wellness_program_fit",
        "You said the wellness app wasn't what you needed; its budget now pays for break cover",
        "The app licence was not renewed; the money funds break-relief staff on the busiest units.",
        [(14, "Break relief running on PICU and Pediatric ED.", 30), (35, "Extended to NICU.", 60)],
    ),
]


# The early-warning rise on 4 West: night staffing, in the voices of the people who work there.
# Each text classifies as workload_staffing (the tests check it); no names, as the intake asks.
STAFFING_RISE: list[tuple[str, str]] = [
    (
        "Nights on 4 West were short again this week: two nurses for 28 patients after a sick call, and "
        "no float came. We skipped breaks to keep up with meds.",
        RoleGroup.NURSE,
    ),
    (
        "We keep getting pulled to other units on nights, so the ones left on 4 West carry six or seven "
        "patients each. It isn't safe and everyone knows it.",
        RoleGroup.NURSE,
    ),
    (
        "Third night in a row with no nursing assistant on 4 West. Turns, baths and call lights all fall "
        "on the nurses, and admissions don't stop.",
        RoleGroup.NURSE,
    ),
    (
        "Staffing on nights is the worst I've seen it. The charge nurse took a full assignment again, so "
        "there was nobody free when a patient went bad.",
        "",
    ),
    (
        # Staffing said outright: "the only nurse on the back hall" alone sat between staffing and
        # isolation (0.21 against 0.24 on one machine), and the int8 model rounds differently elsewhere.
        "Short-staffed again on nights: as a new grad I had seven patients on the back hall by myself. "
        "I asked for help and there was no one to send.",
        RoleGroup.NURSE,
    ),
    (
        "We are being asked to pick up extra night shifts every week because positions aren't filled. "
        "People are exhausted and two more have given notice.",
        RoleGroup.NURSE,
    ),
    (
        "Nights have been running two nurses below the grid most of the month. We chart late, nobody "
        "gets a lunch, and the travel contracts ended without replacements.",
        "",
    ),
    (
        "On nights the resident covers 4 West and two other floors, and the nursing ratio went from 1:4 "
        "to 1:6 when census went up. Nobody adjusted the staffing.",
        RoleGroup.NURSE,
    ),
]
