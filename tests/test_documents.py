"""The documents stage: text headers, HTML, JSON lines, folders, stdin, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.documents import read_documents, read_text
from allyscope.errors import InputError
from allyscope.model import Document

BODY = "The Polish ambassador met the Tajik defence minister in Dushanbe on Monday."
HTML = """<html><head><title>Tajik talks</title>
<meta property="og:site_name" content="Central Asia Monitor">
<meta name="date" content="2004-09-23"></head>
<body><nav>Home | World | Contact</nav><article><h1>Tajik talks</h1>
<p>The Polish ambassador met the Tajik defence minister in Dushanbe on Monday, and the two sides
discussed the supply of military equipment and places in Polish military schools for Tajik officers.</p>
<p>Indian officers also visited the capital this month to discuss joint exercises with the Tajik
armed forces, according to the ministry.</p></article>
<footer>Copyright notice and cookie policy</footer></body></html>"""
FRENCH = (
    "Le ministre de la Défense du Tadjikistan a reçu une délégation militaire indienne à Douchanbé "
    "pour discuter des exercices conjoints, de la livraison des hélicoptères et des places dans les "
    "écoles militaires polonaises pour les officiers tadjiks cette semaine."
)


def read_all(*paths, date=None) -> tuple[list[Document], list[InputError]]:
    items = list(read_documents([str(p) for p in paths], date=date))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def read_one(path: Path, date=None) -> Document:
    docs, errors = read_all(path, date=date)
    assert not errors, errors
    assert len(docs) == 1
    return docs[0]


def test_title_date_header_with_dashes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"TITLE: Poland and Tajikistan\nDATE: 2004-09-23\n---\n{BODY}\n")
    doc = read_one(path)
    assert doc.title == "Poland and Tajikistan"
    assert (doc.date, doc.date_source) == ("2004-09-23", "metadata")
    assert doc.text == BODY, "the header is not part of the text"
    assert doc.path == str(path)


def test_publication_date_source_header(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(
        f"Publication: Eurasia Daily Monitor\nDate: September 23, 2004\nSource: Jamestown\n\n{BODY}\n"
    )
    doc = read_one(path)
    assert doc.publisher == "Eurasia Daily Monitor", "the first publisher-like header wins"
    assert doc.date == "2004-09-23", "a written-out header date is parsed"
    assert doc.text == BODY


def test_first_line_title_keeps_offsets(tmp_path):
    raw = f"Tajikistan looks beyond Moscow\n\n{BODY}\n"
    path = tmp_path / "c.txt"
    path.write_text(raw)
    doc = read_one(path)
    assert doc.title == "Tajikistan looks beyond Moscow"
    assert doc.text == raw.strip("\n"), "the title stays in the text so offsets match the file"
    assert doc.date is None and doc.date_source is None


def test_date_option_and_text_date():
    assert read_text(BODY, date="2004-09-23").date_source == "option"
    inferred = read_text(f"DUSHANBE, September 20, 2004. {BODY}")
    assert (inferred.date, inferred.date_source) == ("2004-09-20", "inferred")
    header = read_text(f"Date: 2001-10-07\n\n{BODY}", date="2004-09-23")
    assert header.date == "2001-10-07", "the document's own date beats --date"


@pytest.mark.parametrize(
    "header,expected",
    [
        ("2004-09-23T10:00:00Z", ("2004-09-23", "day")),  # a feed's timestamp: the day before the time
        ("2004-9", ("2004-09-30", "month")),  # a month anchors at its end
        ("2004", ("2004-12-31", "year")),
        ("2004-02-30", (None, None)),  # no such day: the date comes from elsewhere
    ],
)
def test_metadata_dates_of_any_precision(header, expected):
    doc = read_text(f"Date: {header}\n\n{BODY}")
    assert (doc.date, doc.date_precision) == expected


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_hide_no_name(hidden):
    from allyscope import extract

    text = f"{hidden}France delivered military aid to Arme{hidden}nia in 2004."
    (event,) = extract(text)
    assert (event.source.code, event.target.code) == ("FRA", "ARM")
    held = read_text(text).text
    assert held == "France delivered military aid to Armenia in 2004."
    assert held[event.char_start : event.char_end] == event.sentence, "offsets count the text without them"
    assert read_text(f"{hidden}Date: 2004-09-23\n\n{BODY}").date == "2004-09-23", "nor a header"


def test_doc_id_is_a_stable_content_hash(tmp_path):
    a, b = read_text(BODY), read_text(BODY.replace(" ", "  ") + "\n")
    assert a.doc_id == b.doc_id and len(a.doc_id) == 16
    assert read_text(BODY + " Later.").doc_id != a.doc_id


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "d.html"
    path.write_text(HTML)
    doc = read_one(path)
    assert doc.title == "Tajik talks"
    assert doc.publisher == "Central Asia Monitor"
    assert doc.date == "2004-09-23"
    assert "Polish military schools" in doc.text
    assert "cookie policy" not in doc.text and "Contact" not in doc.text, "boilerplate is dropped"


def test_jsonl_fields(tmp_path):
    path = tmp_path / "feed.jsonl"
    records = [
        {
            "id": "edm-1",
            "title": "Talks",
            "text": BODY,
            "date": "2004-09-23",
            "url": "https://example.org/1",
            "publisher": "EDM",
        },
        {"text": "Russian and Tajik units held a joint exercise near the Afghan border."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    docs, errors = read_all(path)
    assert not errors
    first, second = docs
    assert (first.doc_id, first.title, first.date, first.url, first.publisher) == (
        "edm-1",
        "Talks",
        "2004-09-23",
        "https://example.org/1",
        "EDM",
    )
    assert first.path == f"{path}:1" and second.path == f"{path}:2"
    assert second.doc_id == read_text(records[1]["text"]).doc_id, "content hash when no id is given"


def test_a_folder_without_articles_says_so(tmp_path):
    (tmp_path / "documents.json").write_text('{"text": "Tajikistan asked Russia for help."}')
    docs, errors = read_all(tmp_path)
    assert docs == [] and len(errors) == 1
    assert "folder holds no articles" in str(errors[0]) and str(tmp_path) in str(errors[0])


def test_folder_is_read_recursively_skipping_gold_and_readme(tmp_path):
    (tmp_path / "2004" / "sept").mkdir(parents=True)
    (tmp_path / "top.txt").write_text(BODY)
    (tmp_path / "2004" / "sept" / "deep.txt").write_text("Tajikistan asked Russia for help.")
    (tmp_path / "2004" / "page.html").write_text(HTML)
    (tmp_path / "top.gold.json").write_text('{"doc": "top.txt", "events": []}')
    (tmp_path / "README.md").write_text("# Corpus\n\nThese files are for testing.")
    (tmp_path / ".hidden.txt").write_text("Hidden text.")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, errors = read_all(tmp_path)
    assert not errors
    assert sorted(Path(d.path).name for d in docs) == ["deep.txt", "page.html", "top.txt"]


def test_stdin_through_the_cli():
    result = CliRunner().invoke(
        app,
        ["extract", "-", "--format", "jsonl", "--date", "2004-09-23"],
        input="The United States gave Tajikistan $2.3 million in military assistance.\n",
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["type"], e["source"]["code"], e["target"]["code"]) for e in events] == [
        ("military_aid", "USA", "TJK")
    ]


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, a phrase the error's cause must contain)."""
    cases = {
        "empty": ("empty.txt", b"  \n\n", "empty"),
        "binary": ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        "undecodable": ("latin.txt", b"Tajik border \x81\x8d\x8f\x90\x9d guards", "cannot decode"),
        "extension": ("article.pdf", b"%PDF-1.4 text", "unknown extension '.pdf'"),
        "french": ("french.txt", FRENCH.encode(), "English"),
    }
    made = {}
    for name, (filename, data, cause) in cases.items():
        path = tmp_path / filename
        path.write_bytes(data)
        made[name] = (path, cause)
    made["missing"] = (tmp_path / "nowhere.txt", "no such file")
    return made


@pytest.mark.parametrize("case", ["empty", "binary", "undecodable", "extension", "french", "missing"])
def test_bad_input_gives_one_line_error_naming_file_and_cause(tmp_path, case):
    path, cause = bad_inputs(tmp_path)[case]
    docs, errors = read_all(path)
    assert docs == []
    (error,) = errors
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert cause in error.cause


def test_too_large_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLYSCOPE_MAX_MB", "0.001")
    path = tmp_path / "long.txt"
    path.write_text(BODY * 40)
    small = tmp_path / "short.txt"
    small.write_text(BODY)
    docs, errors = read_all(path, small)
    assert [d.path for d in docs] == [str(small)]
    (error,) = errors
    assert str(error).startswith(f"{path}: ") and "larger than" in error.cause and "\n" not in str(error)


def test_malformed_json_line_keeps_the_other_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "one", "text": BODY})
        + "\n{not json at all\n"
        + json.dumps({"title": "no text field"})
        + "\n"
        + json.dumps({"id": "four", "text": "Tajikistan asked Russia for help."})
        + "\n"
    )
    docs, errors = read_all(path)
    assert [d.doc_id for d in docs] == ["one", "four"]
    assert [str(e) for e in errors] == [
        f"{path}: E006: line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        f"{path}: E007: line 3: JSON object has no 'text' field",
    ]


def test_batch_goes_on_after_bad_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(BODY)
    bad = bad_inputs(tmp_path)
    docs, errors = read_all(*(p for p, _ in bad.values()), good)
    assert [d.path for d in docs] == [str(good)]
    assert len(errors) == len(bad)


def test_document_longer_than_one_piece_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLYSCOPE_MAX_CHARS", "500")
    long = tmp_path / "long.txt"
    long.write_text("Russia and Tajikistan held a joint exercise near the border. " * 20)
    short = tmp_path / "short.txt"
    short.write_text("Russia and Tajikistan held a joint exercise near the border.")
    items = list(read_documents([long, short]))
    assert isinstance(items[0], InputError) and "more than the 500" in items[0].cause
    assert str(items[0]).startswith(f"{long}: ") and isinstance(items[1], Document)
