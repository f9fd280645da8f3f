"""Fuzz the reader and extraction: crashes, slow inputs, the worst small-input time.

Inputs, drawn from a seed: mutations of the demo articles (pieces of one to a few sentences,
changed by character, word and byte: flips, inserts, deletions, repeats, splices of odd
characters), the same wrapped as JSON lines and HTML and encoded as UTF-16/32 or Windows-1252,
random bytes, and the crash signatures of issue 12 at random sizes (lone surrogates, dates at
the calendar's ends with relative dates, partial dates, long runs of one character, names with
a right-to-left mark and an emoji, amounts beyond a float, control characters, NUL bytes).
Each input goes through the reader (`read_bytes`, as a file of its kind would) and every
document it gives through the pipeline, one at a time, timed. A crash is any exception but the
reader's coded InputError, or an event that is not valid JSON against data/event.schema.json.

The baseline, measured first in the same run: each demo article extracted whole. The report
gives the crashes (must be 0), the inputs over 10 s (must be 0), the worst input time and its
ratio to the slowest demo article.

    nice .venv/bin/python bench/fuzz.py --inputs 100000 --workers 2 [--seed 1] [--out fuzz.jsonl]

With --out, each crash and each input over 1 s is written as a JSON line (the input itself
in base64), and a summary line every 500 inputs per worker, so that a long run can be read
while it goes on. About 20-40 inputs a second per worker on an idle core.
"""

from __future__ import annotations

import argparse
import base64
import codecs
import json
import multiprocessing
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

SLOW_S = 10.0
NOTE_S = 1.0
ODD = [
    "\ud800", "\udfff", "\u200f", "\u200b", "\ufeff", "\U0001f600", "\u0000", "\x1b[31m", "\x07",
    "\u202e", "\u0301", "\u00a0", "\u2028", "\r", "\t", "\\", '"', "<", ">", "&", "$", "(", ")",
    "“", "”", "'", "—", "…", "٣", "中", "\U0001d400",
]  # fmt: skip
WORDS = [
    "Russia", "Tajikistan", "India", "NATO", "CSTO", "Moscow", "Dushanbe", "the", "of", "not",
    "may", "would", "refused", "signed", "gave", "hosted", "withdrew", "asked", "on Friday",
    "June 14", "last week", "next year", "two days later", "$2.3 million", "1.5 billion rubles",
    "(Avesta, September 20)", "until 2042", "a 49-year lease", "Defence Minister", "Ivanov",
]  # fmt: skip
DATES = ["0001-01-01", "9999-12-31", "2004", "2004-09", "2004-02-29", "0000-00-00", "9999-99-99", "x"]


def demo_texts() -> list[str]:
    from allyscope.paths import DATA

    return [p.read_text(encoding="utf-8") for p in sorted((DATA / "demo").glob("*.txt"))]


class Inputs:
    """Draws fuzz inputs (bytes, suffix, kind) from a seeded random generator."""

    def __init__(self, seed: int, texts: list[str]):
        self.rng = random.Random(seed)
        self.texts = texts

    def piece(self) -> str:
        """One to a few sentences of a demo article, or now and then a whole one."""
        rng = self.rng
        text = rng.choice(self.texts)
        if rng.random() < 0.01:
            return text
        sentences = text.replace("\n", " \n").split(". ")
        start = rng.randrange(len(sentences))
        return ". ".join(sentences[start : start + rng.choice([1, 1, 2, 3])])

    def mutate(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.randint(1, 6)):
            if not text:
                text = rng.choice(WORDS)
            at = rng.randrange(len(text) + 1)
            roll = rng.random()
            if roll < 0.2:
                text = text[:at] + rng.choice(ODD) * rng.choice([1, 1, 2, 50]) + text[at:]
            elif roll < 0.4:
                text = text[:at] + " " + rng.choice(WORDS) + " " + text[at:]
            elif roll < 0.55:
                text = text[:at] + text[at + rng.randint(1, 40) :]
            elif roll < 0.7:
                end = min(len(text), at + rng.randint(1, 80))
                text = text[:at] + text[at:end] * rng.randint(2, 30) + text[end:]
            elif roll < 0.85:
                text = text[:at] + chr(rng.randrange(0x20, 0x3000)) + text[at + 1 :]
            else:
                text = text[:at] + "".join(chr(rng.randrange(0x20, 0x250)) for _ in range(10)) + text[at:]
        return text[:20000]

    def header(self, text: str) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return f"Title: {rng.choice(WORDS)}\nDate: {rng.choice(DATES)}\n\n{text}"
        return text

    def signature(self) -> tuple[bytes, str, str]:
        """A crash signature of issue 12 at a random size (up to about 10 KB)."""
        rng = self.rng
        n = rng.choice([10, 100, 1000, 4000, 8000])
        # English enough (a function word in every few) to pass the reader's check and reach spaCy
        english = "It was the aid of the army and the border. " * (n // 200 + 1)
        kind = rng.randrange(8)
        if kind == 0:
            text = json.dumps({"id": str(n), "text": self.piece() + "\ud800", "title": "\udfff"})
            return text.encode(), ".jsonl", "signature:surrogate"
        if kind == 1:
            text = f"Date: {rng.choice(DATES)}\n\n{self.piece()} It happened on Friday and on June 14."
            return text.encode(), ".txt", "signature:calendar-end"
        if kind == 2:
            run = rng.choice("($'.-_=*)[") * n
            return (
                (run + " " + english * rng.randint(0, 1)).encode(),
                rng.choice([".txt", ""]),
                "signature:run",
            )
        if kind == 3:
            unit = rng.choice(
                ["Ivanov\u200f\U0001f600 ", "Ivanov\u200f\U0001f600, the ambassador of Russia, "]
            )
            return (unit * (n // len(unit.encode()) + 1) + english).encode(), ".txt", "signature:rtl-emoji"
        if kind == 4:
            text = f"The United States gave Tajikistan ${'9' * n} billion in military aid. {english}"
            return text.encode(), ".txt", "signature:amount"
        if kind == 5:
            return ("It is the army of Russia. " * (n // 26 + 1)).encode(), ".txt", "signature:tiny-sentences"
        if kind == 6:
            return bytes(rng.randrange(1, 32) for _ in range(n)), ".txt", "signature:controls"
        depth = n // 5
        return ("<div>" * depth + self.piece() + "</div>" * depth).encode(), ".html", "signature:nesting"

    def draw(self) -> tuple[bytes, str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return self.header(self.mutate(self.piece())).encode("utf-8", "surrogatepass"), ".txt", "text"
        if roll < 0.4:
            lines = []
            for _ in range(rng.randint(1, 3)):
                record = {"id": rng.choice([None, "a", 1, 1e400]), "text": self.mutate(self.piece())}
                record["date"] = rng.choice(DATES + [None])
                line = json.dumps(record)
                if rng.random() < 0.2:
                    at = rng.randrange(len(line) + 1)
                    line = line[:at] + rng.choice(["\\ud800", "\\u0000", "{", '"', "\\"]) + line[at:]
                lines.append(line)
            return "\n".join(lines).encode("utf-8", "surrogatepass"), ".jsonl", "jsonl"
        if roll < 0.43:
            body = self.mutate(self.piece()).replace("<", "&lt;")
            page = f"<html><head><title>x</title></head><body><article><p>{body}</p></article></body></html>"
            return page.encode("utf-8", "surrogatepass"), ".html", "html"
        if roll < 0.5:
            text = self.mutate(self.piece()).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "cp1252"])
            data = text.encode(encoding, "replace")
            if rng.random() < 0.3:
                data = codecs.BOM_UTF8 + data
            if rng.random() < 0.3 and data:
                at = rng.randrange(len(data))
                data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
            return data, ".txt", "encoded"
        if roll < 0.95:
            size = rng.choice([0, 1, 10, 100, 1000, 4000])
            low = rng.choice([0, 1, 0x20])
            data = bytes(rng.randrange(low, 256) for _ in range(rng.randint(0, size)))
            return data, rng.choice([".txt", ".jsonl", ".html", ""]), "random-bytes"
        return self.signature()


def check_output(events, validator) -> None:
    for event in events:
        record = event.to_dict()
        json.dumps(record, allow_nan=False)
        error = next(iter(validator.iter_errors(record)), None)
        if error is not None:
            raise ValueError(f"invalid event record at {list(error.path)}: {error.message}")


def run_one(data: bytes, suffix: str, pipeline, validator) -> tuple[int, int]:
    """(documents, events) of one input; raises on a crash."""
    from allyscope.documents.reader import read_bytes
    from allyscope.errors import InputError

    try:
        items = list(read_bytes(data, "fuzz" + suffix, suffix, None))
    except InputError:
        return 0, 0
    documents = [i for i in items if not isinstance(i, InputError)]
    events = 0
    for document in documents:
        for _, found in pipeline.run([document]):
            check_output(found, validator)
            events += len(found)
    return len(documents), events


def load():
    import jsonschema

    from allyscope.paths import DATA
    from allyscope.pipeline import Pipeline

    schema = json.loads((DATA / "event.schema.json").read_text(encoding="utf-8"))
    return Pipeline.of(), jsonschema.Draft202012Validator(schema)


def worker(args: tuple[int, int, int, str | None]) -> dict:
    seed, count, index, out = args
    pipeline, validator = load()
    inputs = Inputs(seed * 1000 + index, demo_texts())
    sink = open(f"{out}.{index}", "w", encoding="utf-8") if out else None  # noqa: SIM115
    summary = {"inputs": 0, "crashes": 0, "slow": 0, "documents": 0, "events": 0, "worst": (0.0, "", 0)}
    kinds: dict[str, int] = {}
    for n in range(count):
        data, suffix, kind = inputs.draw()
        kinds[kind] = kinds.get(kind, 0) + 1
        start = time.perf_counter()
        crash = None
        try:
            docs, events = run_one(data, suffix, pipeline, validator)
            summary["documents"] += docs
            summary["events"] += events
        except Exception as exc:  # a crash is what the fuzzer looks for
            crash = "".join(traceback.format_exception_only(exc)).strip()[-300:]
            summary["crashes"] += 1
        seconds = time.perf_counter() - start
        summary["inputs"] += 1
        summary["slow"] += seconds > SLOW_S
        if seconds > summary["worst"][0]:
            summary["worst"] = (seconds, kind, len(data))
        if sink and (crash or seconds > NOTE_S):
            record = {"kind": kind, "suffix": suffix, "bytes": len(data), "seconds": round(seconds, 3)}
            record |= {"crash": crash, "input": base64.b64encode(data[:100000]).decode()}
            sink.write(json.dumps(record) + "\n")
            sink.flush()
        if sink and (n + 1) % 500 == 0:
            sink.write(json.dumps({"progress": summary | {"kinds": kinds}}) + "\n")
            sink.flush()
    summary["kinds"] = kinds
    return summary


def baseline() -> float:
    """Seconds of the slowest demo article extracted whole (after one warm-up)."""
    pipeline, validator = load()
    from allyscope.documents.reader import read_text

    texts = demo_texts()
    list(pipeline.run([read_text(texts[0])]))
    slowest = 0.0
    for text in texts:
        start = time.perf_counter()
        for _, found in pipeline.run([read_text(text)]):
            check_output(found, validator)
        slowest = max(slowest, time.perf_counter() - start)
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write crashes, slow inputs and progress here (one file per worker)")
    args = parser.parse_args()
    started = time.perf_counter()
    base = baseline()
    print(f"baseline: slowest demo article {base:.2f} s", flush=True)
    shares = [args.inputs // args.workers + (i < args.inputs % args.workers) for i in range(args.workers)]
    jobs = [(args.seed, share, i, args.out) for i, share in enumerate(shares)]
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(worker, jobs)
    total = {
        key: sum(r[key] for r in results) for key in ("inputs", "crashes", "slow", "documents", "events")
    }
    worst = max(r["worst"] for r in results)
    kinds: dict[str, int] = {}
    for r in results:
        for kind, count in r["kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + count
    print(
        f"{total['inputs']:,} inputs (seed {args.seed}) in {time.perf_counter() - started:,.0f} s:"
        f" {total['documents']:,} documents read, {total['events']:,} events"
    )
    print("by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    print(f"crashes: {total['crashes']}  (must be 0)")
    print(f"inputs over {SLOW_S:g} s: {total['slow']}  (must be 0)")
    print(
        f"worst input: {worst[0]:.2f} s ({worst[1]}, {worst[2]:,} bytes) = {worst[0] / base:.1f}x"
        f" the slowest demo article ({base:.2f} s)"
    )


if __name__ == "__main__":
    main()
