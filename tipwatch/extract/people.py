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
    """The sentence text before and after a mention, cut at the nearest other person."""
    sent = ctx.sentence_at(sp.start)
    lo, hi = sent.start, sent.end
    for other in persons:
        if other is sp or (other.start == sp.start and other.end == sp.end):
            continue
        if lo < other.end <= sp.start:
            lo = other.end
        if sp.end <= other.start < hi:
            hi = other.start
    return ctx.text[max(lo, sp.start - 200) : sp.start], ctx.text[sp.end : min(hi, sp.end + 200)]


_APPOSITION = re.compile(r"^\s*(?:,|\(|\s[-–—])\s*([^,;()]{0,120})")
_PREDICATE_END = re.compile(r"[,;:.]|\s(?:and|y|e|but|pero|mas|while|mientras)\s")


def _roles_for(ctx: Context, sp: Span, persons: list[Span], cues: EntityCues) -> set[str]:
    """Roles from the words bound to one mention: its title, apposition and predicate.

    The title zone is what stands right before the name (back to a clause break or a verb
    of saying) and the apposition right after it ("X, the director of Y,"). When the
    person is reporting ("said X", "X said", "esclareceu o porta-voz ..., X"), the crimes in
    what they say are not theirs: only the title zone counts.
    """
    before, after = _window(ctx, sp, persons)
    # title zone before: back to a clause break or a verb of saying
    zone_before = re.split(r"[.;:!?\"“”]|\s[-–—]\s", before)[-1]
    speech_before = None
    for m in cues.speech.finditer(zone_before):
        speech_before = m
    if speech_before is not None:
        zone_before = zone_before[speech_before.end() :]
    # "lawyer X": the last comma segment is the title; "la titular de ..., X": the one before it
    segments = zone_before.split(",")
    zone_before = segments[-1]
    if not zone_before.strip() and len(segments) > 1 and cues.title_at_start.match(segments[-2].strip()):
        zone_before = segments[-2]
    zone_before = zone_before[-90:]
    appo = _APPOSITION.match(after)
    apposition = appo.group(1) if appo else ""
    apposition = re.split(r"\s(?:who|whom|which|that|que|quien|quienes|cuja?|cujo)\s", apposition)[0]
    rest = after[appo.end() :] if appo else after
    speech_after = bool(cues.speech.match(rest.lstrip(" ,"))) or bool(cues.speech.match(after.lstrip(" ,")))
    is_speaker = speech_before is not None or speech_after
    predicate = "" if is_speaker else _PREDICATE_END.split(rest, maxsplit=1)[0][:100]
    titled = bool(cues.official_titles.search(zone_before + " | " + apposition) or cues.civil_titles.search(zone_before + " | " + apposition))
    # an arrest verb earlier in the sentence reaches every untitled name listed after it
    sentence_before = ctx.text[ctx.sentence_at(sp.start).start : sp.start]
    lead = "" if is_speaker or titled else sentence_before[-250:]
    title_zone = zone_before + " | " + apposition
    action_zone = title_zone + " | " + predicate + " | " + lead
    roles: set[str] = set()
    if cues.suspect.search(action_zone):
        roles.add("suspect")
    if cues.client.search(action_zone):
        roles.add("client")
    if cues.victim.search(title_zone + " | " + predicate) and "suspect" not in roles:
        roles.add("victim")
    if cues.official_titles.search(title_zone):
        roles.add("official")
    if cues.civil_titles.search(title_zone):
        roles.add("civil_society")
    if not roles & {"official", "civil_society"}:
        # the kind of an organisation in the title zone decides between official and civil society
        lo = sp.start - len(zone_before)
        hi = sp.end + (len(apposition) + 3 if apposition else 0)
        orgs = [m for m in ctx.mentions if m.kind == "org" and lo <= m.start and m.end <= hi]
        if orgs:
            nearest = min(orgs, key=lambda m: min(abs(m.start - sp.end), abs(sp.start - m.end)))
            kind = str(nearest.attrs.get("kind"))
            if kind in _GOV_KINDS:
                roles.add("official")
            elif kind in _CIVIL_KINDS:
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
            if line == word:
                sp = Span(e.start, e.end, word, "PERSON")
                people.append(_Person(word, [sp]))
    # the signature of a cable: a lone surname on the last line ("Derham"), the signing official
    if ctx.doc.format == "cable":
        last = text.rstrip().rsplit("\n", 1)[-1].strip()
        if re.fullmatch(r"[A-Z][A-Za-z'’-]+", last) and fold(last) not in cues.stop and not _is_place(last, ctx):
            at = text.rstrip().rfind(last)
            if not any(fold(last) in q.tokens for q in people):
                people.append(_Person(last.title() if last.isupper() else last, [Span(at, at + len(last), last, "PERSON")], {"official"}))
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
