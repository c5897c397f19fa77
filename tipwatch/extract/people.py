"""Persons: every named individual under the longest form the document gives, with roles.

Mentions come from ``entities.propose`` (PERSON spans). A later short mention ("Becerra",
"Prosecutor Migoya") is the same person as an earlier full one when its words are a subset
of the full name's. Roles come from the words around each mention, within its clause:
suspect and client cues (arrested, accused, clients...), official and civil-society titles
(prosecutor, minister; director of a shelter, journalist), the kind of an organisation
named beside the person, and the byline. A person with none of these is ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Evidence, Person
from .context import Context, Mention, Span
from .entities import EntityCues, entity_cues
from .names import fold

# Words in front of a name that make it a street, square or building, not a person.
_FACILITY_BEFORE = re.compile(
    r"(?:calle|avenida|av\.|rua|travessa|avenue|street|st\.|plaza|praça|praza|colonia|bairro|escuela|colegio|"
    r"hospital|iglesia|igreja|church|school|parroquia|paróquia|barrio|edificio|edifício|hotel|puente|ponte)\s+$",
    re.IGNORECASE,
)
_GOV_KINDS = frozenset({"government", "law_enforcement", "judiciary", "legislature"})
_CIVIL_KINDS = frozenset({"ngo", "international", "media"})


@dataclass(slots=True)
class _Person:
    name: str
    mentions: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)

    @property
    def tokens(self) -> set[str]:
        return set(fold(self.name).split())


def _is_place(name: str, ctx: Context) -> bool:
    from .places import looks_like_place

    return looks_like_place(name, ctx)


def _window(ctx: Context, sp: Span, persons: list[Span]) -> tuple[str, str]:
    """The clause text before and after a mention, cut at the nearest other person."""
    sent = ctx.sentence_at(sp.start)
    lo, hi = sent.start, sent.end
    for other in persons:
        if other is sp:
            continue
        if other.end <= sp.start and other.end > lo and sp.start - other.end < 200:
            lo = other.end
        if other.start >= sp.end and other.start < hi:
            hi = other.start
    lo = max(lo, sp.start - 160)
    hi = min(hi, sp.end + 160)
    return ctx.text[lo : sp.start], ctx.text[sp.end : hi]


def _roles_for(ctx: Context, sp: Span, persons: list[Span], cues: EntityCues) -> set[str]:
    before, after = _window(ctx, sp, persons)
    near_before = before[-90:]
    near_after = after[:120]
    roles: set[str] = set()
    # a clause cut at the first strong punctuation after the name, to keep cues local
    clause_after = re.split(r"[;:]|\.\s", near_after)[0]
    around = near_before + " " + clause_after
    if cues.suspect.search(around):
        roles.add("suspect")
    if cues.client.search(around):
        roles.add("client")
    if cues.victim.search(near_before[-40:] + " " + clause_after[:40]) and "suspect" not in roles:
        roles.add("victim")
    title_zone = near_before[-70:] + " " + clause_after[:90]
    if cues.official_titles.search(title_zone):
        roles.add("official")
    if cues.civil_titles.search(title_zone):
        roles.add("civil_society")
    # the kind of an organisation named beside the person decides between official and civil society
    orgs = [
        m
        for m in ctx.mentions
        if m.kind == "org" and sp.start - 90 <= m.start < sp.end + 90 and ctx.sentence_at(m.start) is ctx.sentence_at(sp.start)
    ]
    if orgs:
        nearest = min(orgs, key=lambda m: min(abs(m.start - sp.end), abs(sp.start - m.end)))
        kind = str(nearest.attrs.get("kind"))
        if kind in _GOV_KINDS and "civil_society" not in roles:
            roles.add("official")
        elif kind in _CIVIL_KINDS and "official" not in roles:
            roles.add("civil_society")
    return roles


def _byline_author(ctx: Context, sp: Span, cues: EntityCues) -> bool:
    line_start = ctx.text.rfind("\n", 0, sp.start) + 1
    prefix = ctx.text[line_start : sp.start].strip()
    if sp.start > 600:
        return False
    return prefix in cues.byline_prefixes or any(prefix.startswith(p + " ") for p in cues.byline_prefixes) or (
        prefix == "" and ctx.text[line_start - 4 : line_start].strip() in cues.byline_prefixes
    )


def extract_persons(ctx: Context, proposals: list[Span]) -> None:
    """Fill ctx.facts.persons and add person mentions to ctx.mentions."""
    cues = entity_cues(ctx.language)
    text = ctx.text
    spans = []
    for p in proposals:
        if p.label != "PERSON":
            continue
        if _FACILITY_BEFORE.search(text[max(0, p.start - 15) : p.start]) or _is_place(p.text, ctx):
            continue
        spans.append(p)
    # single-word mentions that repeat a known person's surname ("Becerra", "Migoya")
    people: list[_Person] = []
    for sp in sorted(spans, key=lambda s: -len(s.text.split())):
        toks = set(fold(sp.text).split())
        match = next((p for p in people if toks <= p.tokens), None)
        if match is None:
            match = _Person(sp.text)
            people.append(match)
        match.mentions.append(sp)
    surname_spans = []
    for p in proposals:
        if p.label != "CAP" or " " in p.text.strip():
            continue
        tok = fold(p.text)
        owner = next((q for q in people if tok in q.tokens and len(tok) > 2), None)
        if owner is not None:
            owner.mentions.append(p)
            surname_spans.append(p)
    # a lone surname the English model calls PERSON ("Derham" signing a cable)
    if ctx.language == "en":
        claimed = {(s.start, s.end) for s in spans + surname_spans}
        for e in ctx.ents:
            if e.label != "PERSON" or " " in e.text.strip() or (e.start, e.end) in claimed:
                continue
            word = e.text.strip()
            if not word[:1].isupper() or fold(word) in cues.stop or _is_place(word, ctx):
                continue
            if any(m.start <= e.start < m.end for m in ctx.mentions):
                continue
            tok = fold(word)
            if any(tok in q.tokens for q in people):
                continue
            # only a signature line or a repeated name; a lone capitalised word is too weak
            line_start = text.rfind("\n", 0, e.start) + 1
            line_end = text.find("\n", e.end)
            line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
            if line == word or sum(1 for x in ctx.ents if x.text.strip() == word) >= 2:
                sp = Span(e.start, e.end, word, "PERSON")
                people.append(_Person(word, [sp]))
    all_spans = [m for p in people for m in p.mentions]
    for person in people:
        for sp in person.mentions:
            person.roles |= _roles_for(ctx, sp, all_spans, cues)
            if _byline_author(ctx, sp, cues):
                person.roles.add("civil_society")
    for person in people:
        roles = person.roles
        if "victim" in roles and roles & {"official", "civil_society"}:
            roles.discard("victim")
        if "suspect" in roles:
            roles.discard("victim")
            roles.discard("civil_society")
        if "official" in roles and "civil_society" in roles:
            roles.discard("civil_society")
        ordered = [r for r in ("suspect", "client", "victim", "official", "civil_society") if r in roles] or ["other"]
        evidence: list[Evidence] = []
        seen: set[int] = set()
        for sp in sorted(person.mentions, key=lambda s: s.start):
            sent = ctx.sentence_at(sp.start)
            if sent.index not in seen:
                seen.add(sent.index)
                evidence.append(ctx.evidence(sent))
            ctx.mentions.append(Mention(sp.start, sp.end, sp.text, "person", fold(person.name), {"roles": ordered}))
        ctx.facts.persons.append(Person(person.name, ordered, evidence))
