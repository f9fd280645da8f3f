"""The cache of computed tables: a missing, stale, corrupt or unwritable cache is built again,
never an error."""

from __future__ import annotations

import json

import pytest

from allyscope.attributes import places
from allyscope.cache import cached_json, source_key


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLYSCOPE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def is_list(value) -> bool:
    return isinstance(value, list)


def test_missing_cache_is_built_then_read(folder):
    build, calls = counting([1, 2, 3])
    assert cached_json("table", "k1", build, is_list) == [1, 2, 3]
    assert cached_json("table", "k1", build, is_list) == [1, 2, 3]
    assert len(calls) == 1
    assert json.loads((folder / "table.json").read_text()) == {"key": "k1", "value": [1, 2, 3]}


def test_stale_cache_is_rebuilt(folder):
    cached_json("table", "old", lambda: [1], is_list)
    build, calls = counting([2])
    assert cached_json("table", "new", build, is_list) == [2]
    assert calls == [1]
    assert json.loads((folder / "table.json").read_text())["key"] == "new"


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe", b"[1, 2]", b'{"key": "k1"}', b'{"key": "k1", "value": {"a": 1}}'],
)
def test_corrupt_cache_is_rebuilt(folder, content):
    folder.mkdir()
    (folder / "table.json").write_bytes(content)
    build, calls = counting([7])
    assert cached_json("table", "k1", build, is_list) == [7]
    assert calls == [1]
    assert cached_json("table", "k1", build, is_list) == [7]
    assert calls == [1]


def test_unwritable_cache_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ALLYSCOPE_CACHE", str(blocker / "cache"))  # under a file: cannot be made
    build, calls = counting([1])
    assert cached_json("table", "k", build, is_list) == [1]
    assert cached_json("table", "k", build, is_list) == [1]
    assert len(calls) == 2


def test_source_key_changes_with_a_file(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("A = 1\n")
    before = source_key("1.0", source)
    assert source_key("1.0", source) == before
    assert source_key("1.1", source) != before
    source.write_text("A = 2\n")
    assert source_key("1.0", source) != before


def test_gazetteer_from_the_cache_is_the_built_one(folder):
    places.gazetteer.cache_clear()
    try:
        built = places.gazetteer()
        assert (folder / f"{places.__name__}.json").exists()
        places.gazetteer.cache_clear()
        read = places.gazetteer()
        assert read == places.build_gazetteer()
        assert list(read) == list(built)
        assert read["kharkov"] == read["kharkiv"]
        # a record whose keys are not a place's is not taken from the cache
        stored = json.loads((folder / f"{places.__name__}.json").read_text())
        stored["value"]["records"][0] = {"name": "Nowhere"}
        (folder / f"{places.__name__}.json").write_text(json.dumps(stored))
        places.gazetteer.cache_clear()
        assert places.gazetteer() == built
    finally:
        places.gazetteer.cache_clear()
