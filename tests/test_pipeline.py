"""The Pipeline object: its configuration, and extra actor dictionaries reaching what asks them."""

from __future__ import annotations

import json

from allyscope import extract
from allyscope.pipeline import Pipeline
from allyscope.store import Store


def extra_dictionary(tmp_path):
    path = tmp_path / "extra.jsonl"
    record = {"code": "ZNR", "name": "Zanarian Republic", "kind": "state", "aliases": ["Zanaria", "Zanarian"]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_an_extra_dictionary_names_its_codes(tmp_path):
    path = extra_dictionary(tmp_path)
    pipeline = Pipeline(actors=[path])
    assert pipeline.code_name("ZNR") == ("ZNR", "Zanarian Republic", "state")
    assert Pipeline().code_name("ZNR") == ("ZNR", "ZNR", "state"), "the bundled dictionary does not know it"
    events = extract("Zanaria and Tajikistan held a joint military exercise.", pipeline=pipeline)
    assert {e.source.code for e in events} | {e.target.code for e in events} == {"ZNR", "TJK"}


def test_the_store_records_the_pipeline_and_names_extra_parties(tmp_path):
    path = extra_dictionary(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(
        "Zanaria and Tajikistan held a joint military exercise near Dushanbe.\n", encoding="utf-8"
    )
    with Store(tmp_path / "s.duckdb") as store:
        store.ingest([article], actors=(str(path),))
        names = dict(store.con.execute("SELECT code, name FROM actors").fetchall())
        (config,) = store.con.execute("SELECT value FROM settings WHERE name = 'pipeline'").fetchone()
    assert names["ZNR"] == "Zanarian Republic"
    assert json.loads(config) == {**Pipeline.of(actors=(str(path),)).config(), "actors": [str(path)]}
    assert json.loads(config)["lang"] == "en"
