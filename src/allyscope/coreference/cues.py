"""What the parse says about one mention: whether it points back to an event already told ("such
support", "these programs", "the exercise"), announces a new one ("another exercise"), adds a
second act ("also"), or names the event ("the Steppe Eagle exercise"). The words are the
language's word lists (`anaphoric_determiners`, `new_instance_words`, `addition_words`,
`referable_event_nouns`, `naming_verbs` in lang/en/words.json); the tests are on the parse: the
determiners and modifiers of the trigger's noun phrase, not a search of the sentence's string."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lang import Words
from ..model import Event

if TYPE_CHECKING:  # the store's writer joins events (coreference.absorb) without loading spaCy
    from spacy.tokens import Doc, Span, Token

# The noun phrase of an event is the trigger noun, the noun a trigger modifies ("assistance
# programs"), or a verb trigger's subject or object ("this aid is delivered").
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr"}
MODIFIER_DEPS = {"compound", "amod", "nmod"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
DETERMINER_DEPS = {"det", "predet", "amod", "advmod"}
NAME_DEPS = {"oprd", "xcomp", "attr", "dobj", "npadvmod", "appos", "pobj"}
NAMED_ENTITIES = {"EVENT", "LAW"}
NOT_NAMES = {"DATE", "TIME", "GPE", "LOC", "NORP"}
PLACES = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class Cues:
    """One mention's place and cues.

    Args:
        sentence: index of its sentence in the document.
        paragraph: how many line breaks precede the sentence (equal means same paragraph).
        lemma: the trigger's lemma.
        anaphor: the noun phrase that points back ("such military support"), or None.
        new_instance: the noun phrase that announces a new event ("another exercise"), or None.
        pair_subject: a subject that refers back to the two parties ("The leaders discussed"), or None.
        content: whether the trigger tells what a meeting was about ("also discussed Russia's
            activities"), which is the meeting, not a second one.
        addition: the adverb that adds a second act ("also"), or None.
        dated: whether the sentence gives a date of its own (outside a cited report's date).
        placed: whether the sentence names a place of its own (a place entity that is no party).
        name: the event's own name ("Steppe Eagle"), or None.
    """

    sentence: int
    paragraph: int
    lemma: str
    anaphor: str | None
    new_instance: str | None
    pair_subject: str | None
    content: bool
    addition: str | None
    dated: bool
    placed: bool
    name: str | None


def trigger_token(sent: Span, event: Event) -> Token:
    """The trigger of an event in its sentence: the first token with the trigger's text (the
    extractor keeps one event per type and dyad in a sentence, so a repeated word is rare)."""
    return next((t for t in sent if t.text == event.trigger), sent.root)


def event_nouns(trigger: Token, words: Words) -> list[Token]:
    """The nouns whose phrase may state the event: the trigger, the noun it modifies, a verb
    trigger's subject and object, and the subject of the sentence ("The course, which ran from
    September 14-18, was conducted by advisers from the ... program")."""
    nouns = [trigger] if trigger.pos_ in ("NOUN", "PROPN") else []
    if trigger.dep_ in MODIFIER_DEPS and trigger.head.pos_ in ("NOUN", "PROPN"):
        nouns.append(trigger.head)
    if trigger.pos_ in ("VERB", "AUX"):
        nouns += [c for c in trigger.children if c.dep_ in ARGUMENT_DEPS and c.pos_ in ("NOUN", "PROPN")]
    root = trigger.sent.root
    nouns += [
        c for c in root.children if c.dep_ in SUBJECT_DEPS and c.pos_ in ("NOUN", "PROPN") and c not in nouns
    ]
    return [n for n in nouns if n is trigger or n.lemma_.lower() in words.referable_event_nouns]


def phrase(noun: Token, word: Token) -> str:
    return noun.doc[min(word.i, noun.i) : max(word.i, noun.i) + 1].text


def determiner_cues(nouns: list[Token], words: Words) -> tuple[str | None, str | None]:
    """(anaphor, new instance): the first event noun with a new-instance or a pointing-back word
    among its determiners and modifiers (a new instance wins: "the second exercise")."""
    for noun in nouns:
        before = [c for c in noun.children if c.dep_ in DETERMINER_DEPS and c.i < noun.i]
        fresh = next((w for w in before if w.lower_ in words.new_instance_words), None)
        if fresh is not None:
            return None, phrase(noun, fresh)
        back = next((w for w in before if w.lower_ in words.anaphoric_determiners), None)
        if back is not None:
            return phrase(noun, back), None
    return None, None


def pair_subject(trigger: Token) -> str | None:
    """A verb trigger's subject that refers back to two parties already named ("The leaders
    discussed ...", "the two sides agreed ..." after a readout of their meeting): the act is told
    of the parties of an event already told."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return None
    pairs = trigger.doc._.actor_pairs or {}
    subject = next((c for c in trigger.children if c.dep_ in SUBJECT_DEPS and c.i in pairs), None)
    return None if subject is None else trigger.doc[subject.left_edge.i : subject.i + 1].text


def addition_cue(trigger: Token, words: Words) -> str | None:
    """An adverb that adds a second act, on the trigger or a verb above it: "Poland also
    offered training", "He also thanked the Thai people for hosting Exercise Cobra Gold"."""
    verbs = [t for t in (trigger, *trigger.ancestors) if t.pos_ in ("VERB", "AUX")]
    if trigger.pos_ not in ("VERB", "AUX"):
        verbs.insert(0, trigger.head)
    return next(
        (
            c.lower_
            for v in verbs
            for c in v.children
            if c.dep_ == "advmod" and c.lower_ in words.addition_words
        ),
        None,
    )


def has_own_date(sent: Span, ents: list[Span], text: str) -> bool:
    """Whether the sentence (its entities `ents`, its document's `text`) states a date outside
    parentheses ("(Avesta, September 17)" dates the report, not the event)."""
    return any(
        ent.label_ == "DATE"
        and text.rfind("(", sent.start_char, ent.start_char)
        <= text.rfind(")", sent.start_char, ent.start_char)
        for ent in ents
    )


def looks_proper(token: Token) -> bool:
    """A word of a name: a proper noun, a number, or a capitalised word inside the sentence (the
    tagger often calls "Rubezh-2004" an adjective; "Such" opening a sentence is none)."""
    capitalised = token.text[:1].isupper() and not token.is_sent_start and token.pos_ != "DET"
    return token.pos_ == "PROPN" or token.like_num or capitalised


def name_tokens(token: Token, actors: set[int]) -> list[Token]:
    """The words of a name under `token` ("Steppe Eagle", "Peace Mission 2010"), without the
    words that name a party, a time or a place ("the Russian-Tajik exercise", "the September
    drill" and "the Caspian exercise" have no name; a year in a name stays)."""
    return [
        t
        for t in token.subtree
        if looks_proper(t) and t.i not in actors and (t.like_num or t.ent_type_ not in NOT_NAMES)
    ]


def event_name(nouns: list[Token], actors: set[int], named: dict[int, Span], words: Words) -> str | None:
    """The event's own name: capitalised words before its noun ("the Steppe Eagle exercise",
    "the Rubezh-2004 exercise"), in apposition ("the drill, Frontier-2004"), after a naming word
    ("code-named Edelweiss-2007"), or a named event or law entity over the noun. The event noun
    alone ("the Agreement") is no name. `named`: the named event and law entities by token."""
    naming = words.naming_verbs
    for noun in nouns:
        ent = named.get(noun.i)
        if ent is not None:
            return (ent[1:] if ent[0].lower_ in words.articles else ent).text
        parts = []
        for child in noun.children:
            if child.dep_ in MODIFIER_DEPS and child.i < noun.i or child.dep_ == "appos":
                parts += name_tokens(child, actors)
            elif child.dep_ == "nummod" and noun.pos_ == "PROPN":
                parts.append(child)  # "Peace Mission 2010"
            elif child.lemma_.lower().split("-")[-1] in naming:
                parts += [t for c in child.children if c.dep_ in NAME_DEPS for t in name_tokens(c, actors)]
        if any(t.is_alpha or "-" in t.text for t in parts if not t.like_num):
            if noun.pos_ == "PROPN":
                parts.append(noun)  # a proper-noun event word is part of the name
            parts.sort(key=lambda t: t.i)
            return noun.doc[parts[0].i : parts[-1].i + 1].text
    return None


def normal_name(name: str) -> str:
    """A name for comparison: lower case, hyphens and spaces alike ("Dustlik-2019" = "Dustlik 2019")."""
    return re.sub(r"[\s\-–]+", " ", name.lower()).strip()


def document_cues(doc: Doc, text: str, events: list[Event], words: Words) -> list[Cues]:
    """The cues of each mention (an event built from one sentence) in its document, parsed from
    `text` (its Document's), read with the language's word lists."""
    if not events:
        return []
    # here, not at the top: the store's writer imports this module without spaCy; `doc` is parsed
    from ..attributes.places import sentence_entities

    # a document's entities and sentences are each read once: spaCy builds them anew on every
    # access, which made this quadratic in the number of sentences
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    breaks = [m.start() for m in re.finditer("\n", text)]
    actors = {t.i for span in doc.spans.get("actors", []) for t in span}
    ents = list(doc.ents)
    ents_of = sentence_entities(sents, ents)
    named: dict[int, Span] = {}
    for ent in ents:
        if ent.label_ in NAMED_ENTITIES:
            named.update(dict.fromkeys(range(ent.start, ent.end), ent))
    found = []
    for event in events:
        sent = doc.char_span(event.char_start, event.char_end, alignment_mode="expand").sent
        index = bisect_right(starts, sent.start) - 1
        trigger = trigger_token(sent, event)
        nouns = event_nouns(trigger, words)
        anaphor, fresh = determiner_cues(nouns, words)
        found.append(
            Cues(
                sentence=index,
                paragraph=bisect_left(breaks, sent.start_char),
                lemma=trigger.lemma_.lower(),
                anaphor=anaphor,
                new_instance=fresh,
                pair_subject=pair_subject(trigger),
                content=trigger.lemma_.lower() in words.content_verbs,
                addition=addition_cue(trigger, words),
                dated=has_own_date(sent, ents_of[sent.start], text),
                placed=any(
                    e.label_ in PLACES and not any(t.i in actors for t in e) for e in ents_of[sent.start]
                ),
                name=event_name(nouns, actors, named, words),
            )
        )
    return found
