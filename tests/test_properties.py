"""Property tests (hypothesis): the loaders and `extract` never raise on any input but with a
coded InputError, ids are stable, and every event is valid against the shipped JSON Schema of
SPEC's event record (src/allyscope/data/event.schema.json)."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
jsonschema = pytest.importorskip("jsonschema")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import allyscope  # noqa: E402
from allyscope.documents import read_documents  # noqa: E402
from allyscope.errors import InputError, UsageError  # noqa: E402
from allyscope.model import Document  # noqa: E402
from allyscope.paths import DATA  # noqa: E402

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = [
    "Russia",
    "Tajikistan",
    "India",
    "Poland",
    "Moscow",
    "Dushanbe",
    "NATO",
    "CSTO",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "on",
    "at",
    "by",
    "hosted",
    "visited",
    "gave",
    "signed",
    "held",
    "joint",
    "exercise",
    "military",
    "aid",
    "assistance",
    "border",
    "guards",
    "withdraw",
    "asked",
    "help",
    "defence",
    "minister",
    "delegation",
    "agreement",
    "troops",
    "base",
    "training",
    "$2.3",
    "million",
    "billion",
    "2004",
    "September",
    "20",
    "Friday",
    "June",
    "14",
    "last",
    "week",
    "next",
    "year",
    "two",
    "days",
    "later",
    "(",
    ")",
    ",",
    ".",
    ";",
    "-",
    "—",
    "“",
    "”",
    "'",
    "\n",
    "\n\n",
    "\u200f",
    "😀",
    "�",
    "\x00",
    "\x1b[31m",
    "Ivanov",
    "Kholov",
]
SUFFIXES = [".txt", ".html", ".jsonl", ".md", ""]


@cache
def validator():
    schema = json.loads((DATA / "event.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_event(event) -> None:
    record = event.to_dict()
    json.dumps(record, allow_nan=False)  # no Infinity or NaN in any JSON output
    errors = sorted(validator().iter_errors(record), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def read_file(data: bytes, suffix: str, date_option: str | None = None) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "input" + suffix)
        path.write_bytes(data)
        items = list(read_documents([path], date=date_option))
    assert all(isinstance(i, Document | InputError) for i in items)
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item) and item.cause[:1] in "E" and item.cause.strip()
    return items


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_the_reader_never_raises_on_any_bytes(data, suffix):
    read_file(data, suffix)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["id", "text", "title", "date", "url", "publisher", "other"]),
                st.one_of(
                    st.text(max_size=300), st.integers(), st.none(), st.lists(st.integers(), max_size=2)
                ),
                max_size=5,
            ),
            st.text(max_size=50).map(lambda t: {"text": t}),
        ),
        max_size=5,
    )
)
def test_the_json_lines_reader_never_raises_and_each_line_has_one_outcome(records):
    data = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    items = read_file(data, ".jsonl")
    nonblank = [r for r in records if json.dumps(r).strip()]
    assert len(items) <= max(1, len(nonblank))


texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
dates = st.one_of(
    st.none(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.sampled_from(["0001-01", "9999-12", "2004-02", "2004-02-29"]),
)


@settings(SETTINGS, max_examples=60)
@given(texts, dates)
def test_extract_never_raises_ids_are_stable_and_events_are_valid(text, day):
    try:
        events = allyscope.extract(text, date=day)
    except InputError as exc:  # refused with one coded line: empty, not English, a lone surrogate
        assert exc.cause.startswith("E") and "\n" not in str(exc)
        return
    again = allyscope.extract(text, date=day)
    assert [e.event_id for e in events] == [e.event_id for e in again]
    assert len({e.event_id for e in events}) == len(events)
    for event in events:
        check_event(event)
        assert 0 <= event.char_start <= event.char_end <= len(text.strip("\n")) + 1


@settings(SETTINGS, max_examples=25)
@given(st.sampled_from(sorted(p.name for p in (DATA / "demo").glob("*.txt"))), dates)
def test_demo_articles_give_valid_events_with_any_document_date(name, day):
    text = (DATA / "demo" / name).read_text(encoding="utf-8")
    for event in allyscope.extract(text, date=day):
        check_event(event)


@SETTINGS
@given(st.text(max_size=12))
def test_the_date_option_is_a_value_or_a_usage_error(value):
    try:
        allyscope.extract("Russia and Tajikistan held a joint exercise near the border.", date=value)
    except UsageError as exc:
        assert str(exc).startswith("E012")
