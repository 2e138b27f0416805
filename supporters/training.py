"""The in-site training: four parts, each a page of reading (its template) and a few questions.

Questions live here, as data, so the service can mark answers without a template. Every wrong
choice carries its own explanation: someone who picks it learns why, and tries again.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    correct: bool = False
    why: str = ""  # shown when this choice is picked and is wrong


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    choices: tuple[Choice, ...]

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Part:
    slug: str
    number: int
    title: str
    questions: tuple[Question, ...]

    @property
    def template(self) -> str:
        return f"supporters/training/{self.slug}.html"


PARTS: tuple[Part, ...] = (
    Part(
        slug="listening",
        number=1,
        title="Listening without fixing",
        questions=(
            Question(
                "q1",
                "Someone writes that they could not get out of bed all week. What helps most "
                "first?",
                (
                    Choice(
                        "a",
                        "Tell them to try a morning routine and exercise.",
                        why="Advice first can feel like being told they did it wrong. "
                        "Start by showing you heard them.",
                    ),
                    Choice(
                        "b",
                        "Say back what you heard and ask what the week has been like.",
                        correct=True,
                    ),
                    Choice(
                        "c",
                        "Share the story of your own worst week in detail.",
                        why="A little of your experience can help, later; a long story of "
                        "your own moves the attention away from them.",
                    ),
                ),
            ),
            Question(
                "q2",
                "When is it right to offer a suggestion?",
                (
                    Choice(
                        "a",
                        "As soon as you can see what would help.",
                        why="Seeing a fix is not the same as them wanting one. Ask first.",
                    ),
                    Choice(
                        "b",
                        "When they ask, or when you have asked whether they would like ideas.",
                        correct=True,
                    ),
                    Choice(
                        "c",
                        "Never: peer supporters only listen.",
                        why="Ideas are welcome when they are invited; listening comes "
                        "first, not instead.",
                    ),
                ),
            ),
        ),
    ),
    Part(
        slug="boundaries",
        number=2,
        title="Boundaries",
        questions=(
            Question(
                "q1",
                "A member you have supported asks for your phone number so they can reach you "
                "any time. What do you do?",
                (
                    Choice(
                        "a",
                        "Give it: they trust you.",
                        why="Sharing contact details breaks everyone's anonymity and makes "
                        "you their only line. Keep support on Peerhaven.",
                    ),
                    Choice(
                        "b",
                        "Kindly say no, and tell them where they can reach someone "
                        "any time: 988, or text HOME to 741741.",
                        correct=True,
                    ),
                    Choice(
                        "c",
                        "Stop replying to them.",
                        why="Going quiet can feel like rejection. Say the boundary kindly "
                        "and point to what is open day and night.",
                    ),
                ),
            ),
            Question(
                "q2",
                "Which of these is a peer supporter's role?",
                (
                    Choice(
                        "a",
                        "Diagnosing what someone has.",
                        why="Diagnosis belongs to clinicians. You share lived experience, "
                        "not a diagnosis.",
                    ),
                    Choice(
                        "b",
                        "Advising on medication doses.",
                        why="Never advise on medication: suggest they talk to their "
                        "prescriber or a pharmacist.",
                    ),
                    Choice(
                        "c",
                        "Being alongside someone, and sharing what helped you when it fits.",
                        correct=True,
                    ),
                ),
            ),
        ),
    ),
    Part(
        slug="at-risk",
        number=3,
        title="When someone is at risk",
        questions=(
            Question(
                "q1",
                "Someone writes that they have a plan to end their life tonight. What comes first?",
                (
                    Choice(
                        "a",
                        "Tell them to call 911 (or their emergency number) or 988 now, "
                        "stay with them in the thread, and report the post so a moderator "
                        "sees it at once.",
                        correct=True,
                    ),
                    Choice(
                        "b",
                        "Message them privately to talk it through.",
                        why="Keep it where moderators can see and help. Peerhaven has no "
                        "private messages for this reason.",
                    ),
                    Choice(
                        "c",
                        "Wait to see whether others reply.",
                        why="When life is in danger, act now: point to 988 or emergency "
                        "services and report the post.",
                    ),
                ),
            ),
            Question(
                "q2",
                "How do you hand over to a peer moderator?",
                (
                    Choice(
                        "a",
                        "Use the Report link on the post and choose that someone may "
                        "be at risk: it goes to the front of the moderation queue.",
                        correct=True,
                    ),
                    Choice(
                        "b",
                        "Post in another thread asking for a moderator.",
                        why="That spreads the person's crisis around the forum. The "
                        "Report link reaches moderators directly.",
                    ),
                    Choice(
                        "c",
                        "There is no need: the scanner catches everything.",
                        why="The scanner misses things. A report from you is how a "
                        "moderator hears about what it missed.",
                    ),
                ),
            ),
            Question(
                "q3",
                "Someone wants to talk to a peer, is not in danger, and lives in Illinois. "
                "What could you point them to?",
                (
                    Choice(
                        "a",
                        "The Illinois Warm Line, 866-359-7953: peer-run, for when you "
                        "need to talk (hours vary, call to confirm).",
                        correct=True,
                    ),
                    Choice(
                        "b",
                        "911.",
                        why="Emergency services are for danger to life. A warm line is "
                        "for talking.",
                    ),
                    Choice(
                        "c",
                        "Nothing: warm lines are only for emergencies.",
                        why="It is the other way round: warm lines are for when you need "
                        "to talk, not for emergencies.",
                    ),
                ),
            ),
        ),
    ),
    Part(
        slug="self-care",
        number=4,
        title="Looking after yourself",
        questions=(
            Question(
                "q1",
                "A thread brings back hard memories of your own. What do you do?",
                (
                    Choice(
                        "a",
                        "Push through: they need you.",
                        why="Support given while you are struggling helps nobody for long. "
                        "Step back; others can reply.",
                    ),
                    Choice(
                        "b",
                        "Step away, pause your role from your peer supporter page if "
                        "you need to, and get support yourself.",
                        correct=True,
                    ),
                    Choice(
                        "c",
                        "Delete your account.",
                        why="You do not have to leave. Pausing keeps your place for when "
                        "you are ready.",
                    ),
                ),
            ),
            Question(
                "q2",
                "Someone you supported stopped posting and you keep worrying about them. "
                "What is true?",
                (
                    Choice(
                        "a",
                        "You are responsible for what happens to them.",
                        why="You did your part by listening and handing over. Their "
                        "safety is shared with moderators and crisis services.",
                    ),
                    Choice(
                        "b",
                        "You can talk it through with a moderator, and you are not "
                        "responsible for how their story goes.",
                        correct=True,
                    ),
                ),
            ),
        ),
    ),
)

PARTS_BY_SLUG = {part.slug: part for part in PARTS}


def part_named(slug: str) -> Part | None:
    return PARTS_BY_SLUG.get(slug)
