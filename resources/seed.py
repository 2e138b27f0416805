"""The directory's first entries, from /work/shared/RESOURCES.md (verified 2026-11-25).

Migration 0002 runs `seed_resources` against the historical model, so keep these keys to fields
that existed in 0001; before renaming or removing a field, freeze a copy of ENTRIES into that
migration. Every fact here is from RESOURCES.md; an entry's `source` says where it was read.
Not listed, on purpose: 988's former "press 3" option (reported closed in July 2025).
"""

from datetime import date

VERIFIED_ON = date(2026, 11, 25)
CENTRAL = "America/Chicago"
PACIFIC = "America/Los_Angeles"
NO_CONTACT = "Seed article; contact details not yet verified"
EMERGENCY_SOURCE = "Peerhaven research notes: national emergency numbers"
MON_TO_FRI = [0, 1, 2, 3, 4]
MON_TO_SAT = [0, 1, 2, 3, 4, 5]

ENTRIES = (
    # United States ---------------------------------------------------------------------
    {
        "slug": "988-lifeline", "name": "988 Suicide & Crisis Lifeline", "kind": "crisis_line",
        "country": "US", "phone": "988", "phone_note": "press 1 for veterans, 2 for Spanish",
        "text_number": "988", "text_note": "text AYUDA for Spanish",
        "chat_url": "https://988lifeline.org/", "languages": "English, Spanish",
        "description": "Call, text or chat, any time.", "open_24_7": True,
        "source": '988lifeline.org "what to expect"', "order": 10,
    },
    {
        "slug": "crisis-text-line", "name": "Crisis Text Line", "kind": "text_line",
        "country": "US", "text_number": "741741", "text_keyword": "HOME",
        "url": "https://www.crisistextline.org/",
        "description": "Support by text message, any time.", "open_24_7": True,
        "source": "Crisis Text Line public pages", "order": 20,
    },
    {
        "slug": "veterans-crisis-line", "name": "Veterans Crisis Line", "kind": "crisis_line",
        "country": "US", "audience": "veterans", "phone": "988", "phone_note": "then press 1",
        "text_number": "838255", "chat_url": "https://www.veteranscrisisline.net/",
        "description": "For veterans: call, text or chat, any time.", "open_24_7": True,
        "source": "veteranscrisisline.net", "order": 30,
    },
    {
        "slug": "trevor-project", "name": "The Trevor Project", "kind": "crisis_line",
        "country": "US", "audience": "lgbtq_youth", "phone": "1-866-488-7386",
        "text_number": "678678", "text_keyword": "START",
        "chat_url": "https://www.thetrevorproject.org/",
        "description": "For LGBTQ+ young people: call, text or chat, any time.",
        "open_24_7": True, "source": "thetrevorproject.org (secondary copies)", "order": 40,
    },
    {
        "slug": "trans-lifeline-us", "name": "Trans Lifeline", "kind": "crisis_line",
        "country": "US", "audience": "trans", "phone": "877-565-8860",
        "url": "https://translifeline.org/",
        "description": "A hotline for trans people. No non-consensual active rescue: they do "
                       "not send emergency services without your consent.",
        "hours": [{"days": MON_TO_FRI, "open": "10:00", "close": "18:00"}],
        "time_zone": PACIFIC, "source": "Trans Lifeline (encyclopedia entry)", "order": 50,
    },
    {
        "slug": "samhsa-helpline", "name": "SAMHSA National Helpline", "kind": "helpline",
        "country": "US", "phone": "1-800-662-4357", "phone_note": "1-800-662-HELP",
        "tty": "1-800-487-4889", "url": "https://www.samhsa.gov/",
        "languages": "English, Spanish",
        "description": "Treatment referral and information, not counselling.",
        "open_24_7": True, "source": "samhsa.gov", "order": 60,
    },
    {
        "slug": "nami-helpline", "name": "NAMI HelpLine", "kind": "helpline", "country": "US",
        "phone": "800-950-6264", "phone_note": "800-950-NAMI", "text_number": "62640",
        "text_keyword": "HELPLINE", "url": "https://www.nami.org/",
        # Only the text hours are verified, so no open/closed badge: a "Closed" could put
        # someone off a phone line that is open.
        "hours_note": "Text: Mon–Fri 10am–10pm Eastern time. Phone hours not verified: "
                      "call to check.",
        "source": "nami.org", "order": 70,
    },
    {
        "slug": "illinois-warm-line", "name": "Illinois Warm Line", "kind": "warm_line",
        "country": "US", "subdivision": "US-IL", "phone": "866-359-7953",
        "tty": "866-880-4459",
        "description": "Peer-run: talk with someone who has been there, when you need to talk "
                       "and it is not an emergency.",
        "hours": [{"days": MON_TO_SAT, "open": "08:00", "close": "20:00"}],
        "time_zone": CENTRAL, "hours_note": "Hours vary by source; call to confirm.",
        "source": "Seed article (Mon–Sat 8am–8pm); press coverage of the line says Mon–Fri "
                  "8am–5pm Central",
        "order": 10,
    },
    {
        "slug": "warmline-org", "name": "warmline.org", "kind": "directory", "country": "US",
        "url": "https://warmline.org/",
        "description": "A directory of peer-run warm lines, state by state.",
        "source": "warmline.org", "order": 10,
    },
    {
        "slug": "mha-peer-support", "name": "Mental Health America: peer support",
        "kind": "directory", "country": "US",
        "description": "Mental Health America's peer support page: peer-support resources by "
                       "state.",
        "source": NO_CONTACT, "order": 20,
    },
    {
        "slug": "group-hope", "name": "Group Hope", "kind": "peer_group", "country": "US",
        "description": "Peer-led support groups for depression and bipolar: two free teen "
                       "meetings and five adult meetings a week.",
        "source": NO_CONTACT, "order": 10,
    },
    {
        "slug": "health-and-help-chat", "name": "Health and Help Chat",
        "kind": "online_community", "country": "US",
        "description": "An online peer-support forum.", "source": NO_CONTACT, "order": 10,
    },
    {
        "slug": "emergency-us", "name": "Emergency services", "kind": "emergency",
        "country": "US", "phone": "911", "open_24_7": True,
        "description": "If you or someone else is in danger right now.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
    # Canada ----------------------------------------------------------------------------
    {
        "slug": "988-canada", "name": "9-8-8 Suicide Crisis Helpline", "kind": "crisis_line",
        "country": "CA", "phone": "988", "text_number": "988", "url": "https://988.ca/",
        "languages": "English, French", "description": "Call or text, any time.",
        "open_24_7": True, "source": "Government of Canada release (24/7 since 30 Nov 2023)",
        "order": 10,
    },
    {
        "slug": "trans-lifeline-canada", "name": "Trans Lifeline", "kind": "crisis_line",
        "country": "CA", "audience": "trans", "phone": "877-330-6366",
        "url": "https://translifeline.org/",
        "description": "A hotline for trans people. No non-consensual active rescue: they do "
                       "not send emergency services without your consent.",
        "hours": [{"days": MON_TO_FRI, "open": "10:00", "close": "18:00"}],
        "time_zone": PACIFIC, "source": "Trans Lifeline (encyclopedia entry)", "order": 50,
    },
    {
        "slug": "emergency-ca", "name": "Emergency services", "kind": "emergency",
        "country": "CA", "phone": "911", "open_24_7": True,
        "description": "If you or someone else is in danger right now.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
    # United Kingdom and Ireland ----------------------------------------------------------
    {
        "slug": "samaritans-uk", "name": "Samaritans", "kind": "crisis_line", "country": "GB",
        "phone": "116 123", "phone_note": "free", "email": "jo@samaritans.org",
        "url": "https://www.samaritans.org/", "description": "Talk to someone, any time.",
        "open_24_7": True, "source": "samaritans.org", "order": 10,
    },
    {
        "slug": "shout", "name": "Shout", "kind": "text_line", "country": "GB",
        "text_number": "85258", "text_keyword": "SHOUT", "url": "https://giveusashout.org/",
        "description": "Support by text message, any time.", "open_24_7": True,
        "source": "Press coverage", "order": 20,
    },
    {
        "slug": "emergency-uk", "name": "Emergency services", "kind": "emergency",
        "country": "GB", "phone": "999", "open_24_7": True,
        "description": "If you or someone else is in danger right now.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
    {
        "slug": "samaritans-ireland", "name": "Samaritans", "kind": "crisis_line",
        "country": "IE", "phone": "116 123", "phone_note": "free",
        "email": "jo@samaritans.org", "url": "https://www.samaritans.org/",
        "description": "Talk to someone, any time.", "open_24_7": True,
        "source": "samaritans.org", "order": 10,
    },
    {
        "slug": "emergency-ireland", "name": "Emergency services", "kind": "emergency",
        "country": "IE", "phone": "112", "open_24_7": True,
        "description": "If you or someone else is in danger right now.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
    # Australia -------------------------------------------------------------------------
    {
        "slug": "lifeline-australia", "name": "Lifeline Australia", "kind": "crisis_line",
        "country": "AU", "phone": "13 11 14", "text_number": "0477 13 11 14",
        "chat_url": "https://www.lifeline.org.au/",
        "description": "Call, text or chat, any time.", "open_24_7": True,
        "source": "Lifeline Australia pages", "order": 10,
    },
    {
        "slug": "emergency-australia", "name": "Emergency services", "kind": "emergency",
        "country": "AU", "phone": "000", "open_24_7": True,
        "description": "If you or someone else is in danger right now.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
    # Elsewhere -------------------------------------------------------------------------
    {
        "slug": "find-a-helpline", "name": "Find A Helpline", "kind": "directory",
        "country": "INT", "url": "https://findahelpline.com/",
        "description": "Crisis lines and helplines, country by country.",
        "source": "findahelpline.com", "order": 10,
    },
    {
        "slug": "emergency-eu", "name": "Emergency services (European Union)",
        "kind": "emergency", "country": "INT", "phone": "112", "open_24_7": True,
        "description": "112 reaches emergency services across the European Union. Anywhere "
                       "else, call your local emergency number.",
        "source": EMERGENCY_SOURCE, "order": 1,
    },
)  # fmt: skip


def seed_resources(model=None) -> int:
    """Add every seed entry that is missing (matched by slug) and return how many were added.
    Never overwrites an entry an administrator has edited."""
    if model is None:
        from resources.models import Resource as model
    added = 0
    for entry in ENTRIES:
        fields = {"verified_on": VERIFIED_ON, **entry}
        _, created = model.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        added += created
    return added
