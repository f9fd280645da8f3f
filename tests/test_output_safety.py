"""What comes from an article is inert in every output (terminal, CSV, HTML and Markdown briefs),
and an output file is never the store nor an existing file unless forced."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from hostile import PWNED, build_hostile_store
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from allyscope import safe
from allyscope.cli import app
from allyscope.cli.app import console
from allyscope.errors import UsageError
from allyscope.export import export
from allyscope.report import report
from allyscope.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ESCAPES = ("\x1b", "\x07", "\u202e", "\x9b")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_hostile_store(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def runner():
    return CliRunner()


def cli(runner, *args, code=0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# terminal


def test_terminal_strips_escape_sequences_controls_and_bidi_overrides():
    shown = safe.terminal(
        "a\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \u202eevil\x9b2J\x00\tb\nc"
    )
    assert shown == "ared link evil2J\tb\nc"


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_events_print_article_text_without_escape_codes(runner, db, fmt):
    out = cli(runner, "events", "--db", db, "--format", fmt).stdout
    assert "ministry said" in out, "the sentence with the escape codes is shown"
    assert not [c for c in ESCAPES if c in out]


def test_a_table_does_not_read_article_text_as_rich_markup(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(console, "width", 300)
    article = tmp_path / "markup.txt"
    article.write_text(
        "Russian and Tajik units held a [/red][bold] joint exercise near the Afghan border on Friday.\n"
    )
    out = cli(runner, "extract", article, "--date", "2004-09-24", "--format", "table").stdout
    assert "held a [/red][bold] joint exercise" in out


# CSV


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_text(start):
    assert safe.csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe.csv_cell("a=1") == "a=1" and safe.csv_cell("-") == "-" and safe.csv_cell(-2) == -2


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv-gdelt", "\t")])
def test_export_writes_no_formula(db, tmp_path, fmt, sep):
    with Store.for_reading(db) as store:
        events = store.query_events()
    # GDELT's columns carry no publisher: its SOURCEURL carries the formula here
    events["doc_url"] = '=HYPERLINK("http://evil.example/","click")'
    out = export(events, tmp_path / f"events.{fmt}", fmt)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter=sep))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if re.match(r"[=+\-@\t\r].", c)]
    assert '\'=HYPERLINK("http://evil.example/","click")' in cells
    if fmt == "csv":
        assert '\'=HYPERLINK("http://evil.example/","click") <b>Review</b>' in cells
        assert any("border equipment =1+1 and" in c for c in cells), "a formula inside a cell is text already"


def test_csv_on_stdout_has_no_formula(runner, db):
    rows = list(csv.DictReader(io.StringIO(cli(runner, "export", "--db", db, "--out", "-").stdout)))
    assert {row["doc_publisher"][:11] for row in rows} == {"'=HYPERLINK"}


# the brief


class Elements(HTMLParser):
    """The tags, attributes and script texts of an HTML page."""

    def __init__(self, page: str):
        super().__init__()
        self.tags, self.scripts, self.in_script = [], [], False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)
            self.in_script = False


def assert_inert(page: str) -> None:
    """No script, handler or link of the article's is live in `page`."""
    found = Elements(page)
    assert not [t for t, a in found.tags if t == "img" and a.get("src") == "x"]
    assert not [a for _, a in found.tags if any(k.startswith("on") for k in a)]
    assert not [a for _, a in found.tags if re.match(r"\s*javascript:", a.get("href") or "", re.I)]
    assert not [s for s in found.scripts if PWNED in s.split('"')[0]], "no script of the article's"


def test_html_brief_is_inert(db, tmp_path):
    with Store.for_reading(db) as store:
        report(store, "TJK", tmp_path / "brief.html")
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert_inert(page)
    assert f"&lt;script&gt;{PWNED}&lt;/script&gt;" in page, "the article's markup is shown as text"
    assert f'<span class="note">javascript:{PWNED}</span>' in page, "the URL is shown as text"
    assert "\x1b" not in page and "\u202e" not in page


def rendered_markdown(db, tmp_path) -> tuple[str, str]:
    with Store.for_reading(db) as store:
        report(store, "TJK", tmp_path / "brief.md", "md")
    text = (tmp_path / "brief.md").read_text(encoding="utf-8")
    return text, MarkdownIt("commonmark").enable("table").render(text)


def test_markdown_brief_is_inert(db, tmp_path):
    text, page = rendered_markdown(db, tmp_path)
    assert_inert(page)
    assert not re.search(r"<script|<b>", page), "no raw HTML from the article"
    assert f"&lt;script&gt;{PWNED}&lt;/script&gt;" in page, "the article's HTML is shown as text"
    assert f"[click](javascript:{PWNED})" in page, "and so is its Markdown"
    assert "\x1b" not in text and "\u202e" not in text
    assert page.count("<tr>") == text.count("\n| "), "a pipe in a sentence does not split its row"


def dom(page, profile) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_both_briefs_run_no_article_script_in_chromium(db, tmp_path):
    with Store.for_reading(db) as store:
        report(store, "TJK", tmp_path / "brief.html")
    _, page = rendered_markdown(db, tmp_path)
    (tmp_path / "brief-md.html").write_text(f"<!DOCTYPE html><html><body>{page}</body></html>")
    for name in ("brief.html", "brief-md.html"):
        shown = dom(tmp_path / name, tmp_path / f"profile-{name}")
        assert "<body" in shown and "data-pwned" not in shown, name
        assert not re.search(r"href=[\"']?\s*javascript:", shown, re.I), name
    # the check itself: the same script, live, is seen
    live = tmp_path / "live.html"
    live.write_text(f"<html><body><script>{PWNED}</script></body></html>")
    assert "data-pwned" in dom(live, tmp_path / "profile-live")


# where the output goes


@pytest.mark.parametrize("command", [["export"], ["report", "TJK"], ["report", "TJK", "--format", "md"]])
@pytest.mark.parametrize("target", ["store", "wal", "link"])
def test_the_output_is_never_the_store(runner, db, tmp_path, command, target):
    out = {"store": db, "wal": f"{db}.wal", "link": tmp_path / "link.duckdb"}[target]
    if target == "link":
        out.symlink_to(db)
    before = digest(db)
    result = cli(runner, *command, "--db", db, "--out", out, "--force", code=2)
    assert (
        result.stderr
        == f"error: E050: {out} is an allyscope store (or its write-ahead log); write the output to another file\n"
    )
    assert digest(db) == before
    assert not (tmp_path / "link_files").exists()


def test_the_python_api_never_writes_over_a_store(db, tmp_path):
    copy = tmp_path / "other.duckdb"
    shutil.copy(db, copy)
    with Store.for_reading(db) as store:
        with pytest.raises(UsageError, match="E050"):
            report(store, "TJK", db, force=True)
        with pytest.raises(UsageError, match="E050"):
            export(store.query_events(), copy, force=True)  # any store, not only the one read


@pytest.mark.parametrize(
    "command, name", [(["export"], "out.txt"), (["report", "TJK"], "out.txt"), (["network"], "out.json")]
)
def test_an_existing_file_is_overwritten_only_with_force(runner, db, tmp_path, command, name):
    out = tmp_path / name
    out.write_text("keep me")
    result = cli(runner, *command, "--db", db, "--out", out, code=2)
    assert result.stderr == f"error: E051: {out} exists; use --force (force=True) to overwrite it\n"
    assert out.read_text() == "keep me"
    cli(runner, *command, "--db", db, "--out", out, "--force")
    assert out.read_text() != "keep me"
    assert [p.name for p in tmp_path.iterdir()] == [name], "no temporary file is left"


def test_a_network_file_needs_a_network_extension(runner, db):
    for out in ("-", db):
        assert cli(runner, "network", "--db", db, "--out", out, code=2).stderr == (
            f"error: E021: invalid network file '{out}'; use one of FILE.graphml, FILE.gexf, FILE.json\n"
        )


def test_a_folder_or_a_missing_folder_is_one_line(runner, db, tmp_path):
    assert "E052: " in cli(runner, "export", "--db", db, "--out", tmp_path, code=2).stderr
    missing = tmp_path / "nowhere" / "events.csv"
    assert cli(runner, "report", "TJK", "--db", db, "--out", missing, code=2).stderr == (
        f"error: E053: no folder {missing.parent}; create it first\n"
    )


@pytest.mark.parametrize(
    "command, start",
    [(["export"], "event_id,"), (["export", "--format", "plover-json"], "[\n"), (["report", "TJK"], "<!DOCTYPE html>"),
     (["report", "TJK", "--format", "md"], "# Tajikistan: security partners\n")],
)  # fmt: skip
def test_out_dash_writes_to_stdout(runner, db, tmp_path, monkeypatch, command, start):
    monkeypatch.chdir(tmp_path)
    result = cli(runner, *command, "--db", db, "--out", "-")
    assert result.stdout.startswith(start)
    assert "-> -" in result.stderr
    assert list(tmp_path.iterdir()) == []
