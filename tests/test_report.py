"""The country brief: verdict, charts, evidence; offline; opens in headless Chromium without errors."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from synthetic_store import build_store
from typer.testing import CliRunner

from allyscope.cli import app
from allyscope.report import report
from allyscope.store import Store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHARTS = ("shares", "hhi", "timeline", "money", "network")


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    with Store(build_store(folder / "synthetic.duckdb"), read_only=True) as store:
        written = report(store, "TJK", folder / "brief.html")
    return written, folder / "brief.html"


def run_chromium(page, profile, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", *args, page.as_uri()],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def test_html_has_verdict_charts_and_evidence(brief):
    written, path = brief
    page = path.read_text(encoding="utf-8")
    assert html.escape(written.dependence.verdict["text"]) in page
    assert "new partners: India, Poland" in written.dependence.verdict["text"]
    for chart in CHARTS:
        assert f'id="chart-{chart}"' in page
    assert page.count('<figure class="chart"') == len(CHARTS) and page.count("<svg") == len(CHARTS)
    assert '<mark class="trigger">manoeuvres</mark>' in page
    assert '<a href="https://example.org/doc2004" rel="noopener noreferrer">' in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", page, re.I)


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_html_renders_in_chromium_without_console_errors(brief, tmp_path):
    _, path = brief
    done = run_chromium(path, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_errors(done.stderr) == []
    assert done.stdout.count("<svg") >= len(CHARTS)
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><script>undefinedFunction();</script></body></html>")
    assert console_errors(run_chromium(broken, tmp_path / "profile2", "--dump-dom").stderr)


def test_markdown_brief_with_pngs(tmp_path):
    db = build_store(tmp_path / "synthetic.duckdb")
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(app, ["report", "TJK", "--db", str(db), "--out", str(out), "--format", "md"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Tajikistan: security partners\n\n> Tajikistan, 2004: Russia 42%")
    for chart in CHARTS:
        png = tmp_path / "brief_files" / f"{chart}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"(brief_files/{chart}.png)" in text
    assert "**Russia** and **Tajikistan** _manoeuvres_" in text


def test_every_share_and_the_verdict_link_to_listed_events(brief):
    written, path = brief
    page = path.read_text(encoding="utf-8")
    rows = set(re.findall(r'<tr id="e-([0-9a-z]+)"', page))
    links = re.findall(r'<a href="#e-([0-9a-z]+)">', page)
    assert rows and links and set(links) <= rows
    portfolio = written.dependence.portfolio
    assert set(links) == {i for ids in portfolio["event_ids"] for i in ids} & rows
    assert "Evidence for RUS in" in page


def test_the_brief_is_small(brief):
    _, path = brief
    assert path.stat().st_size < 1_500_000


def test_the_period_label_never_runs_past_today():
    from datetime import date

    import pandas as pd

    from allyscope.report.html import period_label

    today = date(2026, 6, 1)
    assert period_label(pd.Series(["2013", "2020"]), today) == "2013 to 2020"
    assert (
        period_label(pd.Series(["2013", "2020", "2044"]), today)
        == "2013 to 2020 (and plans dated up to 2044)"
    )
    assert (
        period_label(pd.Series(["2013-Q1", "2027-Q2"]), today)
        == "2013-Q1 to 2013-Q1 (and plans dated up to 2027-Q2)"
    )
    assert period_label(pd.Series([], dtype=object), today) == "no dated events"


def test_charts_put_periods_on_a_real_time_axis():
    import numpy as np

    from allyscope.report.charts import with_gaps

    x, y = with_gaps(np.array([2003.0, 2004.0, 2007.0]), 1.0, np.array([0.5, 0.4, 0.9]))
    # a line from 2004 to 2007 would hide the years without events: it breaks there
    assert np.array_equal(x, [2003, 2004, np.nan, 2007], equal_nan=True)
    assert np.isnan(y[2]) and list(y[[0, 1, 3]]) == [0.5, 0.4, 0.9]
    (quarters,) = with_gaps(np.array([2004.0, 2004.25, 2004.75]), 0.25)
    assert np.isnan(quarters[2])


def test_the_shares_chart_keeps_years_without_events(brief):
    from allyscope.report.charts import period_axis, shares_table

    written, _ = brief
    x, step = period_axis(written, shares_table(written).index)
    assert step == 1.0 and list(x) == [float(p) for p in shares_table(written).index]


def test_a_brief_sets_a_second_country_beside_it(tmp_path):
    from allyscope import partners

    db = build_store(tmp_path / "synthetic.duckdb")
    out = tmp_path / "compare.html"
    result = CliRunner().invoke(
        app, ["report", "TJK", "--compare", "Russia", "--db", str(db), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Compared with Russia</h2>" in page and 'id="chart-compare"' in page
    rows = re.findall(
        r"<tr><td>([^<]+)</td><td class='num'>([^<]*)</td>",
        page.split('id="compare"')[1].split("</table>")[0],
    )
    with Store(db, read_only=True) as store:
        expected = partners(store, "TJK").concentration.dropna(subset=["hhi"])
    shown = {period: hhi for period, hhi in rows if hhi}
    assert shown == {r.period: f"{r.hhi:.2f}" for r in expected.itertuples()}
    plain = CliRunner().invoke(app, ["report", "TJK", "--db", str(db), "--out", str(tmp_path / "one.html")])
    assert plain.exit_code == 0 and "Compared with" not in (tmp_path / "one.html").read_text(encoding="utf-8")
