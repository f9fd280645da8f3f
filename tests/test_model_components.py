"""The pipeline runs the model's attribute ruler and lemmatizer over the document's arrays
(allyscope/language/attribute_ruler.py, lemmatizer.py): the tokens must come out exactly as
the stock components leave them."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from allyscope.language.attribute_ruler import ArrayAttributeRuler, array_attribute_ruler
from allyscope.language.lemmatizer import ArrayLemmatizer, array_lemmatizer
from allyscope.language.nlp import load_base_model, load_nlp

# our own words, with what the model's rules single out: pronouns and their cases, "not",
# auxiliaries, "there is", a determiner standing alone, contractions, spoken forms the rules
# join over two tokens or find by a regular expression, runs of spaces
TEXT = (
    "Officials said they ain't gonna wait: y'all know it wasn't nothin' new. Let's see, c'mon.\n\n"
    "  The minister, who has visited Tbilisi twice, said that this was hers and ours to decide. "
    "There are  two brigades; those were sent. We'd have done it if he had asked us, "
    "and I'm told you'll give it to me. Gotta do what we can.\t\tDo they? They did. "
    "Whether the drills continue is unclear, although both sides have said so."
)


@pytest.fixture(scope="module")
def models():
    stock = load_base_model()
    ours = load_base_model()
    array_attribute_ruler(ours)
    array_lemmatizer(ours)
    return stock, ours


def test_tokens_come_out_as_the_stock_components_leave_them(models):
    stock, ours = models
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for text in (TEXT, TEXT.upper(), "", "   ", "no"):
        expected, got = stock(text), ours(text)
        assert np.array_equal(expected.to_array(attrs), got.to_array(attrs)), text
        assert [(t.lemma_, str(t.morph), t.pos_) for t in expected] == [
            (t.lemma_, str(t.morph), t.pos_) for t in got
        ]


def test_every_kind_of_the_models_patterns_is_matched_as_the_matcher_does(models):
    stock, ours = models
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = stock(TEXT)
    expected = stock.get_pipe("attribute_ruler").match(doc)
    assert ours.get_pipe("attribute_ruler").match(doc) == expected
    patterns = stock.get_pipe("attribute_ruler").patterns
    matched = [patterns[number]["patterns"][0] for number in {m[0] for m in expected}]
    # the text reaches a pattern of two tokens, a regular expression, NOT_IN and a set
    assert any(len(pattern) == 2 for pattern in matched)
    assert any("REGEX" in str(pattern) for pattern in matched)
    assert any("NOT_IN" in str(pattern) for pattern in matched)
    assert any("'IN'" in str(pattern) for pattern in matched)


def test_a_pattern_with_an_operator_goes_through_a_matcher(models):
    stock, _ = models
    patterns = [
        {"patterns": [[{"LOWER": "drills", "OP": "+"}]], "attrs": {"LEMMA": "drill"}},
        {"patterns": [[{"LENGTH": 4}]], "attrs": {"MORPH": "Foo=Bar"}},
        {
            "patterns": [[{"IS_SPACE": False, "LOWER": {"NOT_IN": ["the"]}}, {"TAG": "NNP"}]],
            "attrs": {"POS": "X"},
        },
        {"patterns": [[{"lower": {"REGEX": "^th"}}], [{"TAG": "DT"}]], "attrs": {"POS": "DET"}, "index": 0},
        {"patterns": [[{"TAG": "NNS"}, {"TAG": "VBP"}]], "attrs": {"POS": "VERB"}, "index": -1},
    ]
    plain, arrays = AttributeRuler(stock.vocab), ArrayAttributeRuler(stock.vocab, "attribute_ruler")
    plain.add_patterns(patterns)
    arrays.add_patterns(patterns)
    assert len(arrays.rest) == 2  # the operator and the attribute it has no column for
    doc = stock(TEXT)
    assert arrays.match(doc) == plain.match(doc)
    assert arrays.patterns == plain.patterns


def test_the_pipeline_runs_them_and_the_base_model_stays_stock():
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)
    base = load_base_model()  # what bench/throughput.py times as raw spaCy
    assert type(base.get_pipe("attribute_ruler")) is AttributeRuler
    assert not isinstance(base.get_pipe("lemmatizer"), ArrayLemmatizer)


def test_a_batch_gives_each_document_its_own_matches(models):
    """The ruler matches a batch of documents at once: a pattern of two tokens must not match
    across the end of one document and the start of the next ("gon" | "na")."""
    stock, ours = models
    texts = ["They said they were gon", "na stay. Y'", "all ain't", "", TEXT, "gon na"]
    attrs = [TAG, POS, MORPH, LEMMA]
    for expected, got in zip(stock.pipe(texts, batch_size=4), ours.pipe(texts, batch_size=4), strict=True):
        assert np.array_equal(expected.to_array(attrs), got.to_array(attrs)), expected.text
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(stock.pipe(texts))
    expected = [stock.get_pipe("attribute_ruler").match(doc) for doc in docs]
    assert ours.get_pipe("attribute_ruler").match_batch(docs) == expected
    assert any(e - s == 2 for m in expected[-1:] for _, _, s, e in m), "the last text holds a two-token match"
