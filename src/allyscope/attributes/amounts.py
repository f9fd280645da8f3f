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

from ..language.strings import token_strings
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


def usd(value: float, rate: float | None) -> float | None:
    """`value` in US dollars at `rate`, or None without a rate (or past what a float holds)."""
    return round(value * rate, 2) if rate and math.isfinite(value * rate) else None


class Amounts:
    """Money expressions in the words of one language (its amounts.json)."""

    def __init__(self, amount_words):
        self.scale: dict[str, float] = amount_words.scale
        self.currency: dict[str, str] = amount_words.currency
        self.qualifiers: dict[str, str] = amount_words.qualifiers
        # the most words a qualifier has: no longer run before an amount can be one
        self.qualifier_reach = max((len(q.split()) for q in self.qualifiers), default=0)
        self.range_words = {w.lower() for w in amount_words.range}
        number = r"\d[\d,]*(?:\.\d+)?"
        self.pattern = re.compile(
            rf"(?P<pre>{alternatives(amount_words.before)})?\s?(?P<num>{number})"
            rf"(?:\s?(?:{alternatives(amount_words.range)})\s?(?P<high>{number}))?\s?"
            rf"(?P<scale>{alternatives(list(self.scale))})?\b\s?(?P<post>{alternatives(amount_words.after)})?",
            re.IGNORECASE,
        )
        usd_rates()  # read here, when the pipeline is built

    def currency_of(self, word: str) -> str | None:
        """The ISO code of a currency sign or word, singular or plural ("euros")."""
        word = word.lower()
        return self.currency.get(word) or self.currency.get(word.rstrip("s"))

    def value(self, match: re.Match, group: str = "num") -> float | None:
        """The number of a match's `group` times its scale word ("2.3 million" -> 2300000)."""
        price = Price.fromstring(match.group(group))
        if price.amount is None:
            return None
        value = float(price.amount) * self.scale.get((match.group("scale") or "").lower(), 1)
        return value if math.isfinite(value) else None  # "$999...9 billion": no Infinity in a JSON export

    def parse(self, text: str, year: int | None = None) -> dict | None:
        """One money expression -> {text, value, currency, value_usd}, or None without a currency.
        A range ("$100-200 million", "between $1 million and $2 million") adds its upper end,
        value_max and value_max_usd, to its lower end; a bound or an estimate ("more than", "up
        to", "about") is named in `qualifier` (at_least, at_most, about, or range).

        Args:
            text: "about $2.3 million", "1.5 billion rubles", "Rs 500 crore".
            year: the event's year, for the exchange rate of the time.
        """
        found = [m for m in self.pattern.finditer(text) if m.group("pre") or m.group("post")]
        if not found or (low := self.value(found[0])) is None:
            return None
        match = found[0]
        high = self.value(match, "high") if match.group("high") else None
        end = match.end()
        if (
            high is None
            and len(found) > 1
            and text[end : found[1].start()].strip().lower() in self.range_words
        ):
            high, end = self.value(found[1]), found[1].end()
        sign = match.group("pre") or match.group("post") or ""
        currency = self.currency_of(sign) or "USD"
        rate = usd_rate(currency, year)
        amount = {
            "text": text[match.start() : end].strip(),
            "value": low,
            "currency": currency,
            "value_usd": usd(low, rate),
        }
        before = " ".join(text[: match.start()].lower().split())
        qualifier = (
            "range"
            if high is not None
            else next((q for words, q in self.qualifiers.items() if before.endswith(words)), None)
        )
        if high is not None:
            amount |= {"value_max": high, "value_max_usd": usd(high, rate)}
        if qualifier:
            amount["qualifier"] = qualifier
        return amount

    def spans(self, sent: Span, ents: list[Span]) -> list[Span]:
        """MONEY entities of a sentence (`ents`: its entities), widened to what the tagger left
        out: a range's upper end and scale ("$100-200 million"), the currency word ("12 million
        euros"), the sign ("$900,000", "Rs 500 crore") and a qualifier ("more than $50 million").
        A CARDINAL counts when a currency word stands next to it, and a currency sign before a
        number the tagger left untagged ("gave Armenia $100-200 million") starts one too."""
        spans = []
        doc = sent.doc
        text = token_strings(doc).text

        def currency_word(i: int) -> bool:
            return sent.start <= i < sent.end and self.currency_of(text[i]) is not None

        tagged = {i for e in ents for i in range(e.start, e.end)}
        found = [(e.start, e.end, e.label_) for e in ents if e.label_ in ("MONEY", "CARDINAL")]
        found += [
            (i + 1, i + 2, "MONEY")
            for i in range(sent.start, sent.end - 1)
            if currency_word(i) and doc[i + 1].like_num and not {i, i + 1} & tagged
        ]

        def upper_end(end: int) -> int:
            """Where a range's upper end starts after a span ending at `end` ("$1 million [and]
            $2 million": the tagger may keep the range word and leave the upper end apart)."""
            k = end if doc[end - 1].lower_ in self.range_words else end + 1
            if k > end and doc[end].lower_ not in self.range_words:
                return end
            k += currency_word(k)
            return k if k < sent.end and doc[k].like_num else end

        for start, end, label in sorted(found):
            if spans and start < spans[-1].end:
                continue  # the upper end of a range already taken in
            while end < sent.end:
                if (upper := upper_end(end)) > end:
                    end = upper + 1
                elif doc[end].lower_ in self.scale:
                    end += 1
                else:
                    break
            if currency_word(end):
                end += 1
            if currency_word(start - 1):
                start -= 1
            if label == "CARDINAL" and not (currency_word(start) or currency_word(end - 1)):
                continue  # a count, not money: "500 troops"
            # "more than $50 million": the qualifier the tagger left outside
            start = next(
                (
                    start - k
                    for k in range(self.qualifier_reach, 0, -1)
                    if start - k >= sent.start and doc[start - k : start].text.lower() in self.qualifiers
                ),
                start,
            )
            spans.append(doc[start:end])
        return spans
