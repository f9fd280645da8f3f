"""Sectors named by head nouns: "Tajik [border guards]" -> BORDER, "the [Ministry of Defense]
of Tajikistan" -> MIL, "[rebels]" -> a non-state group (the language's sectors.tsv)."""

from __future__ import annotations

from spacy.tokens import Span, Token


class SectorNouns:
    """Looks up the sector and kind a head noun and its modifiers name."""

    def __init__(self, rules):
        self.table = rules.sectors
        self.syntax = rules.lang.syntax
        # no phrase of the table is longer: modifiers farther from the noun cannot be part of one
        self.reach = 2 * max((len(phrase.split()) for phrase in self.table), default=1)

    def near_children(self, token: Token) -> list[Token]:
        """The token's children within `reach` words of it. Walking all of them (token.lefts,
        token.rights) costs the length of the whole phrase it heads, which made reading a long
        chain of appositions ("X, Russia's ambassador, Y, ...") quadratic."""
        start = max(token.left_edge.i, token.i - self.reach)
        end = min(token.right_edge.i, token.i + self.reach)
        return [t for t in token.doc[start : end + 1] if t.head.i == token.i and t.i != token.i]

    def phrase_sector(self, token: Token) -> tuple[str, str] | None:
        """Sector and kind named by a head noun and its modifiers ("border guards", "ministry of defense")."""
        table = self.table
        lemma = token.lemma_.lower()
        near = self.near_children(token)
        compounds = [
            t.lower_ for t in near if t.i < token.i and t.dep_ in ("compound", "amod") and t.is_alpha
        ]
        candidates = []
        genitive = [
            (p, c)
            for p in near
            if p.i > token.i and p.dep_ == "prep" and self.syntax.is_genitive(p)
            for c in p.children
            if c.dep_ == "pobj"
        ]
        if genitive:
            of, obj = genitive[0][0].lower_, genitive[0][1]
            if obj.right_edge.i - obj.left_edge.i < self.reach:
                phrase = " ".join(t.lower_ for t in obj.subtree if t.is_alpha)
                candidates.append(f"{token.lower_} {of} {phrase}")
            candidates.append(f"{lemma} {of} {obj.lemma_.lower()}")
        for n in range(len(compounds), 0, -1):
            candidates.append(" ".join(compounds[-n:] + [lemma]))
        candidates.append(lemma)
        for candidate in candidates:
            if candidate in table:
                return table[candidate]
        return None

    def group_sector(self, token: Token) -> str | None:
        """The sector of a noun that names a non-state group ("rebels", "opposition groups")."""
        found = self.phrase_sector(token)
        return found[0] if found and found[1] == "non_state" else None

    def sector_head(self, span: Span) -> Token | None:
        """The noun a country mention modifies: "Tajik [border guards]", "Ministry of Defense of [Tajikistan]"."""
        root = span.root
        if root.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and root.head.pos_ in (
            "NOUN",
            "PROPN",
        ):
            return root.head
        token = root
        for _ in range(3):  # "the Ministry of Defense of Tajikistan": Defense, then Ministry
            if not (
                token.dep_ == "pobj"
                and self.syntax.is_genitive(token.head)
                and token.head.head.pos_ in ("NOUN", "PROPN")
            ):
                break
            token = token.head.head
            if self.phrase_sector(token):
                return token
        return None
