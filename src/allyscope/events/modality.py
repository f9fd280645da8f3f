"""An event's modality from the parse: the trigger's own auxiliaries and negation, and the
words that govern it ("plans to hold", "ruled out the deployment", "possible deployment")."""

from __future__ import annotations

from spacy.tokens import Token

# Dependencies along which a governing word's modality reaches the trigger.
CLIMB = {
    "xcomp",
    "conj",
    "dobj",
    "pobj",
    "prep",
    "nsubjpass",
    "acl",
    "pcomp",
    "attr",
    "ccomp",
    "advcl",
    "appos",
    "nsubj",
    "compound",
}


class Modality:
    """Reads an event's modality with the cues of modality.json and the language's word lists."""

    def __init__(self, cues, lang):
        self.cues = cues
        self.words = lang.words
        self.syntax = lang.syntax

    def reported(self, token: Token) -> bool:
        """Whether a verb's clause is what someone said ("officials said it would give ...")."""
        for _ in range(3):
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in self.words.reporting:
                return not any(
                    c.dep_ == "mark" and c.lower_ in self.words.condition_marks for c in token.children
                )
            if token.dep_ not in ("conj", "xcomp") or token.head is token:
                return False
            token = token.head
        return False

    def governors(self, trigger: Token, limit: int = 5) -> list[Token]:
        """The trigger and the chain of words above it within its clause (at most `limit` steps)."""
        words = self.words
        chain = [trigger]
        token = trigger
        for _ in range(limit):
            if token.dep_ not in CLIMB or token.head is token:
                break
            if token.dep_ == "advcl" and not self.syntax.has_infinitive(token):
                break  # "Signed by Rakhmonov, the agreement did not enter into force": only purpose clauses inherit
            if token.dep_ in ("ccomp", "advcl") and token.head.lemma_.lower() in words.reporting:
                break  # "officials said Russia will withdraw": the reporting verb adds no modality
            if token.dep_ == "nsubj" and token.pos_ == "VERB":
                break
            if (
                token.dep_ == "acl"
                and token.tag_ == "VBN"
                and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
            ):
                break  # "under an agreement signed last month": a bare participle tells a done fact
            if token.dep_ == "pobj" and token.head.lower_ in words.setting_preps:
                break  # "decided to establish the force at the summit": the summit is the setting, and happened
            token = token.head
            chain.append(token)
        return chain

    def __call__(self, trigger: Token, default: str | None = None) -> tuple[str, str]:
        """(modality, cue) for an event triggered by `trigger`; cue says what decided it.

        Args:
            trigger: the trigger token.
            default: the trigger's own modality ("pledge" is planned) when no stronger cue is found.
        """
        neg, hyp, plan = self.cues.negated, self.cues.hypothetical, self.cues.planned
        answers = self.words.answers
        # "rejected a U.S. request", "approved the proposal": what is answered was made; "approved
        # the sale" answers no proposal and makes the sale a plan
        answered = (
            trigger.pos_ == "NOUN"
            and trigger.lemma_.lower() in self.words.proposal_nouns
            and (
                (trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in answers)
                or (trigger.dep_ == "pobj" and trigger.head.head.lemma_.lower() in answers)
            )
        )
        chain = [trigger] if answered else self.governors(trigger)
        found: dict[str, str] = {}
        for depth, token in enumerate(chain):
            lemma = token.lemma_.lower()
            children = list(token.children)
            for child in children:
                word = child.lower_
                if child.dep_ == "neg" and (token.pos_ in ("VERB", "AUX") or depth == 0):
                    found.setdefault("negated", f"'{word}' on '{token.text}'")
                if child.dep_ == "det" and word in neg.determiners and token.pos_ == "NOUN":
                    found.setdefault("negated", f"'{word} {token.text}'")
                if (
                    depth == 0
                    and child.dep_ in ("dobj", "nsubj")
                    and (
                        child.lower_ in neg.subjects
                        or any(d.dep_ == "det" and d.lower_ in neg.determiners for d in child.children)
                    )
                ):
                    found.setdefault("negated", f"'{child.text}' as argument of '{token.text}'")
                if child.dep_ == "aux" and word in self.words.reported_future and self.reported(token):
                    found.setdefault(
                        "planned", f"reported '{word}' on '{token.text}'"
                    )  # "said it would give"
                elif child.dep_ == "aux" and word in hyp.aux:
                    found.setdefault("hypothetical", f"'{word}' on '{token.text}'")
                if child.dep_ == "aux" and word in plan.aux:
                    found.setdefault("planned", f"'{word}' on '{token.text}'")
                if child.dep_ == "mark" and word in hyp.marks:
                    found.setdefault("hypothetical", f"'{word}' clause")
                if child.dep_ in ("amod", "compound", "advmod") and child.lemma_.lower() in hyp.modifiers:
                    found.setdefault("hypothetical", f"'{child.text} {token.text}'")
                if (
                    child.dep_ in ("amod", "compound")
                    and child.lemma_.lower() in plan.modifiers
                    and depth == 0
                ):
                    found.setdefault("planned", f"'{child.text} {token.text}'")
            if depth == 0:
                continue
            particle = " ".join(
                [lemma]
                + [
                    c.lower_
                    for c in children
                    if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in self.words.particles)
                ]
            )
            if lemma in neg.governors or particle in neg.phrasal:
                found.setdefault("negated", f"governed by '{token.text}'")
            elif lemma in hyp.governors:
                found.setdefault("hypothetical", f"governed by '{token.text}'")
            elif lemma in plan.governors and (
                lemma not in plan.complement_only or chain[depth - 1].dep_ in ("xcomp", "ccomp")
            ):
                found.setdefault("planned", f"governed by '{token.text}'")
            elif token.tag_ == "VBD" and "planned" not in found:
                break  # a realized past verb above ("held talks on the planned ...") closes the scope
        for token in chain[:3]:
            if (
                token.dep_ in ("acl", "relcl")
                and token.head.pos_ == "NOUN"
                and self.syntax.has_infinitive(token)
            ):
                found.setdefault(
                    "planned", f"purpose of '{token.head.text}'"
                )  # "a project to enhance cooperation"
        if trigger.dep_ == "ROOT" and self.syntax.has_infinitive(trigger):
            found.setdefault("planned", "headline 'to' infinitive")  # "U.S. Embassy to Deliver a New Project"
        for value in ("negated", "hypothetical", "planned"):
            if value in found:
                return value, found[value]
        top = chain[-1]
        if (
            top.dep_ == "advcl"
            and top.tag_ in ("VBZ", "VBP")
            and any(c.dep_ in ("mark", "advmod") and c.lower_ in plan.temporal_marks for c in top.children)
        ):
            # "will discuss aid when he visits": English puts the future in the present here
            outer, cue = self(top.head)
            if outer in ("planned", "hypothetical"):
                return outer, f"present tense under {cue}"
        if default:
            return default, f"'{trigger.text}' itself"
        return "realized", "no modal cue"
