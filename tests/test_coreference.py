"""Event coreference: mentions of one real-world event become one event, within a document and
across documents, with stable ids and a note of why; and a date for every event."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from allyscope import Options, extract, partners
from allyscope.coreference import absorb, cluster_events
from allyscope.lang import load_language
from allyscope.model import Event
from allyscope.paths import DATA
from allyscope.store import Store

DEMO = DATA / "demo"
EXERCISE = ("military_cooperation", "KGZ", "RUS")


def demo(number: str):
    return next(DEMO.glob(f"{number}-*.txt"))


def of(events: list[Event], type_: str, a: str, b: str) -> list[Event]:
    """Events of a type between two parties, either way round."""
    return [
        e
        for e in events
        if e.type == type_ and {e.source and e.source.code, e.target and e.target.code} == {a, b}
    ]


@pytest.fixture(scope="module")
def piece() -> list[Event]:
    """An analysis piece of our own (demo 32): near-total reliance on Moscow while Dushanbe
    courts India, Poland and the United States; undated, and one U.S. aid programme told in
    five sentences."""
    return extract(demo("32"))


@pytest.fixture(scope="module")
def reports() -> dict[str, list[Event]]:
    """Three reports of one Russian-Kyrgyz exercise (33-35), an exercise announced for October
    (36) and two exercises of one pair in one month (37)."""
    return {n: extract(demo(n)) for n in ("33", "34", "35", "36", "37")}


def test_one_aid_programme_told_in_five_sentences_is_one_event(piece):
    (aid,) = of(piece, "military_aid", "USA", "TJK")
    assert len(aid.mentions) == 5 and aid.n_documents == 1
    assert aid.amount["value_usd"] == 2_300_000 and (aid.date, aid.date_precision) == ("2004", "year")
    assert aid.mentions[0].sentence == aid.sentence, "the first mention is the event's own evidence"
    assert "'Such military support' points back" in aid.grouping
    assert "'These U.S. assistance programs' points back" in aid.grouping
    (exercise,) = [e for e in of(piece, "military_cooperation", "RUS", "TJK") if len(e.mentions) > 1]
    assert exercise.mentions[1].sentence.startswith("The exercise involved")


def test_the_per_mention_view_keeps_every_sentence(piece):
    mentions = extract(demo("32"), mentions=True)
    aids = of(mentions, "military_aid", "USA", "TJK")
    assert len(aids) == 5 and all(len(e.mentions) == 1 for e in aids)
    assert len(mentions) == sum(len(e.mentions) for e in piece)


def test_records_keep_their_mentions_and_old_records_still_load(piece):
    (aid,) = of(piece, "military_aid", "USA", "TJK")
    again = Event.from_dict(json.loads(json.dumps(aid.to_dict())))
    assert again == aid
    old = {k: v for k, v in aid.to_dict().items() if k not in ("mentions", "n_documents", "sources", "name")}
    loaded = Event.from_dict(old)
    assert [m.sentence for m in loaded.mentions] == [aid.sentence]
    assert (loaded.n_documents, loaded.sources) == (1, ["U.S. embassy"])


def test_an_undated_article_gets_an_inferred_date_and_undated_events_its_upper_bound(piece):
    (request,) = of(piece, "request", "TJK", "RUS")
    # the year of "$2.3 million ... in 2004" and the latest cited day "(Itar-Tass, September 17)"
    assert (request.date, request.date_precision) == ("2004-09-17", "document")


def test_the_patron_comes_first_and_every_partner_counts_in_its_year(tmp_path):
    with Store(tmp_path / "piece.duckdb") as store:
        store.ingest([demo("32")])
        (document,) = store.documents().to_dict("records")
        by_year = partners(store, "TJK", Options(by="year")).portfolio
        overall = partners(store, "TJK", Options(by="all")).portfolio
    assert (str(document["date"])[:10], document["date_source"]) == ("2004-09-17", "inferred")
    assert list(by_year["partner"])[0] == "RUS"
    assert set(by_year["partner"]) == set(overall["partner"]) == {"RUS", "USA", "IND", "POL"}


def test_the_cue_is_the_determiner_of_the_event_noun():
    told = "The United States gave Tajikistan military aid worth $2 million in 2003. Tajik officials praised the gift."
    joined = extract(
        f"{told} The Pentagon said the military aid to Tajikistan paid for radios.", date="2004-09-20"
    )
    apart = extract(
        f"{told} The Pentagon said military aid to Tajikistan paid for radios.", date="2004-09-20"
    )
    assert [len(e.mentions) for e in of(joined, "military_aid", "USA", "TJK")] == [2]
    assert [len(e.mentions) for e in of(apart, "military_aid", "USA", "TJK")] == [1, 1]
    assert "nothing says it is the same" in of(apart, "military_aid", "USA", "TJK")[1].grouping


def test_a_second_act_and_a_new_instance_stay_apart():
    offers = extract(
        "Poland offered Tajikistan military equipment on May 3. Poland also offered to train Tajik officers.",
        date="2004-09-20",
    )
    assert len(of(offers, "military_aid", "POL", "TJK")) == 2
    assert "'also' adds a second act" in of(offers, "military_aid", "POL", "TJK")[1].grouping
    gifts = extract(
        "Russia gave Tajikistan ten helicopters. Russia gave Tajikistan 5,000 rifles.", date="2004-09-20"
    )
    assert "'give' again is a second act" in of(gifts, "military_aid", "RUS", "TJK")[1].grouping
    elaborated = extract(
        "Talks between Vladimir Putin and President of Uzbekistan Shavkat Mirziyoyev took place in the Kremlin. "
        "The presidents discussed military-technical cooperation.",
        date="2004-09-20",
    )
    (talks,) = of(elaborated, "consult", "RUS", "UZB")
    assert len(talks.mentions) == 2 and "the next sentence elaborates" in talks.grouping


def test_a_named_exercise_joins_by_its_name_not_the_nearest_exercise():
    found = extract(
        "Russian and Tajik troops held the Rubezh-2004 exercise near Kulob in May. "
        "In June, Russian and Tajik troops held another exercise near Khujand.\n\n"
        "The Rubezh-2004 exercise involved Russian jets and Tajik troops.",
        date="2004-09-20",
    )
    first, second = of(found, "military_cooperation", "RUS", "TJK")
    assert first.name == "Rubezh-2004" and len(first.mentions) == 2
    assert "same name 'Rubezh-2004'" in first.grouping
    assert len(second.mentions) == 1 and "different date (2004-05 / 2004-06)" in second.grouping


def test_two_exercises_of_one_pair_in_one_month_at_two_places_stay_two(reports):
    taraz, aktau = of(reports["37"], "military_cooperation", "KAZ", "RUS")
    assert (taraz.date, aktau.date) == ("2008-06", "2008-06")
    assert (taraz.location["name"], aktau.location["name"]) == ("Taraz", "Aktau")
    assert "different place (Taraz / Aktau)" in aktau.grouping


def test_three_reports_of_one_exercise_are_one_event_and_the_announced_one_stays_apart(reports):
    events = [e for n in ("33", "34", "35", "36") for e in reports[n]]
    clustered = cluster_events(events)
    held, announced = of(clustered, *EXERCISE)
    assert held.n_documents == 3 and len(held.sources) == 3
    assert {m.publisher for m in held.mentions} == {
        "Bishkek Courier",
        "Moscow Defence Wire",
        "Central Asia Monitor",
    }
    assert held.event_id == of(reports["33"], *EXERCISE)[0].event_id, "the earliest report gives the id"
    assert (announced.modality, announced.date, announced.n_documents) == ("planned", "2007-10", 1)
    assert f"kept apart from {held.event_id}" in announced.grouping
    shuffled = cluster_events(events[::-1])
    assert [e.to_dict() for e in shuffled] == [e.to_dict() for e in clustered], "any order, same events"


def test_a_stored_event_keeps_its_id_when_an_earlier_report_joins_it(reports):
    stored = cluster_events(reports["34"] + reports["35"])
    (kept,) = of(stored, *EXERCISE)
    new = reports["33"]  # published a day before 34, after it was stored
    result = absorb(stored, new)
    (updated,) = of(result.updated, *EXERCISE)
    assert updated.event_id == kept.event_id and updated.n_documents == 3
    assert result.absorbed[kept.event_id] == [of(new, *EXERCISE)[0].event_id]
    assert updated.mentions[0].doc_id == new[0].doc_id, "the earlier report is the evidence, as in a batch"
    assert not of(result.added, *EXERCISE)
    assert kept.n_documents == 2, "the stored events given are not changed"


def test_cue_words_are_language_word_lists_and_do_not_overlap():
    words = load_language("en").words
    for name in (
        "anaphoric_determiners",
        "new_instance_words",
        "addition_words",
        "referable_event_nouns",
        "naming_verbs",
    ):
        assert words[name], name
    # a word cannot both point back and announce a new event
    assert not words.anaphoric_determiners & words.new_instance_words


def report_elsewhere(event: Event, doc_id: str, **facts) -> Event:
    """The event as another document would report it, with other facts."""
    mention = replace(event.mentions[0], doc_id=doc_id, published="2007-09-01")
    return replace(event, event_id=f"{doc_id}-{event.event_id}", doc_id=doc_id, mentions=[mention], **facts)


def test_across_documents_a_shared_year_is_too_little_and_two_kinds_of_aid_are_two_facts(reports):
    (exercise,) = of(reports["33"], *EXERCISE)
    vague = report_elsewhere(exercise, "vague", date="2007", date_precision="year", location=None)
    (_, kept) = cluster_events([exercise, vague])
    assert "nothing ties them" in kept.grouping
    same_day = report_elsewhere(exercise, "other", location=None)
    assert len(cluster_events([exercise, same_day])) == 1
    radios = report_elsewhere(exercise, "a", type="military_aid", aid_kind=["equipment"], amount=None)
    lessons = report_elsewhere(exercise, "b", type="military_aid", aid_kind=["training"], amount=None)
    (_, apart) = cluster_events([radios, lessons])
    assert "different aid (equipment / training)" in apart.grouping


def test_a_document_date_is_inferred_from_its_text():
    from allyscope.documents.dates import infer_date

    assert infer_date("DUSHANBE, September 20, 2004 - Talks ended.") == "2004-09-20", "a dateline first"
    later = "x " * 250 + "The pact signed on May 5, 1997 was renewed on March 4, 2002 until June 1, 2030."
    assert infer_date(later) == "2002-03-04", "else the latest full date that is no deadline"
    cited = "Aid grew in 2004 (Avesta, September 14) and will end by 2009 (Asia-Plus, September 17)."
    assert infer_date(cited) == "2004-09-17", (
        "else the latest cited day in the latest year told, not a deadline"
    )
    assert infer_date("Russia keeps troops in Tajikistan (Avesta, September 14).") is None


def test_two_undated_reports_join_only_when_their_documents_are_a_week_apart(reports):
    (exercise,) = of(reports["33"], *EXERCISE)
    undated = {"date_precision": "document", "location": None}
    first = report_elsewhere(exercise, "first", date="2007-08-20", **undated)
    week = report_elsewhere(exercise, "week", date="2007-08-25", **undated)
    weeks = report_elsewhere(exercise, "weeks", date="2007-09-10", **undated)
    assert len(cluster_events([first, week])) == 1
    (_, apart) = cluster_events([first, weeks])
    assert "nothing ties them" in apart.grouping


@pytest.mark.parametrize(
    "sentence,name",
    [
        (
            "Troops from China and Kazakhstan took part in the Peace Mission 2010 exercise near Matybulak.",
            "Peace Mission 2010",
        ),
        (
            "Kazakhstan hosted the Steppe Eagle peacekeeping exercise with U.S. troops in September.",
            "Steppe Eagle",
        ),
        ("Russian and Tajik troops held the September exercise near Kulob.", None),
        ("Russian and Tajik troops held the 2004 exercise near Kulob in May.", None),
        ("Russian and Tajik troops held the Russian-Tajik exercise near Kulob in May.", None),
    ],
)
def test_an_event_name_leaves_out_parties_times_and_places(sentence, name):
    (event,) = [e for e in extract(sentence, date="2010-10-01") if e.type == "military_cooperation"]
    assert event.name == name
