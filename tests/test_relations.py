"""Relations and trigger conditions, one by one: each registered function on a sentence where it
decides. Where the statistical parse of a sentence is not stable enough to test a rule, the
sentence is a hand-built Doc with its parse written out."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from allyscope.events.conditions import CONDITIONS
from allyscope.events.relations import OBJ, PREP, RELATIONS, Relations
from allyscope.language import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def events(nlp):
    return nlp.get_pipe("allyscope_events")


def token(doc: Doc, text: str):
    return next(t for t in doc if t.text == text)


def parsed(nlp, text: str) -> Doc:
    return nlp(text)


def hand_built(nlp, rows: list[tuple[str, int, str, str, str, str]]) -> Doc:
    """A Doc from (word, head index, dependency, POS, tag, lemma) rows; the root is its own head."""
    words, heads, deps, pos, tags, lemmas = zip(*rows, strict=True)
    return Doc(
        nlp.vocab,
        words=list(words),
        heads=list(heads),
        deps=list(deps),
        pos=list(pos),
        tags=list(tags),
        lemmas=list(lemmas),
    )


# (relation, sentence, trigger, tokens that fill it)
PARSED = [
    ("subj", "India trained Tajik officers.", "trained", ["India"]),
    ("subj", "Tajikistan held a joint exercise with Russia.", "exercise", ["Tajikistan"]),
    ("subj", "Tajikistan did not agree to a Russian request.", "request", ["Tajikistan"]),
    ("subj", "Troops from Kazakhstan are involved in the exercise.", "exercise", ["Troops"]),
    ("obj", "The Tajik minister hosted an Indian delegation.", "hosted", ["delegation"]),
    ("obj", "Participants included soldiers from Kazakhstan and Britain.", "Participants", ["soldiers"]),
    ("iobj", "Japarov asked the CSTO to send peacekeepers.", "send", ["CSTO"]),
    ("asker", "Japarov asked the CSTO to send peacekeepers.", "send", ["Japarov"]),
    ("obj_party", "Washington provided the Uzbek border guards with radios.", "provided", ["guards"]),
    ("obj_compound", "Russia granted Kyrgyzstan equipment.", "granted", ["Kyrgyzstan"]),
    ("receiver", "Georgia received $40 million in British military aid.", "aid", ["Georgia"]),
    ("receiver", "Britain gave Georgia $40 million in military aid.", "aid", []),
    ("obj_deep", "Tajikistan expelled the staff of the Russian embassy.", "expelled", ["Russian"]),
    (
        "obj_deep",
        "Participants included soldiers from Kazakhstan and Britain.",
        "Participants",
        ["Kazakhstan", "Britain"],
    ),
    ("organisation", "Uzbekistan suspended its membership in the CSTO.", "suspended", ["CSTO"]),
    (
        "between_deep",
        "A joint force was established within the framework of the Union State between Russia and Belarus.",
        "established",
        ["Russia", "Belarus"],
    ),
    (
        "between_phrase",
        "Qatar undertook a mediation mission between Syria and Jordan.",
        "mediation",
        ["Syria", "Jordan"],
    ),
    ("phrase_subj", "Qatar undertook a mediation mission between Syria and Jordan.", "mediation", ["Qatar"]),
    ("xobj", "Russia agreed to help Tajikistan.", "agreed", ["Tajikistan"]),
    ("xobj_to", "Libya offered to hand over to Great Britain two suspects.", "offered", ["Britain"]),
    ("ccomp_subj", "Greece demanded that Turkey withdraw its troops.", "demanded", ["Turkey"]),
    ("ccomp_subj", "Greece repeated its demand that Turkey withdraw its troops.", "demand", ["Turkey"]),
    ("mod", "The Russian-Tajik exercise ended on Friday.", "exercise", ["Tajik", "Russian"]),
    ("poss", "India's visit ended on Friday.", "visit", ["India"]),
    ("organiser", "An Oman-led exercise with Japan began.", "exercise", ["Oman"]),
    ("organiser", "The exercise, hosted by Mongolia, ended.", "exercise", ["Mongolia"]),
    ("organiser", "Mongolia hosted the exercise with Japan.", "exercise", ["Mongolia"]),
    ("organiser", "The exercise with Japan and India began.", "exercise", []),
    (
        "participants",
        "Over 900 participants from Japan and Nepal took part in the exercise.",
        "exercise",
        ["Japan", "Nepal"],
    ),
    ("participants", "Japan took part in the exercise.", "exercise", []),
    ("appos", "Participants, soldiers from Kazakhstan and Britain, arrived.", "Participants", ["soldiers"]),
    ("of", "The withdrawal of Russian forces began in May.", "withdrawal", ["forces"]),
    ("obliged", "Russia said that Sudan must return the helicopter.", "must", ["Sudan"]),
    ("reporter", "Russia said that Sudan must return the helicopter.", "must", ["Russia"]),
    ("prep:to", "Russia delivered helicopters to Tajikistan.", "delivered", ["Tajikistan"]),
    ("prep:with", "Tajikistan held talks with India.", "talks", ["India"]),
    ("prep:by", "The exercise, hosted by Tajikistan, ended.", "exercise", ["Tajikistan"]),
    ("prep:by", "The Uzbek side thanked Washington for the delivery.", "delivery", ["Washington"]),
    ("prep:to", "The Uzbek side thanked Washington for the delivery.", "delivery", ["side"]),
    ("obj_to", "Poland sent a contingent of engineers to Iraq.", "sent", ["Iraq"]),
    ("obj_for", "The European Union approved aid for Romania.", "approved", ["Romania"]),
    ("obj_on", "Israel lifted a blockade on Palestinian lorries.", "lifted", ["lorries"]),
]


@pytest.mark.parametrize("relation,text,trigger,expected", PARSED, ids=[f"{r[0]}:{r[2]}" for r in PARSED])
def test_relation_on_a_parsed_sentence(nlp, events, relation, text, trigger, expected):
    doc = parsed(nlp, text)
    relations = Relations(token(doc, trigger), events.arguments)
    assert [t.text for t in relations[relation]] == expected


# Hand-built parses: (relation, rows, trigger, tokens that fill it)
HAND_BUILT = [
    (
        "iobj",  # "Russia gave Tajikistan helicopters": Tajikistan as the dative
        [
            ("Russia", 1, "nsubj", "PROPN", "NNP", "Russia"),
            ("gave", 1, "ROOT", "VERB", "VBD", "give"),
            ("Tajikistan", 1, "dative", "PROPN", "NNP", "Tajikistan"),
            ("helicopters", 1, "dobj", "NOUN", "NNS", "helicopter"),
        ],
        "gave",
        ["Tajikistan"],
    ),
    (
        "obj_to",  # "India spent $15 million on equipment for the Kazakh battalion"
        [
            ("India", 1, "nsubj", "PROPN", "NNP", "India"),
            ("spent", 1, "ROOT", "VERB", "VBD", "spend"),
            ("money", 1, "dobj", "NOUN", "NN", "money"),
            ("on", 1, "prep", "ADP", "IN", "on"),
            ("equipment", 3, "pobj", "NOUN", "NN", "equipment"),
            ("for", 4, "prep", "ADP", "IN", "for"),
            ("the", 8, "det", "DET", "DT", "the"),
            ("Kazakh", 8, "amod", "ADJ", "JJ", "Kazakh"),
            ("battalion", 5, "pobj", "NOUN", "NN", "battalion"),
        ],
        "spent",
        ["battalion"],
    ),
    (
        "obj_from",  # "The Red Cross evacuated the wounded from Gorazde"
        [
            ("Croats", 1, "nsubj", "PROPN", "NNPS", "Croats"),
            ("evacuated", 1, "ROOT", "VERB", "VBD", "evacuate"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("wounded", 1, "dobj", "NOUN", "NNS", "wounded"),
            ("from", 3, "prep", "ADP", "IN", "from"),
            ("Gorazde", 4, "pobj", "PROPN", "NNP", "Gorazde"),
        ],
        "evacuated",
        ["Gorazde"],
    ),
    (
        "of_from",  # "the withdrawal of forces from Panama"
        [
            ("the", 1, "det", "DET", "DT", "the"),
            ("withdrawal", 1, "ROOT", "NOUN", "NN", "withdrawal"),
            ("of", 1, "prep", "ADP", "IN", "of"),
            ("forces", 2, "pobj", "NOUN", "NNS", "force"),
            ("from", 3, "prep", "ADP", "IN", "from"),
            ("Panama", 4, "pobj", "PROPN", "NNP", "Panama"),
        ],
        "withdrawal",
        ["Panama"],
    ),
    (
        "subj",  # "the largest exercise the SCO has held": the subject of the relative clause
        [
            ("the", 2, "det", "DET", "DT", "the"),
            ("largest", 2, "amod", "ADJ", "JJS", "large"),
            ("exercise", 2, "ROOT", "NOUN", "NN", "exercise"),
            ("the", 4, "det", "DET", "DT", "the"),
            ("SCO", 6, "nsubj", "PROPN", "NNP", "SCO"),
            ("has", 6, "aux", "AUX", "VBZ", "have"),
            ("held", 2, "relcl", "VERB", "VBN", "hold"),
        ],
        "exercise",
        ["SCO"],
    ),
]


@pytest.mark.parametrize("relation,rows,trigger,expected", HAND_BUILT, ids=[r[0] for r in HAND_BUILT])
def test_relation_on_a_hand_built_parse(nlp, events, relation, rows, trigger, expected):
    doc = hand_built(nlp, rows)
    relations = Relations(token(doc, trigger), events.arguments)
    assert [t.text for t in relations[relation]] == expected


def test_every_relation_has_a_test():
    tested = {r[0] for r in PARSED + HAND_BUILT}
    assert set(RELATIONS) - tested == set()
    assert any(r.startswith(PREP) for r in tested) and any(
        r.startswith(OBJ) and r not in RELATIONS for r in tested
    )


# (condition, value, sentence, trigger, holds)
CONDITION_CASES = [
    ("plural_only", True, "Tajikistan held talks with India.", "talks", True),
    ("plural_only", True, "The minister gave a talk on security.", "talk", False),
    ("needs_prep", "with", "Tajik officials talked with India.", "talked", True),
    ("needs_prep", "with", "Tajik officials talked about the weather.", "talked", False),
    ("not_prep", "about", "Tajikistan asked Russia for help.", "asked", True),
    ("not_prep", "about", "Reporters asked Russia about the base.", "asked", False),
    ("not_pobj", "instructor", "Tajik troops trained with Russian troops.", "trained", True),
    ("not_pobj", "instructor", "Tajik troops trained with Russian instructors.", "trained", False),
    ("no_dobj", True, "Tajik servicemen began training at Russian academies.", "training", True),
    ("no_dobj", True, "Russia trained Tajik officers.", "trained", False),
    ("needs_dobj", True, "Washington provided Tajikistan with radios.", "provided", True),
    ("needs_dobj", True, "The plan will provide for the future.", "provide", False),
    ("not_subj", "@moving_units", "The minister travelled to Dushanbe.", "travelled", True),
    ("not_subj", "@moving_units", "Russian troops travelled to Dushanbe.", "travelled", False),
    ("needs_adv", "jointly", "The two armies trained jointly.", "trained", True),
    ("needs_adv", "jointly", "The two armies trained hard.", "trained", False),
    ("not_adv", "back", "The troops pulled out.", "pulled", True),
    ("not_adv", "back", "The troops pulled back.", "pulled", False),
    ("not_mod", "@civil_aid_modifiers", "Russia sent military aid.", "aid", True),
    ("not_mod", "@civil_aid_modifiers", "Russia sent humanitarian aid.", "aid", False),
    ("needs_mod", "phone|telephone", "Putin had a phone call with Rahmon.", "call", True),
    ("needs_mod", "phone|telephone", "Putin made a call for calm.", "call", False),
    ("needs_obj", "@military_goods", "Russia supplied helicopters.", "supplied", True),
    ("needs_obj", "@military_goods", "Russia supplied gas.", "supplied", False),
    ("not_obj", "troops", "Tajikistan hosted an Indian delegation.", "hosted", True),
    ("not_obj", "troops", "Tajikistan hosts Russian troops.", "hosts", False),
    ("needs_of", "peacekeepers|peacekeeping", "The deployment of peacekeepers began.", "deployment", True),
    ("needs_of", "peacekeepers|peacekeeping", "The deployment of missiles began.", "deployment", False),
    ("not_under", "@stopping_verbs", "Kyrgyzstan held the exercise.", "exercise", True),
    ("not_under", "@stopping_verbs", "Kyrgyzstan cancelled the exercise.", "exercise", False),
    ("obj_is_party", True, "The minister received the Polish ambassador.", "received", True),
    ("obj_is_party", True, "Tajikistan received $2.3 million of U.S. assistance.", "received", False),
    ("not_cited", True, "Tajikistan and India signed an agreement.", "agreement", True),
    ("not_cited", True, "They trained as part of the agreement.", "agreement", False),
    ("not_cited", True, "They trained under the agreement.", "agreement", False),
    ("needs_pobj", "@operated_facilities", "He praised access to Oman's air base.", "access", True),
    ("needs_pobj", "@operated_facilities", "He praised access to Oman's markets.", "access", False),
    ("not_for_itself", True, "Russia backs Armenia's efforts to modernize its army.", "modernize", False),
    (
        "not_for_itself",
        True,
        "Russia backs Armenia's efforts to modernize the Syrian army.",
        "modernize",
        True,
    ),
    ("not_against", True, "Jets delivered munitions to the Iraqi army.", "delivered", True),
    ("not_against", True, "Aircraft delivered 20 bombs against ISIL positions.", "delivered", False),
]


@pytest.mark.parametrize(
    "name,value,text,trigger,holds", CONDITION_CASES, ids=[f"{c[0]}:{c[4]}" for c in CONDITION_CASES]
)
def test_condition(nlp, events, name, value, text, trigger, holds):
    from allyscope.rules import words_of

    condition = CONDITIONS[name]
    if condition.takes_words:
        value = words_of(value, events.rules.lang, "test", 0)
    events.matcher.forget()
    doc = parsed(nlp, text)
    assert condition.test(token(doc, trigger), value, events.matcher) is holds


def test_every_condition_has_a_test_both_ways():
    for name in CONDITIONS:
        assert {c[4] for c in CONDITION_CASES if c[0] == name} == {True, False}, name


def test_the_components_code_an_event_from_a_hand_built_parse(nlp):
    """The actor and event components on a fixed parse: "Russia gave Tajikistan helicopters"
    is military aid from Russia to Tajikistan whatever the statistical parser makes of it."""
    doc = hand_built(nlp, HAND_BUILT[0][1])
    for name in ("allyscope_actors", "allyscope_groups", "allyscope_references", "allyscope_events"):
        doc = nlp.get_pipe(name)(doc)
    (event,) = doc._.events
    assert (event.type, event.source.text, event.target.text) == ("military_aid", "Russia", "Tajikistan")
    assert str(event.found) == "source from subj, target from iobj" and not event.found.fallback


# (sentence, trigger token, lemma and POS of the trigger line, whether the line's guards pass)
GUARD_CASES = [
    ("India visited Tajikistan.", "visited", ("visit", "VERB"), True),
    ("The visiting Indian delegation toured a Tajik academy.", "visiting", ("visit", "VERB"), False),
    ("Russia held an exercise near the border.", "exercise", ("exercise", "NOUN"), True),
    ("Russian troops used the exercise area near the border.", "exercise", ("exercise", "NOUN"), False),
    ("The two armies held war games in May.", "games", ("war game", "NOUN"), True),
    ("The two armies held computer games in May.", "games", ("war game", "NOUN"), False),
]


@pytest.mark.parametrize(
    "text,trigger,line,fires", GUARD_CASES, ids=[f"{c[2][0]}:{c[3]}" for c in GUARD_CASES]
)
def test_trigger_guards(nlp, events, text, trigger, line, fires):
    """A verb trigger used as a modifier ("the visiting delegation"), a noun trigger modifying a
    noun that is no event ("exercise area"), a compound lemma without its first word: no event."""
    doc = parsed(nlp, text)
    rule = next(r for r in events.rules.triggers[(line[0].split()[-1], line[1])] if r.lemma == line[0])
    rule = rule.model_copy(update={"conditions": ()})  # the guards alone
    events.matcher.forget()
    assert events.matcher.matches(token(doc, trigger), rule) is fires
