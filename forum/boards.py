"""The boards Peerhaven starts with. Loaded by a data migration; edited later in the admin."""

COMMON_GUIDELINES = (
    "Speak from your own experience and listen before advising. "
    "No method details about self-harm or suicide: they can hurt someone reading. "
    "Use a content warning when your post touches something heavy. "
    "If someone seems in danger, reply with care and report the post so a peer moderator sees it."
)

BOARDS = [
    ("depression", "Depression",
     "Low mood, emptiness, getting through the day. Talk with people who know how heavy it gets.",
     "Small wins count here. Please don't tell anyone to 'just cheer up'."),
    ("anxiety", "Anxiety",
     "Worry, panic, social anxiety and the physical side of fear. Share what helps and what doesn't.",
     "Describe what you feel, not medication doses to copy: what helps one person may harm another."),
    ("bipolar", "Bipolar",
     "Highs, lows and the in-between. Living with bipolar, from diagnosis to day-to-day balance.",
     "Medication experiences are welcome; decisions about medication belong with your prescriber."),
    ("ptsd-and-trauma", "PTSD and trauma",
     "Flashbacks, nightmares, feeling on edge, and the slow work of feeling safe again.",
     "Warn before describing traumatic events, and keep the details to what you need to say."),
    ("substance-use-and-recovery", "Substance use and recovery",
     "Using, cutting down, staying sober, relapse without shame. Every step counts.",
     "No sourcing, no amounts, no glorifying use. Harm reduction questions are welcome."),
    ("eating-disorders", "Eating disorders",
     "Anorexia, bulimia, binge eating, ARFID and everything between. Recovery at your own pace.",
     "No numbers: weights, calories, sizes. They can pull someone back into their illness."),
    ("grief-and-loss", "Grief and loss",
     "Losing someone, including to suicide. Anniversaries, guilt, and carrying on.",
     "There is no right way to grieve. Please don't compare losses."),
    ("loneliness-and-isolation", "Loneliness and isolation",
     "When nobody seems to notice. A place to be heard and to find company.",
     "Say hello to people you see here. Being noticed matters."),
    ("carers-and-loved-ones", "Carers and loved ones",
     "Supporting a partner, parent, child or friend, and looking after yourself too.",
     "Keep the person you care for anonymous: no names or details that could identify them."),
    ("introductions", "Introductions and general support",
     "New here? Say hello. Anything that doesn't fit another board is welcome too.",
     "Share only what you're comfortable sharing. Nobody needs your real name."),
]  # fmt: skip
