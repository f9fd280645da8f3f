"""Hostile and odd input: each case is refused with one coded line, or read correctly, and
never stops the batch, hangs, or takes time out of proportion to its size."""

from __future__ import annotations

import json
import math
import os
import random
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import allyscope
from allyscope.cli import app
from allyscope.documents import read_documents
from allyscope.errors import InputError
from allyscope.model import Document

BODY = (
    "The defence minister of Tajikistan hosted an Indian military delegation in Dushanbe. "
    "Russia and Tajikistan held a joint exercise near the Afghan border on Friday. "
    "The United States gave Tajikistan $2.3 million in military assistance."
)


def read_all(*paths, date=None) -> tuple[list[Document], list[InputError]]:
    items = list(read_documents([str(p) for p in paths], date=date))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def codes(errors: list[InputError]) -> list[str]:
    return [e.cause.split(":")[0] for e in errors]


# --- text that is no valid Unicode ---------------------------------------------------------


def test_a_lone_surrogate_in_a_json_line_is_one_error_and_the_other_lines_are_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "one", "text": BODY},
        {"id": "two", "text": BODY + "\ud800"},
        {"id": "three", "text": BODY},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")  # json writes \\ud800
    docs, errors = read_all(path)
    assert [d.doc_id for d in docs] == ["one", "three"]
    assert [str(e) for e in errors] == [
        f"{path}:2: E040: the text holds a lone surrogate (U+D800), which is no Unicode character"
        " (a broken \\u escape?)"
    ]


def test_a_lone_surrogate_in_a_title_is_refused_too(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"title": "Talks \udfff", "text": BODY}) + "\n")
    _, errors = read_all(path)
    assert codes(errors) == ["E040"] and "the title" in errors[0].cause


def test_extract_refuses_a_string_with_a_lone_surrogate():
    with pytest.raises(InputError, match="E040"):
        allyscope.extract(BODY + "\ud83d")


def test_a_file_name_that_is_not_utf8_is_printable_and_storable(tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xffname.txt"))
    path.write_text(BODY)
    docs, _ = read_all(path)
    assert docs[0].path.endswith("bad\ufffdname.txt")
    docs[0].path.encode("utf-8")


def test_extract_of_an_empty_string_is_an_error_not_the_current_folder():
    for text in ("", "  \n"):
        with pytest.raises(InputError, match="E045"):
            allyscope.extract(text)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-03", "9999-12-31"])
def test_documents_at_the_ends_of_the_calendar_resolve_or_skip_relative_dates(day):
    text = BODY + " The Tajik defence minister visited Moscow on June 14. Russia later withdrew its guards."
    events = allyscope.extract(text, date=day)
    assert events
    for event in events:
        year = int(event.date[:4])
        assert 1 <= year <= 9999 and event.date_precision in ("day", "month", "year", "document")


def test_a_year_or_a_month_given_as_the_date_anchors_at_its_end_and_keeps_its_precision():
    text = (
        "The United States gave Tajikistan $2.3 million in military assistance.\n\n"
        "The defence minister of Tajikistan hosted an Indian military delegation on June 14."
    )
    by_year = {e.type: e for e in allyscope.extract(text, date="2004")}
    assert (by_year["consult"].date, by_year["consult"].date_precision) == ("2004-06-14", "day")
    assert (by_year["military_aid"].date, by_year["military_aid"].date_precision) == ("2004", "document")
    by_month = {e.type: e for e in allyscope.extract(text, date="2004-09")}
    assert (by_month["military_aid"].date, by_month["military_aid"].date_precision) == ("2004-09", "document")


def test_a_partial_date_header_is_read_with_its_precision(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title: Talks\nDate: 2004-09\n\n" + BODY)
    (doc,), _ = read_all(path)
    assert (doc.date, doc.date_precision, doc.stated_date) == ("2004-09-30", "month", "2004-09")


@pytest.mark.parametrize("value", ["2004", "2004-09", "2004-09-20"])
def test_the_date_option_takes_any_precision(tmp_path, value):
    path = tmp_path / "a.txt"
    path.write_text(BODY)
    for command in ("extract", "ingest"):
        extra = ["--db", str(tmp_path / "s.duckdb")] if command == "ingest" else ["--format", "jsonl"]
        result = CliRunner().invoke(app, [command, str(path), "--date", value, *extra])
        assert result.exit_code == 0, result.output


def test_an_invalid_date_option_of_the_python_api_is_a_usage_error():
    from allyscope.errors import UsageError

    with pytest.raises(UsageError, match="E012"):
        allyscope.extract(BODY, date="2004-13")


# --- files that are no files, folders that cannot be read ---------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found = []
    reader = threading.Thread(target=lambda: found.extend(read_all(fifo)[1]), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert codes(found) == ["E041"]


def test_a_device_is_refused_even_behind_an_article_name(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    docs, errors = read_all("/dev/zero", link)
    assert docs == [] and codes(errors) == ["E041", "E041"]


def test_standard_input_is_read_with_a_cap(monkeypatch):
    class Endless:
        """A stream that never ends, like `cat /dev/zero |`: only a bounded read returns."""

        def read(self, size=-1):
            assert size is not None and size >= 0, "an unbounded read of an endless stream"
            return b"a" * size

    monkeypatch.setenv("ALLYSCOPE_MAX_MB", "0.001")
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": Endless()})())
    _, errors = read_all("-")
    assert codes(errors) == ["E010"]


def refuse(monkeypatch, folder: Path) -> None:
    """Make `folder` unreadable as for a user without permission (the tests may run as root)."""
    scandir = os.scandir

    def guarded(path="."):
        if Path(os.fsdecode(path)) == folder:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)


def test_an_unreadable_subfolder_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(BODY)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(BODY)
    refuse(monkeypatch, locked)
    docs, errors = read_all(tmp_path)
    assert [Path(d.path).name for d in docs] == ["a.txt"]
    assert [str(e) for e in errors] == [
        f"{locked}: E042: cannot read folder (Permission denied); its articles are left out"
    ]


def test_an_unreadable_folder_named_itself_is_reported_as_unreadable(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(BODY)
    refuse(monkeypatch, tmp_path)
    docs, errors = read_all(tmp_path)
    assert docs == [] and codes(errors) == ["E042"]


# --- encodings and languages ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_decoded_with_or_without_a_bom(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes((BODY + " Tajik guards — “quoted”.").encode(encoding))
    (doc,), errors = read_all(path)
    assert errors == [] and doc.text == BODY + " Tajik guards — “quoted”."


def test_chinese_text_is_one_not_english_line(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text(
        "俄罗斯和塔吉克斯坦在阿富汗边境附近举行了联合军事演习。美国向塔吉克斯坦提供了军事援助。" * 3
    )
    _, errors = read_all(path)
    assert codes(errors) == ["E043"] and "\n" not in str(errors[0])


def test_random_bytes_without_nul_do_not_pass_as_english(tmp_path):
    rng = random.Random(12)
    passed = []
    for n in range(200):
        data = bytes(rng.choice(range(1, 256)) for _ in range(rng.randint(30, 3000)))
        path = tmp_path / f"r{n}.txt"
        path.write_bytes(data)
        passed += read_all(path)[0]
    assert passed == []


def test_accented_english_names_still_pass(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BODY + " Zenon Kuchák and Sherali Khayrulloév met Égide officials in Dushanbe.")
    docs, errors = read_all(path)
    assert len(docs) == 1 and errors == []


# --- amounts -------------------------------------------------------------------------------


def test_an_amount_too_large_for_a_float_is_no_amount_and_never_infinity(tmp_path):
    text = (
        "The United States gave Tajikistan $" + "9" * 400 + " billion in military assistance. It was"
        " said that the aid was the largest of its kind and that it was to be used by the army."
    )
    (event,) = [e for e in allyscope.extract(text, date="2004-09-20") if e.type == "military_aid"]
    assert event.amount is None or math.isfinite(event.amount["value"])
    article = tmp_path / "a.txt"
    article.write_text(text)
    db, out = tmp_path / "s.duckdb", tmp_path / "plover.json"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["ingest", str(article), "--db", str(db), "--date", "2004-09-20"]).exit_code == 0
    )
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "plover-json", "--out", str(out)])
    assert result.exit_code == 0, result.output

    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    assert json.loads(out.read_text(), parse_constant=no_constants)


# --- time out of proportion ----------------------------------------------------------------


def test_long_runs_of_punctuation_tokenise_in_linear_time():
    from allyscope.language import load_nlp

    tokenizer = load_nlp().tokenizer
    for text in ("(" * 20000, "$" * 20000, "Russia (" + "'" * 5000 + " Tajikistan"):
        start = time.perf_counter()
        doc = tokenizer(text)
        assert time.perf_counter() - start < 5, text[:20]  # spaCy's own took minutes on these
        assert doc.text == text
    assert [t.text for t in tokenizer("Talks in Dushanbe ended.")] == [
        "Talks",
        "in",
        "Dushanbe",
        "ended",
        ".",
    ]


def component_seconds(nlp, text: str, name: str) -> float:
    """Seconds one component takes over `text` once the components before it have run."""
    doc = nlp.make_doc(text)
    for pipe_name, proc in nlp.pipeline:
        if pipe_name == name:
            start = time.perf_counter()
            proc(doc)
            return time.perf_counter() - start
        doc = proc(doc)
    raise KeyError(name)


def test_a_long_chain_of_named_people_is_resolved_in_linear_time():
    from allyscope.language import load_nlp

    nlp = load_nlp()
    unit = "Ivanov\u200f\U0001f600, Russia's ambassador, "
    small, large = (component_seconds(nlp, unit * n, "allyscope_references") for n in (250, 1000))
    assert large < 10 * small + 0.5  # 4 times the text: quadratic work took 16 times as long and more


def test_many_like_sentences_are_grouped_in_linear_time():
    from allyscope.coreference import group_mentions
    from allyscope.pipeline import Pipeline

    pipeline = Pipeline.of()

    def seconds(n: int) -> float:
        text = "The army of Russia helped the troops of Tajikistan on Friday.\n" * n
        document = Document(text=text, doc_id="x", date="2004-09-20")
        doc = pipeline.nlp(text)
        mentions = pipeline.build_events(doc, document)
        start = time.perf_counter()
        group_mentions(doc, document, mentions, pipeline.rules.lang.words)
        return time.perf_counter() - start

    small, large = seconds(100), seconds(400)
    assert large < 10 * small + 0.5
