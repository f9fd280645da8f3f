"""Throughput: end-to-end `extract_documents` against raw spaCy on the same texts, in one run.

Reads the re3d corpus (../shared/eval/re3d/*/documents.json, one JSON object per line with a
`text` field); falls back to the bundled demo corpus when it is absent. Both sides run
`nlp.pipe` with the same batch size after a warm-up pass, over the same texts, and are
counted in the same spaCy tokens. Prints tokens per second of each and their ratio.

    .venv/bin/python bench/throughput.py [--repeat 3] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from allyscope.documents import read_documents
from allyscope.documents.reader import content_id
from allyscope.errors import InputError
from allyscope.language import load_nlp
from allyscope.language.nlp import load_base_model
from allyscope.model import Document
from allyscope.paths import DATA
from allyscope.pipeline import BATCH_SIZE, extract_documents

REPO = Path(__file__).resolve().parents[1]
RE3D = REPO.parent / "shared" / "eval" / "re3d"


def re3d_documents() -> list[Document]:
    """Every re3d document as a Document (text as given, no date)."""
    documents = []
    for path in sorted(RE3D.glob("*/documents.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                documents.append(Document(text=text, doc_id=content_id(text), path=str(path)))
    return documents


def demo_documents() -> list[Document]:
    return [d for d in read_documents([DATA / "demo"]) if not isinstance(d, InputError)]


def best_time(run, repeat: int) -> float:
    """The fastest of `repeat` timed runs (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each side; the best counts")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args()

    documents = re3d_documents()
    corpus = f"re3d ({RE3D})"
    if not documents:
        documents, corpus = demo_documents(), "demo corpus (re3d absent)"
    texts = [d.text for d in documents]

    base = load_base_model()
    full = load_nlp()
    tokens = sum(len(doc) for doc in base.pipe(texts, batch_size=args.batch_size))  # also the warm-up

    def raw() -> None:
        for _ in base.pipe(texts, batch_size=args.batch_size):
            pass

    def end_to_end() -> None:
        events = 0
        for _, found in extract_documents(documents, batch_size=args.batch_size):
            events += len(found)
        end_to_end.events = events

    end_to_end()  # warm-up: caches the dictionaries, gazetteer and dateparser
    raw_s = best_time(raw, args.repeat)
    e2e_s = best_time(end_to_end, args.repeat)
    raw_rate, e2e_rate = tokens / raw_s, tokens / e2e_s

    print(f"corpus: {corpus}: {len(texts)} documents, {tokens:,} tokens; spaCy model {base.meta['name']}")
    print(
        f"batch size {args.batch_size}, best of {args.repeat} runs after a warm-up; pipes: {full.pipe_names}"
    )
    print(f"raw spaCy nlp.pipe:           {raw_rate:10,.0f} tokens/s ({raw_s:.2f} s)")
    print(
        f"allyscope extract_documents:  {e2e_rate:10,.0f} tokens/s ({e2e_s:.2f} s, {end_to_end.events} events)"
    )
    print(f"ratio extract / raw spaCy:    {e2e_rate / raw_rate:10.2f}")


if __name__ == "__main__":
    main()
