"""Demo content for `seed_demo`: the kind of conversations Peerhaven exists for."""

MEMBERS = [
    "QuietHeron42", "SlowMorningTea", "Willowbend", "NightOwlNora", "StillHereSam",
    "HarborLight", "PaperCrane9", "MossAndStone", "GentleLark3", "BlueKettle",
]  # fmt: skip

THREADS = [
    ("depression", "Getting out of bed feels impossible lately",
     "I don't really know why I'm posting. For the past few weeks getting out of bed has felt "
     "like climbing a mountain. I go to work, come home, and stare at the wall. Does anyone else "
     "get this? What helps you on the mornings that feel heavy?"),
    ("anxiety", "Panic in the supermarket queue",
     "Today I had to leave my basket and walk out. My heart was pounding and I felt like everyone "
     "was looking at me. I made it to the car and did the 5-4-3-2-1 thing. I'm okay now, just "
     "shaky. How do you get back to doing normal things after a bad one?"),
    ("bipolar", "Six months stable: a small win I wanted to share",
     "Six months without a major episode. Sleep routine, a mood diary, and honest conversations "
     "with my prescriber. It's not perfect but I wanted somewhere to say it out loud."),
    ("ptsd-and-trauma", "Nightmares are back after a quiet year",
     "I thought I was past the worst of it. Then a smell on the bus brought everything back and "
     "the nightmares started again. Grounding helps a little. Is it normal to feel like you've "
     "gone backwards?"),
    ("substance-use-and-recovery", "90 days today",
     "Ninety days. Some of them I white-knuckled, some were easier. Meetings, this forum, and a "
     "friend who texts me every night. Thank you to everyone who replied to my first post."),
    ("eating-disorders", "Eating with family over the holidays",
     "The holidays are coming and the thought of big family meals scares me. My team and I made "
     "a plan but I'm still anxious. Anyone have things they say when relatives comment on food?"),
    ("grief-and-loss", "A year since I lost my brother",
     "It's been a year since my brother died. People have stopped asking how I am. Some days I'm "
     "fine and then a song comes on. I just wanted to say his name somewhere: Daniel."),
    ("loneliness-and-isolation", "Anyone else spending evenings alone?",
     "I moved to a new city for work and I don't know anyone. Evenings are long. I'm not sure "
     "what I'm asking for, maybe just a hello."),
    ("carers-and-loved-ones", "Supporting my partner through depression",
     "My partner has been struggling for months. I love them and I'm trying, but I'm exhausted "
     "and feel guilty for saying so. How do other carers look after themselves?"),
    ("introductions", "Hello from someone new",
     "Hi everyone. I've been reading for a while without an account. Today I finally made one. "
     "Living with anxiety and depression, trying to be kinder to myself."),
]  # fmt: skip

REPLIES = [
    "Thank you for sharing this. You're not alone, I've felt exactly this way.",
    "Sending you a hug. Small steps still count as steps.",
    "What helped me was breaking the morning into tiny pieces: feet on the floor, then water, "
    "then one window open. Some days that's all, and that's okay.",
    "I'm really glad you posted. It took courage. How are you doing tonight?",
    "Me too. It helps to know other people understand.",
    "That's a real achievement. Be proud of yourself today.",
    "Reading this made me feel less alone. Thank you.",
    "I don't have advice, just want you to know someone read this and cares.",
    "When it gets like that I text a warm line. Talking to a peer who gets it helps me.",
    "Hello! Welcome. This is a kind place, I hope it helps you like it helped me.",
]  # fmt: skip
