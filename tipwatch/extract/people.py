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

from ..model import Person
from .context import Context, Mention, Span
from .entities import EntityCues, entity_cues, is_acronym
from .names import fold, is_given_name

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


_AGE_APPOSITION = re.compile(
    r",\s*(?:\d{1,3}|aged \d{1,3}|de \d{1,3} años|de \d{1,3} anos)(?:,\s*(?:of|de|from|do|da)\s+[A-Z][\w .'’-]{0,40})?(?=,)"
)
# "Ana Pérez, 14," / "(14)" / ", aged 14" / ", de 14 años" / ", 14 anos," right after a name,
# and "14-year-old Ana Pérez" / "de 14 años, Ana" right before it.
_AGE_AFTER = re.compile(
    r"^\s*(?:,|\()\s*(?:aged\s+|de\s+|com\s+)?(\d{1,2})(?:\s*(?:years? old|años|anos))?"
    r"\s*(?:,|\)|\.|;|$|\s(?:and|y|e|was|were|fue|foi)\s)"
)
_AGE_BEFORE = re.compile(
    r"(?:\b(\d{1,2})[- ]years?[- ]old(?:\s+[a-z]+){0,2}|\bde\s+(\d{1,2})\s+(?:años|anos),?)\s*$"
)


def _age_of(ctx: Context, sp: Span) -> int | None:
    """The age the text gives right beside one mention of a person, if any."""
    after = ctx.text[sp.end : sp.end + 40]
    m = _AGE_AFTER.match(after)
    if m:
        return int(m.group(1))
    before = ctx.text[max(0, sp.start - 40) : sp.start]
    m = _AGE_BEFORE.search(before)
    if m:
        return int(m.group(1) or m.group(2))
    return None


# A noun for a person set right after a lone name: "Comfort, una niña nigeriana", "Moussa, uno de
# los jornaleros", "Ama, a 16-year-old girl", "Joana, uma das trabalhadoras".
_PERSON_AFTER = re.compile(
    r"^,\s*(?:(?:one|uno|una|um|uma)\s+(?:of|de|d[oa]s?)\s+(?:the\s+|l[oa]s\s+|os\s+|as\s+)?\w+"
    r"|(?:an?|un[oa]?|uma?)\s+(?:[\w-]+\s+){0,3}?(?:girl|boy|woman|man|teenager|child|worker|victim|survivor|"
    r"niña|niño|joven|mujer|hombre|adolescente|trabajador[a]?|jornaler[oa]|víctima|"
    r"menina|menino|rapariga|rapaz|mulher|homem|jovem|trabalhador[a]?|vítima)\b)",
    re.IGNORECASE,
)
_LAWYER = re.compile(
    r"^(?:(?:the|his|her|their|its|o|a|os|as|el|la|los|las|su|sus|seu|sua)\s+)?(?:defen[cs]e\s+)?"
    r"(?:lawyers?|attorneys?|counsel|advogad[oa]s?|abogad[oa]s?)\b(?!\s+general)",
    re.IGNORECASE,
)
_THEM_AS = re.compile(
    r"\b(?:identified|named|listed)\s+(?:them|the\s+(?:\w+\s+)?(?:suspects|detainees|accused|men|women))\s+as\b"
    # the suspects as a group (not "quien se identificó como dueño", one man naming himself)
    r"|\b(?:l[oa]s\s+identific(?:ó|aron)|identific(?:ó|aron)\s+a\s+l[oa]s\s+(?:\w+\s+)?\w+"
    r"|identific(?:ou|aram)-(?:os|as)|identific(?:ou|aram)\s+(?:os|as)\s+(?:\w+\s+)?\w+)\s+como\b"
    r"|\b(?:fueron|foram|são|son)\s+identificad[oa]s\s+como\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b(?:named|called|identified as|llamad[oa]|de nombre|chamad[oa]|de nome)\s*$", re.IGNORECASE
)
_ONE_OF = re.compile(r"^(?:one of the|una de las|uno de los|uma das|um dos)\s", re.IGNORECASE)
_OUR = re.compile(r"\b(?:our|nuestr[oa]s?|noss[oa]s?)\s+\S*\s*$", re.IGNORECASE)


def _predicate(ctx: Context, sp: Span, persons: list[Span]) -> str:
    """What the sentence says the person did, past ages, places of origin and the rest of a list.

    "Nguyen Duc Thanh, 41, Pham Thi Hoa, 36, and Lee Carver, 29, were sentenced": all three
    share the predicate "were sentenced".
    """
    sent = ctx.sentence_at(sp.start)
    tail = ctx.text[sp.end : sent.end]
    for other in sorted((p for p in persons if sp.end <= p.start < sent.end), key=lambda p: -p.start):
        a, b = other.start - sp.end, other.end - sp.end
        tail = tail[:a] + "§" + tail[b:]
    tail = _AGE_APPOSITION.sub("", tail)
    tail = re.sub(r"^(?:\s*,?\s*(?:and|y|e)?\s*§)+", "", tail)
    tail = re.sub(r"^\s*,?\s*(?:and|y|e)\s+§", "", tail)
    appositive = tail.lstrip(" ").startswith(",")
    tail = tail.lstrip(" ,")
    if re.match(r"(?:and|y|e)\s", tail):
        return ""  # "rescued X, 14, and arrested Y": the next verb's subject is not X
    parts = _PREDICATE_END.split(tail, maxsplit=2)
    if appositive and len(parts) > 1:
        # "X, stationed in Chaguanas, is accused of ...": the verb comes after the apposition
        return (parts[0][:120] + " | " + parts[1][:120]).strip(" |")
    return parts[0][:120]


def _roles_for(ctx: Context, sp: Span, persons: list[Span], cues: EntityCues) -> set[str]:
    """Roles from the words bound to one mention: its title, apposition and predicate.

    The title zone is what stands right before the name (back to a clause break or a verb
    of saying) and the apposition right after it ("X, the director of Y,"). When the
    person is reporting ("said X", "X said", "esclareceu o porta-voz ..., X"), the crimes in
    what they say are not theirs: only the title zone counts. An organisation in the title
    zone decides between official and civil society when the title itself does not
    ("IOM project officer X", "coordenador do Instituto").
    """
    before, after = _window(ctx, sp, persons)
    zone_before = re.split(r"[.;:!?\"“”]|\s[-–—]\s", before)[-1]
    speech_before = None
    for m in cues.speech.finditer(zone_before):
        speech_before = m
    if speech_before is not None:
        zone_before = zone_before[speech_before.end() :]
    # "lawyer X": the last comma segment is the title; "la titular de ..., X": an earlier one
    segments = zone_before.split(",")
    zone_before = segments[-1]
    if re.search(r"\b(?:as|como)\s*$", zone_before):
        zone_before = ""  # "prosecutors identify the woman ... as X": their title is not hers
    elif len(segments) >= 2 and _NAMED.search(zone_before):
        # "One regular customer, a contractor named X": the description before counts too
        zone_before = ",".join(segments[-2:])
    if not zone_before.strip():
        for back in (2, 3):
            if len(segments) >= back:
                seg = segments[-back].strip()
                # "la titular de ..., X", "one of the women, X", and a short description set
                # before the name: "El segundo detenido, X", "One regular customer, a contractor named X"
                described = (
                    back == 2
                    and (0 < len(seg.split()) <= 4 or bool(cues.titles.search(seg)))
                    and not cues.speech.search(seg)
                )
                if cues.title_at_start.match(seg) or _ONE_OF.match(seg) or described:
                    zone_before = ",".join(segments[-back:])
                    break
    zone_before = zone_before[-140:]
    if _LAWYER.match(zone_before.strip()):
        # "O advogado do vereador, X": a lawyer, whoever's titles follow
        return set()
    # "la Procuraduría ... detuvo a X": an action verb ends the title zone; what precedes it is its subject
    acted_on = None
    for m in cues.suspect.finditer(zone_before):
        acted_on = m
    # "police rescued Ana Pérez": a rescue verb after the last arrest verb makes the object a victim
    rescued = None
    for m in cues.victim_object.finditer(zone_before):
        rescued = m
    if rescued is not None and acted_on is not None and acted_on.end() > rescued.end():
        rescued = None
    if acted_on is not None:
        zone_before = zone_before[acted_on.end() :]
    elif rescued is not None:
        zone_before = zone_before[rescued.end() :]  # "Agentes rescataron a X": the title is the subject's
    appo = _APPOSITION.match(after)
    apposition = appo.group(1) if appo else ""
    apposition = re.split(r"\s(?:who|whom|which|that|que|quien|quienes|cuja?|cujo)\s", apposition)[0]
    rest = after[appo.end() :] if appo else after
    speech_after = bool(cues.speech.match(rest.lstrip(" ,"))) or bool(cues.speech.match(after.lstrip(" ,")))
    is_speaker = speech_before is not None or speech_after
    title_zone = zone_before + " | " + apposition
    titled = bool(cues.titles.search(title_zone))
    predicate = "" if is_speaker else _predicate(ctx, sp, persons)
    # "la fiscal X imputó a dos hombres": X charged others; the verb says nothing of her
    predicate = " | ".join(part for part in predicate.split(" | ") if not cues.agent_verbs.match(part))
    relative = "" if is_speaker else (appo.group(1) if appo else "")
    # an arrest verb earlier in the sentence reaches every untitled name listed after it
    sent = ctx.sentence_at(sp.start)
    sentence_before = ctx.text[sent.start : sp.start]
    lead = "" if is_speaker or titled else sentence_before[-250:]
    if lead and _THEM_AS.search(sentence_before):
        # "... arrested the three suspects. Police identified them as X, Y and Z": the
        # sentence before says who they are
        lead = ctx.text[max(0, sent.start - 250) : sent.start] + " | " + lead
    action_zone = " | ".join((title_zone, predicate, relative, lead, acted_on.group() if acted_on else ""))
    roles: set[str] = set()
    if cues.suspect.search(action_zone):
        roles.add("suspect")
    if cues.client.search(action_zone):
        roles.add("client")
    if (cues.victim.search(title_zone + " | " + predicate) or rescued is not None) and "suspect" not in roles:
        roles.add("victim")
    # the organisation named in the title zone, if any
    lo = sp.start - len(zone_before)
    hi = sp.end + (len(apposition) + 3 if apposition else 0)
    orgs = [m for m in ctx.mentions if m.kind == "org" and lo <= m.start and m.end <= hi]
    org_kind_near = None
    if orgs and titled:
        nearest = min(orgs, key=lambda m: min(abs(m.start - sp.end), abs(sp.start - m.end)))
        org_kind_near = str(nearest.attrs.get("kind"))
    official = bool(cues.official_titles.search(title_zone))
    civil = bool(cues.civil_titles.search(title_zone)) or bool(_OUR.search(zone_before))
    if org_kind_near in _CIVIL_KINDS:
        official = official and not civil and _strong_official(title_zone, cues)
        civil = True
    elif org_kind_near in _GOV_KINDS:
        official, civil = True, False
    if official and "suspect" not in roles or official and _strong_official(title_zone, cues):
        roles.add("official")
    if civil and not official:
        roles.add("civil_society")
    return roles


def _strong_official(zone: str, cues: EntityCues) -> bool:
    """A title that names public office whatever organisation stands beside it."""
    m = cues.official_titles.search(zone)
    return m is not None and m.group().lower() not in cues.weak_official


def _byline_author(ctx: Context, sp: Span, cues: EntityCues) -> bool:
    line_start = ctx.text.rfind("\n", 0, sp.start) + 1
    prefix = ctx.text[line_start : sp.start].strip()
    if sp.start > 600:
        return False
    return (
        prefix in cues.byline_prefixes
        or any(prefix.startswith(p + " ") for p in cues.byline_prefixes)
        or (prefix == "" and ctx.text[line_start - 4 : line_start].strip() in cues.byline_prefixes)
    )


# Nouns for the people a trafficking story is about, set beside a name: the person is one of them.
_VICTIM_NOUN = (
    r"(?:girl|boy|child|minor|teenager|teen|woman|women|girls|boys|children|minors|workers?|labou?rers?|"
    r"victims?|survivors?|rescued|niñ[oa]s?|menor(?:es)?|adolescentes?|mujer(?:es)?|jornaler[oa]s?|"
    r"trabajador(?:a|es|as)?|víctimas?|sobrevivientes?|rescatad[oa]s|menin[oa]s?|raparigas?|rapaz(?:es)?|"
    r"mulher(?:es)?|trabalhador(?:a|es|as)?|vítimas?|sobreviventes?|resgatad[oa]s|crianças?)"
)
_VICTIM_BEFORE = re.compile(
    r"(?:one of (?:the|them|those)(?:\s+\w+)?|un[oa] de (?:l[oa]s|ell[oa]s)(?:\s+\w+)?|um[a]? d[oa]s(?:\s+\w+)?|"
    r"(?:the|a|an|another|la|una|otra|el|un|otro|a|uma|outra|o|um|outro)(?:\s+\w+)?)\s+"
    + _VICTIM_NOUN
    + r"(?:\s+\w+)?\s*,\s*$",
    re.IGNORECASE,
)
_VICTIM_AFTER = re.compile(
    r"^,\s*(?:(?:one of|uno de|una de|um dos|uma das)\s+(?:the\s+|l[oa]s\s+|os\s+|as\s+)?(?:\w+\s+)?"
    + _VICTIM_NOUN
    + r"|(?:an?|un[oa]?|uma?)\s+(?:[\w-]+\s+){0,3}?"
    + _VICTIM_NOUN
    + r")\b",
    re.IGNORECASE,
)


def _victim_described(ctx: Context, sp: Span) -> bool:
    """A noun for the people the story is about right beside a mention ("one of the women, X",
    "X, una niña nigeriana de 13 años", "Um dos resgatados, X")."""
    before = ctx.text[max(0, sp.start - 60) : sp.start]
    after = ctx.text[sp.end : sp.end + 80]
    after = re.sub(r"^,\s*(?:de\s+|aged\s+)?\d{1,2}(?:\s*(?:years? old|años|anos))?(?=,)", "", after)
    return bool(_VICTIM_BEFORE.search(before) or _VICTIM_AFTER.match(after))


def _pseudonym_follows(ctx: Context, sp: Span, cues: EntityCues) -> bool:
    """A pseudonym mark right after a mention, past an age: "X (not her real name)", "X, 24, whose
    name has been changed"."""
    after = ctx.text[sp.end : sp.end + 120]
    after = re.sub(r"^,\s*(?:de\s+|aged\s+)?\d{1,2}(?:\s*(?:years? old|años|anos))?(?=,)", "", after)
    return bool(cues.pseudonym.match(after))


def _single_name_mark(ctx: Context, sp: Span, cues: EntityCues) -> str | None:
    """Why a lone capitalised given name is a person here, or None.

    "pseudonym": a pseudonym mark follows ("Kelly (nome fictício)", "Akinyi, whose name has
    been changed"); "age": an age follows ("Wanjiru, 24,"); "speech": a verb of saying is
    next to it ("said Ram", "Daniela contó"); "apposition": a noun for a person stands
    before it ("su madre, Carmen,", "Um dos resgatados, Gedeão,").
    """
    word = sp.text.strip()
    if fold(word) in cues.stop or is_acronym(word) or _is_place(word, ctx):
        return None
    if any(m.start <= sp.start < m.end for m in ctx.mentions):
        return None  # part of an organisation's or a place's name
    text = ctx.text
    after = text[sp.end : sp.end + 80]
    before = text[max(0, sp.start - 60) : sp.start]
    sent = ctx.sentence_at(sp.start)
    clause = text[sp.end : min(sent.end, sp.end + 160)]
    right_after = re.sub(r"^,\s*(?:de\s+)?\d{1,2}(?:\s*(?:years? old|años|anos))?(?=,)", "", after)
    if cues.pseudonym.search(clause) and (is_given_name(word) or cues.pseudonym.match(right_after)):
        # "Jéssica, de 23 anos, ..., que pediu para não ser identificada"; a name the data does
        # not know only with the mark right after it ("Nafula, whose name has been changed")
        return "pseudonym"
    if cues.pseudonym.search(before[-40:] + " "):
        return "pseudonym"  # "identificada apenas como Yusmary", "known only as Ama"
    aged = re.match(r"^,\s*(?:de\s+|aged\s+)?\d{1,2}\s*(?:,|\)|years? old|años|anos)", after)
    described_after = _PERSON_AFTER.match(after)
    described_before = cues.person_nouns.search(before)
    if not is_given_name(word):
        # a name the data does not know: only when a noun for a person stands beside it
        # ("Comfort, una niña de 13 años", "one of the women, Yusleidy,", "a minha mulher, a
        # Marinalva,") or an age follows it at the start of a sentence ("Daylín, de 24 años, ...")
        starts_sentence = not ctx.text[sent.start : sp.start].strip(" \"“”'")
        if described_after or described_before or (aged and starts_sentence):
            return "age" if aged and not (described_after or described_before) else "apposition"
        return None
    if aged:
        return "age"
    said_before = re.search(r"(?:" + cues.speech.pattern + r")\s*,?\s*$", before, re.IGNORECASE)
    said_after = re.match(r"^\s*(?:" + cues.speech.pattern + r")(?!\w)", after, re.IGNORECASE)
    if said_before or said_after:
        return "speech"
    if described_before or described_after:
        return "apposition"
    return None


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
    # a person named by a given name alone: a victim under a pseudonym, a relative, a worker quoted
    pseudonyms: set[int] = set()
    claimed_at = {s.start for p in people for s in p.mentions}
    for p in proposals:
        if p.label != "CAP" or " " in p.text.strip() or p.start in claimed_at:
            continue
        mark = _single_name_mark(ctx, p, cues)
        if mark is None:
            continue
        tok = fold(p.text)
        owner = next((q for q in people if tok in q.tokens), None)
        if owner is None:
            owner = _Person(p.text)
            people.append(owner)
        owner.mentions.append(p)
        claimed_at.add(p.start)
        if mark == "pseudonym":
            pseudonyms.add(id(owner))
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
        if (
            re.fullmatch(r"[A-Z][A-Za-z'’-]+", last)
            and fold(last) not in cues.stop
            and not _is_place(last, ctx)
        ):
            at = text.rstrip().rfind(last)
            if not any(fold(last) in q.tokens for q in people):
                people.append(
                    _Person(
                        last.title() if last.isupper() else last,
                        [Span(at, at + len(last), last, "PERSON")],
                        {"official"},
                    )
                )
    # a name the model found itself may carry a pseudonym mark too ("Mariatu, 24, who asked that
    # only her first name be used")
    for person in people:
        if id(person) not in pseudonyms and any(_pseudonym_follows(ctx, sp, cues) for sp in person.mentions):
            pseudonyms.add(id(person))
    all_spans = [m for p in people for m in p.mentions]
    for person in people:
        for sp in person.mentions:
            person.roles |= _roles_for(ctx, sp, all_spans, cues)
            if _byline_author(ctx, sp, cues):
                person.roles.add("civil_society")
        if id(person) in pseudonyms and not person.roles & {"suspect", "official", "civil_society"}:
            person.roles.add("victim")  # reporters shield victims behind a pseudonym
        if not person.roles and any(_victim_described(ctx, sp) for sp in person.mentions):
            person.roles.add("victim")  # "Comfort, una niña de 13 años", "one of the women, Yusleidy"
    for person in people:
        roles = person.roles
        if "victim" in roles and roles & {"official", "civil_society"}:
            roles.discard("victim")
        if "suspect" in roles:
            roles.discard("victim")
            roles.discard("civil_society")
        if "official" in roles and "civil_society" in roles:
            roles.discard("civil_society")
        ordered: list[str] = [
            r for r in ("suspect", "client", "victim", "official", "civil_society") if r in roles
        ] or ["other"]
        spans = sorted(person.mentions, key=lambda s: s.start)
        age = next((a for a in (_age_of(ctx, sp) for sp in spans) if a is not None), None)
        for sp in spans:
            ctx.mentions.append(
                Mention(sp.start, sp.end, sp.text, "person", fold(person.name), {"roles": ordered})
            )
        ctx.facts.persons.append(
            Person(person.name, ordered, ctx.evidence_of(sp.start for sp in spans), age=age)
        )
