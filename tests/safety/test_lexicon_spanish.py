"""The shipped lexicon in Spanish: explicit risk is caught at the severity the labelling guide
gives it (safety/ml/LABELLING.md), and everyday figures of speech are not flagged. Sentences
written for these tests, not taken from the corpus. No database."""

import pytest

from safety.scanner import scan

FLAGGED = {"high", "imminent"}


def rated(text: str) -> tuple[str, tuple[str, ...]]:
    result = scan(text)
    return result.severity, result.categories


# Intent with a time, a means or a goodbye; an attempt in progress or just made.
IMMINENT = [
    ("Me voy a matar esta noche, ya no aguanto más.", "suicide"),
    ("Ya escribí las cartas para mis hijos y esta noche me tomo todas las pastillas.", "overdose"),
    ("Ya regalé mis cosas y me despido de todos. Mañana ya no estoy.", "suicide"),
    ("Estoy en la azotea del trabajo y voy a saltar del edificio.", "suicide"),
    ("Me tomé todas las pastillas del cajón, ya no hay vuelta atrás.", "overdose"),
    ("Ayer me tragué un frasco entero de somníferos con vino.", "overdose"),
    ("Me acabo de cortar muy profundo y la herida no para de sangrar.", "self_harm"),
    ("Voy para allá con el machete, esto se acaba hoy.", "harm_to_others"),
]

HIGH = [
    # Ideation and intent
    ("quiero morirme, estoy cansado de todo", "suicide"),
    ("Ya no quiero seguir viviendo así.", "suicide"),
    ("Pienso en quitarme la vida casi todos los días.", "suicide"),
    ("A veces pienso en acabar con todo.", "suicide"),
    ("Tengo ganas de suicidarme y no sé a quién decírselo.", "suicide"),
    ("Estaría mejor muerta, de verdad lo creo.", "suicide"),
    ("Le pido a Dios que no me despierte.", "suicide"),
    ("Me voy a tirar del puente que está cerca de mi casa.", "suicide"),
    ("ya no aguanto más, quiero morirme", "suicide"),
    ("No tengo un plan, pero pienso en morirme todo el tiempo.", "suicide"),
    # Self-harm, accents or not
    ("volví a cortarme anoche", "self_harm"),
    ("volvi a cortarme anoche", "self_harm"),
    ("Tengo muchas ganas de lastimarme otra vez.", "self_harm"),
    ("Me estoy haciendo daño y nadie lo sabe.", "self_harm"),
    ("Me hice cortes en los brazos con un sacapuntas.", "self_harm"),
    ("me rasguñé los brazos hasta sangrar", "self_harm"),
    ("Recaí en las autolesiones después de un año.", "self_harm"),
    # Overdose, wanted
    ("Quiero tomarme todas las pastillas que me recetaron.", "overdose"),
    # Someone else at risk
    ("Mi hermana dice que se quiere matar.", "suicide"),
    ("Mi amigo se está cortando otra vez y no quiere ayuda.", "self_harm"),
    # Abuse
    ("Mi padrastro me pega cuando toma.", "abuse"),
    ("Me golpea todos los días y no puedo irme.", "abuse"),
    ("Anoche me ahorcó hasta que casi me desmayo.", "abuse"),
    ("Mi pareja me amenaza con matarme si lo dejo.", "abuse"),
    # Violence
    ("Lo voy a apuñalar en cuanto salga del trabajo.", "harm_to_others"),
    ("Tengo ganas de matarlo, pienso en eso todo el día.", "harm_to_others"),
]

# Touches on crisis, but the writer is not in danger now: a gentle line, never a flag.
LOW = [
    "Ya no aguanto más este calor.",
    "Mi tío murió por suicidio hace muchos años.",
    "Llevo dos años sin cortarme y estoy orgulloso.",
    "Hace cinco años intenté quitarme la vida; hoy estoy bien.",
    "Doy talleres sobre prevención del suicidio en escuelas.",
    "Me quiero morir jajaja se me quemó el arroz otra vez.",
    "Lo voy a matar jaja, se comió mi pizza.",
]

# Figures of speech that share the words of real risk.
HARMLESS = [
    "Me muero de risa con este video.",
    "Me quiero morir de la vergüenza, me caí delante de todos.",
    "Me quiero morir del cringe, le dije mamá a la profe.",
    "Me mata el calor de esta ciudad.",
    "Voy a matarme estudiando para el examen del lunes.",
    "Me corté el pelo y me encanta cómo quedó.",
    "Volví a cortarme el flequillo yo sola.",
    "Me corté el dedo picando cebolla.",
    "Me quemé con la plancha del pelo, qué torpe.",
    "Me pega fuerte la nostalgia los domingos.",
    "Mañana nos toca el clásico: los vamos a matar.",
    "Mi mamá me va a matar si llego tarde otra vez.",
    "Me voy a tirar un rato en el sofá.",
    "Hoy me toca trabajar hasta tarde.",
    "Mi mamá me empuja a estudiar más.",
    "No quiero despertarme temprano los lunes.",
    "Tengo una sobredosis de café encima.",
]


@pytest.mark.parametrize("text, category", IMMINENT)
def test_intent_with_a_time_a_means_or_a_goodbye_is_imminent(text, category):
    severity, categories = rated(text)
    assert severity == "imminent"
    assert category in categories


@pytest.mark.parametrize("text, category", HIGH)
def test_explicit_risk_in_spanish_is_flagged_high_in_its_category(text, category):
    severity, categories = rated(text)
    assert severity == "high"
    assert categories[0] == category


@pytest.mark.parametrize("text", LOW)
def test_past_grief_information_and_jokes_are_low_not_flagged(text):
    assert rated(text)[0] == "low"


@pytest.mark.parametrize("text", HARMLESS)
def test_everyday_figures_of_speech_are_not_flagged(text):
    assert rated(text)[0] not in FLAGGED


def test_ordinary_venting_alone_is_not_a_flag_but_venting_with_intent_is():
    assert rated("ya no aguanto más")[0] == "low"
    assert rated("ya no aguanto más, me voy a matar")[0] == "high"


def test_spanish_timing_and_preparation_cues_raise_a_risk_to_imminent():
    assert rated("Quiero quitarme la vida.")[0] == "high"
    assert rated("Quiero quitarme la vida. Ya tengo la soga.")[0] == "imminent"
    assert rated("Ya escribí las cartas. Gracias por todo. Esta noche.")[0] == "imminent"
    # A cue alone is no risk.
    assert rated("Esta noche ceno con mis papás, mañana trabajo.")[0] == "none"


def test_a_direct_spanish_negation_lowers_but_does_not_clear():
    assert rated("No quiero morir, solo estoy muy triste.")[0] == "low"
    assert rated("Nunca he pensado en matarme.")[0] == "low"
