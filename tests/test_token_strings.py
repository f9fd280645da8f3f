"""The per-document views the stages read instead of spaCy's per-token objects give what the
tokens themselves give."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from allyscope.actors.spans import actor_at
from allyscope.language import load_nlp
from allyscope.language.strings import indexes, token_strings

TEXT = (
    "DUSHANBE, Tajikistan - Defence Minister Sherali Mirzo met the Russian envoy.\n\n"
    "The Organisation's Exercises began on 20 September 2004; they were held near Kulob.\n"
    "Iran's border guards (Avesta, September 20) said the two sides will patrol.  Done"
)


@pytest.fixture(scope="module")
def doc():
    return load_nlp()(TEXT)


def test_token_strings_are_the_tokens_own(doc):
    strings = token_strings(doc)
    assert strings.text == [t.text for t in doc]
    assert strings.lower == [t.lower_ for t in doc]
    assert strings.lemma == [t.lemma_.lower() for t in doc]
    assert strings.tag == [t.tag_ for t in doc]
    assert strings.pos == [t.pos_ for t in doc]
    assert strings.dep == [t.dep_ for t in doc]
    assert any(w != w.lower() for w in (t.lemma_ for t in doc))  # a capitalised lemma is lowered
    assert token_strings(doc) is strings  # built once per document


def test_indexes_are_the_tokens_with_a_wanted_string(doc):
    strings = token_strings(doc)
    assert indexes(strings.lower, {"the", "two"}) == [t.i for t in doc if t.lower_ in ("the", "two")]


def test_token_strings_of_an_empty_document():
    strings = token_strings(load_nlp().make_doc(""))
    assert strings.text == [] and strings.dep == []


def test_actor_at_reads_the_actor_index(doc):
    # actor_at reads the extension's storage directly: it must see what `doc._.actor_index` holds
    span = Span(doc, 3, 4)
    saved = doc._.actor_index
    doc._.actor_index = {3: span}
    try:
        assert actor_at(doc[3]) is span and actor_at(doc[4]) is None
    finally:
        doc._.actor_index = saved


def test_a_line_break_starts_a_sentence(doc):
    starts = [t.i for t in doc if t.is_sent_start]
    after_breaks = [t.i + 1 for t in doc[:-1] if "\n" in t.text]
    assert after_breaks and set(after_breaks) <= set(starts)
