"""Money amounts: "around $2.3 million" -> {value: 2300000, currency: USD, value_usd: 2300000}.

price-parser reads the number and the currency sign; it does not know scale words, so
"million"/"billion" are applied here (the words are the language's amounts.json). USD
conversion uses data/currency_rates.csv: approximate annual averages for the region's and the
main donors' currencies, one indicative rate for others.
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache

from price_parser import Price
from spacy.tokens import Span

from ..paths import DATA


def alternatives(words) -> str:
    """A regex alternation of `words`, longest first so that "million" wins over "m"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def usd_rates() -> dict[str, dict[int | None, float]]:
    """Currency -> {year or None: USD per unit}; annual averages where the file has them."""
    rates: dict[str, dict[int | None, float]] = {}
    with (DATA / "currency_rates.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = int(row["year"]) if row["year"] else None
            rates.setdefault(row["currency"], {})[year] = float(row["usd_per_unit"])
    return rates


def usd_rate(currency: str, year: int | None) -> float | None:
    """USD per unit of `currency` in `year` (the nearest year on file, or the single rate)."""
    table = usd_rates().get(currency)
    if not table:
        return None
    if None in table or year is None:
        return table.get(None) or table[max(k for k in table if k is not None)]
    return table[min(table, key=lambda y: abs(y - year))]


class Amounts:
    """Money expressions in the words of one language (its amounts.json)."""

    def __init__(self, amount_words):
        self.scale: dict[str, float] = amount_words.scale
        self.currency: dict[str, str] = amount_words.currency
        self.pattern = re.compile(
            rf"(?P<pre>{alternatives(amount_words.before)})?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?"
            rf"(?P<scale>{alternatives(list(self.scale))})?\b\s?(?P<post>{alternatives(amount_words.after)})?",
            re.IGNORECASE,
        )
        usd_rates()  # read here, when the pipeline is built

    def currency_of(self, word: str) -> str | None:
        """The ISO code of a currency sign or word, singular or plural ("euros")."""
        word = word.lower()
        return self.currency.get(word) or self.currency.get(word.rstrip("s"))

    def parse(self, text: str, year: int | None = None) -> dict | None:
        """One money expression -> {text, value, currency, value_usd}, or None without a currency.

        Args:
            text: "about $2.3 million", "1.5 billion rubles".
            year: the event's year, for the exchange rate of the time.
        """
        match = next((m for m in self.pattern.finditer(text) if m.group("pre") or m.group("post")), None)
        if not match:
            return None
        price = Price.fromstring(match.group(0).replace("US$", "$"))
        if price.amount is None:
            return None
        value = float(price.amount) * self.scale.get((match.group("scale") or "").lower(), 1)
        if not math.isfinite(value):  # "$999...9 billion": no amount, and no Infinity in a JSON export
            return None
        sign = match.group("pre") or match.group("post") or ""
        currency = self.currency_of(sign) or "USD"
        rate = usd_rate(currency, year)
        return {
            "text": match.group(0).strip(),
            "value": value,
            "currency": currency,
            "value_usd": round(value * rate, 2) if rate and math.isfinite(value * rate) else None,
        }

    def spans(self, sent: Span, ents: list[Span]) -> list[Span]:
        """MONEY entities of a sentence (`ents`: its entities), widened to their currency word
        ("12 million euros") when the tagger split it."""
        spans = []
        doc = sent.doc
        for ent in ents:
            after = doc[ent.end] if ent.end < sent.end else None
            if ent.label_ != "MONEY" and not (
                ent.label_ == "CARDINAL" and after is not None and after.lower_.rstrip("s") in self.currency
            ):
                continue  # "12 million euros" is often tagged CARDINAL + a word
            start, end = ent.start, ent.end
            if end < sent.end and doc[end].lower_.rstrip("s") in self.currency:
                end += 1
            if start > sent.start and doc[start - 1].lower_ in self.currency:
                start -= 1  # "$" left outside the entity: "$900,000"
            spans.append(doc[start:end])
        return spans
