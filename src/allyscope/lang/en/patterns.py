"""English text patterns: dates, datelines and cited sources.

Regular expressions over the raw text, for what the parser does not see as a whole (a
dateline, "(Avesta, September 20)") and for the date expressions dateparser needs cut out.
"""

from __future__ import annotations

import re

# One month name, full or abbreviated ("Sept."); `(?!\w)` is added where the match ignores case
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?\s+({MONTH})(?:,?\s+(\d{{4}}))?")
MONTH_FIRST = re.compile(
    rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\b(?:,?\s+(\d{{4}}))?"
)
# (?!\w): "Dec" but not "decade", "Mar" but not "Marshall", since the match ignores case
MONTH_ONLY = re.compile(
    rf"\b(?:(?:early|mid|late|the end of|the beginning of)[-\s]+)?({MONTH})(?!\w)(?:,?\s+(?:of\s+)?(\d{{4}}))?",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
# a complete date, which can date a document that gives none: "March 4, 2022", "4 March 2022",
# "September 20-22, 2004"
FULL_DATE = re.compile(rf"\b(?:\d{{1,2}} {MONTH}|{MONTH} \d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?,?) \d{{4}}\b")
RELATIVE_DAY = re.compile(
    r"\b(yesterday|today|tomorrow|(?:last|this|next)\s+week|\d+\s+days?\s+ago|"
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
RELATIVE_MONTH = re.compile(r"\b(last|this|next)\s+month\b", re.IGNORECASE)
RELATIVE_YEAR = re.compile(r"\b(last|this|next)\s+year\b", re.IGNORECASE)
# "last", "this", "next" month or year: how many units from the document date
SHIFT = {"last": -1, "this": 0, "next": 1}
# "two days later", "the next day", "a week earlier": relative to the date the story was telling
LATER = re.compile(
    r"\b(?:(\w+) (day|week)s? (later|earlier|before)|(?:the )?(next|following|previous) (day|week))\b", re.I
)

# "Dushanbe, Tajikistan, April 4, 2022 – ", "DUSHANBE (TCA) — " at the start of a paragraph: the
# story starts after the dash
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*(?:, [A-Z][A-Za-z.' -]+?)*(?: \([A-Z][\w -]+\))?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?(?: \([A-Z][\w .-]+\))? ?(?:[–—]|--?) "
)
# "DUSHANBE, Tajikistan", "Bishkek, Kyrgyzstan, April 17, 2000": a city and its country, which near
# the top of a text is where it was written (with or without the dateline's dash, at a line start
# or after a comma: DATELINE alone would miss ", Bishkek, Kyrgyzstan" in a dev text)
CITY_COUNTRY = re.compile(
    r"(?:^|\n|, )([A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)?),\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b"
)

# "(Avesta, September 20)", "(Itar-Tass, 14 September 2004)", "(Interfax, 2004)"
CITATION = re.compile(
    rf"\(\s*([A-Z][^(),;]{{1,60}}?),\s*((?:{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)|"
    rf"(?:\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?)|(?:{MONTH}\s+\d{{4}})|\d{{4}})\s*\)"
)
# a named source, optionally followed by the body it speaks for: "the U.S. embassy", "Interfax"
SOURCE_NAME = (
    r"((?:[A-Z][\w.&'-]*)(?:[ -](?:[A-Z][\w.&'-]*|of|for|news agency))*"
    r"(?: (?:embassy|ministry|agency|office|service|press service|spokesman|spokesperson|officials|sources|"
    r"media|press|television|radio|newspaper|daily|news agency))?)"
)
ACCORDING = re.compile(r"\b(?i:according to) (?:the |a |an )?" + SOURCE_NAME)
# ", the Kyrgyz Defense Ministry said." at the end of a report
SAID = re.compile(
    r", (?:the |a |an )?((?:[A-Z][\w.&'-]* )*(?:[A-Z][\w.&'-]*|embassy|ministry|agency|office|service|"
    r"spokesman|spokesperson|officials|sources)) (?:said|says|announced|reported)\b"
)
REPORTED = re.compile(r"\b((?:[A-Z][\w.&'-]+)(?: [A-Z][\w.&'-]+)*) (?:reported|reports|quoted)\b")
# the citation forms in the order they are looked for after the parenthetical one
NAMED_SOURCES = (ACCORDING, REPORTED, SAID)
