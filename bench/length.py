"""Cost in document length: CPU per 1,000 tokens of allyscope's own components (actors, groups,
references, events, and the attributes stage) on documents of about 8k, 60k and 300k tokens,
against spaCy's own components on the same documents in the same run.

The documents are the paragraphs of real texts, shuffled in one fixed order and concatenated:
the re3d corpus (../shared/eval/re3d) and the dev and dev2 texts (../shared/eval/dev, dev2),
repeated as often as the size needs, so that each size holds the same mix of texts. It stops if they are missing. Our cost is linear when our CPU per 1k tokens
stays flat as the document grows (target: the 300k figure within 1.3x of the 8k one).

    .venv/bin/python bench/length.py [--sizes 8000 60000 300000]

The 300k-token document takes a few minutes and a few GB of memory in spaCy's parser.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from allyscope.model import Document
from allyscope.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"


def paragraphs() -> list[str]:
    """The paragraphs of the real texts, shuffled in a fixed order: every size draws from all
    of them alike. (In the order of the files, the 8k document was re3d's short reports alone and
    the longer ones added dev's and dev2's, denser in parties and events: our cost per 1k tokens
    rose 1.56x from 8k to 300k tokens, and was the same at 60k and 300k.)"""
    texts = []
    for path in sorted((EVAL / "re3d").glob("*/documents.json")):
        texts += [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    for folder in ("dev", "dev2"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((EVAL / folder).glob("*.txt"))]
    if not texts:
        sys.exit(f"no texts under {EVAL}/re3d, dev or dev2: the benchmark needs the shared evaluation data")
    found = [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]
    random.Random(20041009).shuffle(found)
    return found


def document(parts: list[str], tokens: int, tokenizer) -> str:
    """Paragraphs joined until the text has about `tokens` tokens (repeating the corpus if need be)."""
    chosen, count, k = [], 0, 0
    while count < tokens:
        part = parts[k % len(parts)]
        chosen.append(part)
        count += len(tokenizer(part))
        k += 1
    return "\n\n".join(chosen)


def measure(pipeline: Pipeline, text: str) -> tuple[int, float, float]:
    """(tokens, spaCy's CPU seconds, ours) for one document."""
    nlp = pipeline.nlp
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    start = time.process_time()
    doc = nlp.make_doc(text)
    spacy_cpu, ours = time.process_time() - start, 0.0
    for name, component in nlp.pipeline:
        start = time.process_time()
        doc = component(doc)
        elapsed = time.process_time() - start
        if name.startswith("allyscope_"):
            ours += elapsed
        else:
            spacy_cpu += elapsed
    start = time.process_time()
    pipeline.build_events(doc, Document(text, "length"))
    ours += time.process_time() - start
    return len(doc), spacy_cpu, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8000, 60000, 300000])
    args = parser.parse_args()
    pipeline = Pipeline.of()
    parts = paragraphs()
    measure(pipeline, "\n\n".join(parts[:20]))  # warm up: caches, lazy tables
    print(f"{'tokens':>8} {'spaCy ms/1k':>12} {'ours ms/1k':>11} {'ours/spaCy':>10}")
    rows = []
    for size in args.sizes:
        tokens, spacy_cpu, ours = measure(pipeline, document(parts, size, pipeline.nlp.tokenizer))
        spacy_per, ours_per = 1000 * spacy_cpu / tokens * 1000, 1000 * ours / tokens * 1000
        rows.append((tokens, spacy_per, ours_per))
        print(f"{tokens:8d} {spacy_per:12.1f} {ours_per:11.1f} {ours_per / spacy_per:10.3f}", flush=True)
    first, last = rows[0], rows[-1]
    growth = last[2] / first[2]
    print(
        f"ours per 1k tokens at {last[0]:,} vs {first[0]:,} tokens: {growth:.2f}x "
        f"(spaCy's own: {last[1] / first[1]:.2f}x; target <= 1.3x)"
    )


if __name__ == "__main__":
    main()
