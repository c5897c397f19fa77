"""Organisations: names, acronyms, kinds, each with the sentences that mention them.

Proposals come from ``entities.propose`` (ORG spans with a head word, ACRONYM spans).
An acronym defined in the text ("National Civil Police (PNC)", "Seido" after the full
name in parentheses) or whose letters are the initials of a named organisation ("MPS" for
Ministry of Public Security) is an alias, and the organisation is listed once under its
fullest form. A publisher named as a source ("reported Prensa Libre", "El Comercio
reported") is media. Known bodies of the field (``data/orgs/known.tsv``) give kinds to
bare acronyms such as UNICEF or IOM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..model import Organization
from .context import Context, Mention, Span
from .entities import EntityCues, entity_cues, is_acronym, org_kind
from .names import fold

# Acronyms that are never organisations: units, currencies, time zones, cable captions and tags,
# document markers. Country codes and ISO currency codes are rejected separately.
NOT_ORGS = frozenset(
    """TIP SBU UNCLAS SIPDIS NOFORN FOUO EO GMT EST EDT PST CST UTC BST CET USD EUR AM PM TV OK ID DNA HIV AIDS
    STI STIs NB PS PDF HTML URL FAQ CEO CFO COVID SUV GPS SMS VIP LGBT LGBTI LGBTQ CCTV ATM PIN NGO NGOS ONG ONGS
    RR ZNR ZZH DE FM TO INFO DEPT FOR WHA PPC INL VZCZC UUUUU N/A NA DF CDMX IP IT AI WWII CFA FIR""".split()
)
# Cable subject tags (TAGS: line) are never organisations; kept apart so each reads as a tag.
NOT_ORGS = NOT_ORGS | frozenset(
    """ASEC CASC CVIS ECON ELAB KCRM KFRD KJUS KTIP KWMN PGOV PHUM PINR PREF PREL SMIG SNAR SOCI""".split()
)


@dataclass(frozen=True, slots=True)
class KnownOrg:
    name: str
    kind: str
    aliases: tuple[str, ...]


@cache
def known_orgs() -> dict[str, KnownOrg]:
    """Known organisations of the field, keyed by every folded name and alias."""
    path = resources.files("tipwatch") / "data" / "orgs" / "known.tsv"
    out: dict[str, KnownOrg] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        name, kind = parts[0], parts[1]
        aliases = tuple(a for a in (parts[2].split("|") if len(parts) > 2 else []) if a)
        org = KnownOrg(name, kind, aliases)
        for n in (name, *aliases):
            out.setdefault(fold(n), org)
    return out


@cache
def _country_and_currency_codes() -> frozenset[str]:
    import pycountry

    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    codes |= {c.alpha_3 for c in pycountry.currencies}
    codes |= {"UK", "USA", "EEUU", "EE.UU", "U.S", "U.K"}
    return frozenset(codes)


def _initials(name: str, cues: EntityCues) -> str:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w not in cues.org_connectors]
    return "".join(w[0] for w in words if w[:1].isupper()).upper()


@dataclass(slots=True)
class _Org:
    name: str
    kind: str | None
    mentions: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


def _cut_country(name: str, ctx: Context) -> str:
    """ "World Food Programme in Malawi" is the programme's office there: the name ends before "in".

    A name that is itself known (data/orgs/known.tsv) keeps its country.
    """
    m = re.search(r"\s(?:in|en|em|no|na)\s+(?:the\s+|el\s+|la\s+|o\s+|a\s+)?([A-Z][\w .'’-]+)$", name)
    if not m or fold(name) in known_orgs():
        return name
    from .gazetteer import Gazetteer

    if Gazetteer.load().country(m.group(1), ctx.language):
        return name[: m.start()]
    return name


def _kind_for(name: str, cues: EntityCues) -> str | None:
    k = known_orgs().get(fold(name))
    if k is not None:
        return k.kind
    # Cable shorthand: GOG, GOB, GOH... is the host government.
    if re.fullmatch(r"GO[A-Z]", name):
        return "government"
    return org_kind(name, cues)


_POSSESSIVE = re.compile(r"^(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})['’]s\s+(?=[A-Z])")
_HEAD_LAST = frozenset({"ministry", "department"})
_TITLE_WORD = re.compile(
    r"Principal|Permanent|Deputy|Assistant|Acting|Chief|Head|Director|Secretary|Minister"
)


def _org_form(name: str) -> str:
    """The comparable form of a state body's name: "Interior Ministry" and "Ministry of the
    Interior" are both "ministry of interior"."""
    words = [w for w in fold(name).split() if w != "the"]
    if len(words) >= 2 and words[-1] in _HEAD_LAST and "of" not in words:
        words = [words[-1], "of", *words[:-1]]
    return " ".join(words)


def _merge_word_orders(orgs: dict[str, _Org], gaz: Any, lang: str) -> None:
    """One body under one name: "Cambodia's Interior Ministry" is the "Ministry of Interior".

    A leading possessive country is not part of a name ("Kenya's Directorate of Criminal
    Investigations"); names that differ only in the order of head and field are one body,
    listed under the "Ministry of X" form when the text gives it, else the first.
    """
    for key in list(orgs):
        org = orgs[key]
        m = _POSSESSIVE.match(org.name)
        if m and gaz.country(m["owner"], lang):
            org.name = org.name[m.end() :]
    # "Principal Secretary of the State Department for Labour" is that department's
    for key in list(orgs):
        org = orgs[key]
        m = re.match(
            r"^(?:[A-Z][\w-]*\s+){1,3}(?:of|for|de|del|da|do)\s+(?:the\s+|la\s+|el\s+|a\s+|o\s+)?", org.name
        )
        if m and fold(org.name[m.end() :]) in orgs and fold(org.name[m.end() :]) != key:
            title = org.name[: m.end()].split()[0]
            if _TITLE_WORD.fullmatch(title) or fold(title) in entity_cues(lang).title_words:
                orgs[fold(org.name[m.end() :])].mentions.extend(org.mentions)
                del orgs[key]
    # "IOM Kenya": the country office of a body the text names ("IOM") is that body
    by_alias = {fold(a): k for k, o in orgs.items() for a in o.aliases}
    for key in list(orgs):
        org = orgs[key]
        words = org.name.split()
        for n in (1, 2, 3):
            if len(words) > n and gaz.country(" ".join(words[-n:]), lang):
                base = fold(" ".join(words[:-n]))
                target = base if base in orgs else by_alias.get(base)
                if target is not None and target != key and target in orgs:
                    orgs[target].mentions.extend(org.mentions)
                    del orgs[key]
                break
    groups: dict[str, list[str]] = {}
    for key, org in orgs.items():
        groups.setdefault(_org_form(org.name), []).append(key)
    for keys in groups.values():
        if len(keys) < 2:
            continue
        keep = next((k for k in keys if _org_form(orgs[k].name) == fold(orgs[k].name)), None) or min(
            keys, key=lambda k: min(s.start for s in orgs[k].mentions)
        )
        for k in keys:
            if k != keep:
                orgs[keep].mentions.extend(orgs[k].mentions)
                orgs[keep].aliases |= orgs[k].aliases
                orgs[keep].kind = orgs[keep].kind or orgs[k].kind
                del orgs[k]


_NOT_MASTHEAD = re.compile(
    r"^(?:press release|news release|media release|statement|comunicado(?: de prensa)?|nota de prensa|"
    r"boletín(?: de prensa)?|nota (?:à|a) imprensa|comunicado (?:à|de) imprensa|release|unclassified|"
    r"confidential|sensitive|breaking|opinion|opinión|opinião|editorial)$",
    re.IGNORECASE,
)
_DATEISH = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


def _masthead(text: str, fmt: str) -> tuple[int, int, str] | None:
    """The publication's name on the first line of a story: "NAME | Section", or a name in
    capitals over a line with a section bar or a date. None for a cable or anything else."""
    if fmt == "cable":
        return None
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text[:600]) if m.group().strip()]
    if len(lines) < 2:
        return None
    (at, first), (_, second) = lines[0], lines[1]
    name = first.split(" | ")[0].strip() if " | " in first else first.strip()
    if not 3 <= len(name) <= 60 or any(c.isdigit() for c in name) or _NOT_MASTHEAD.match(name):
        return None
    if len(name.split()) > 6 or not name[:1].isupper():
        return None
    if " | " not in first and not (name.isupper() and (" | " in second or _DATEISH.search(second))):
        return None
    start = at + first.index(name)
    return start, start + len(name), name


def extract_orgs(ctx: Context, proposals: list[Span]) -> None:
    """Fill ctx.facts.organizations and add org mentions to ctx.mentions."""
    cues = entity_cues(ctx.language)
    text = ctx.text
    orgs: dict[str, _Org] = {}
    alias_of: dict[str, str] = {}

    def add(name: str, span: Span, kind: str | None) -> _Org:
        key = fold(name)
        org = orgs.get(key)
        if org is None:
            org = orgs[key] = _Org(name, kind)
        elif org.kind is None:
            org.kind = kind
        org.mentions.append(span)
        return org

    full = [p for p in proposals if p.label == "ORG"]
    # a name in parentheses right after another organisation is its short form: "(ECPAT/Guatemala)"
    in_parens = set()
    for p in full:
        for q in full:
            if (
                q is not p
                and q.start > p.end
                and re.fullmatch(r"\s*\(\s*", text[p.end : q.start])
                and text[q.end : q.end + 3].lstrip().startswith(")")
            ):
                in_parens.add((q.start, q.end))
                orgs_alias = q.text
                alias_of[orgs_alias] = fold(_cut_country(p.text, ctx))
    for p in full:
        if (p.start, p.end) in in_parens:
            continue
        name = _cut_country(p.text, ctx)
        span = Span(p.start, p.start + len(name), name, p.label)
        add(name, span, _kind_for(name, cues))
        # "Cybercrime Unit in the Attorney General's Office": the parent is listed too
        m = re.search(r"\s(?:in|of|at) the\s", name)
        if m:
            parent = name[m.end() :]
            if org_kind(parent, cues) is not None and org_kind(name[: m.start()], cues) is not None:
                ps = p.start + m.end()
                add(parent, Span(ps, ps + len(parent), parent, "ORG"), _kind_for(parent, cues))
    for p in proposals:
        if p.label.startswith("ORG:"):
            add(p.text, p, p.label.split(":", 1)[1])
    for p in full:
        if (p.start, p.end) in in_parens:
            orgs[alias_of[p.text]].aliases.add(p.text)
            orgs[alias_of[p.text]].mentions.append(p)

    # acronyms defined in parentheses right after a full name: "National Civil Police (PNC)"
    for p in full:
        if (p.start, p.end) in in_parens:
            continue
        p = Span(p.start, p.start + len(_cut_country(p.text, ctx)), _cut_country(p.text, ctx), p.label)
        m = re.match(r"\s*\(\s*([^()\s][^()]{0,30}?)\s*\)", text[p.end : p.end + 40])
        if m:
            acr = m.group(1).split("/")[0].strip()
            if acr and (is_acronym(acr) or (acr[:1].isupper() and len(acr.split()) == 1)):
                alias_of[acr] = fold(p.text)
                if fold(p.text) in orgs:
                    orgs[fold(p.text)].aliases.add(acr)
    # "Seido" and other mixed-case acronyms are proposed as CAP; catch those defined above too
    acronyms = [p for p in proposals if p.label == "ACRONYM" or (p.label == "CAP" and p.text in alias_of)]
    codes = _country_and_currency_codes()
    ner_org = {(e.start, e.end) for e in ctx.ents if e.label == "ORG"}
    for p in acronyms:
        acr = p.text
        if acr in alias_of and alias_of[acr] in orgs:
            orgs[alias_of[acr]].mentions.append(p)
            continue
        # initials of a named organisation: MPS = Ministry of Public Security
        match = next(
            (o for o in orgs.values() if len(acr) >= 3 and _initials(o.name, cues).endswith(acr)), None
        )
        if match is not None and match.kind is not None:
            match.aliases.add(acr)
            match.mentions.append(p)
            continue
        if acr.upper() in NOT_ORGS or acr.replace(".", "") in codes or acr in codes:
            continue
        known = known_orgs().get(fold(acr))
        if known is not None or re.fullmatch(r"GO[A-Z]", acr) or (p.start, p.end) in ner_org:
            kind = _kind_for(acr, cues)
            # listed under the full name when the text spells it out somewhere, in any language
            spelled = next(
                (
                    fold(n)
                    for n in ([known.name, *known.aliases] if known is not None else [])
                    if fold(n) in orgs
                ),
                None,
            )
            if spelled is not None:
                orgs[spelled].aliases.add(acr)
                orgs[spelled].mentions.append(p)
                continue
            name = known.name if known is not None and known.name in text else acr
            add(name, p, kind or "other")

    # publishers named as sources ("reported Prensa Libre", "El Comercio reported")
    for p in proposals:
        if p.label not in ("CAP", "PERSON") or fold(p.text) in orgs:
            continue
        before = text[max(0, p.start - 30) : p.start]
        after = text[p.end : p.end + 20]
        if re.search(
            r"(?:reported|reports|told|according to the|the (?:local )?(?:daily|newspaper))\s+$", before
        ) or re.match(r"\s+(?:reported|reports|newspaper|daily)\b", after):
            add(p.text, p, "media")

    # a byline that names no person names the publisher: "Por La Jornada", "By Reuters"
    for line in re.finditer(r"^(?:By|BY|Por|POR|Por:|By:)\s+([^\n]{2,60})$", text[:800], re.MULTILINE):
        name = line.group(1).strip()
        if not any(
            m.kind == "person" and line.start(1) <= m.start < line.end(1) for m in ctx.mentions
        ) and not any(p.label == "PERSON" and line.start(1) <= p.start < line.end(1) for p in proposals):
            if name[:1].isupper() and len(name.split()) <= 5 and fold(name) not in orgs:
                add(name, Span(line.start(1), line.end(1), name, "ORG"), "media")

    # the masthead: the publication's name opening the document ("CONTRALUZ | Investigación",
    # "LA VOZ DE ORIENTE" over a section and date line)
    masthead = _masthead(text, ctx.doc.format)
    if masthead is not None and fold(masthead[2]) not in orgs:
        start, end, name = masthead
        short = re.match(r"^(.*\S)\s*\(([^()]{2,12})\)$", name)  # "Agencia Sur Noticias (ASN)"
        if short:
            name, end = short.group(1), start + len(short.group(1))
        paper = add(name, Span(start, end, name, "ORG"), org_kind(name, cues) or "media")
        if short:
            paper.aliases.add(short.group(2))

    # "State Department" is the "US State Department" named earlier: a country is all that differs
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    keys = sorted(orgs, key=lambda k: len(k.split()))
    for key in keys:
        small = orgs.get(key)
        if small is None or len(key.split()) < 2:
            continue
        for big_key, big in list(orgs.items()):
            if big_key == key or not set(key.split()) < set(big_key.split()):
                continue
            small_words = set(key.split())
            extra = [w for w in re.findall(r"[\w.'’-]+", big.name) if fold(w) not in small_words]
            if extra and gaz.country(" ".join(extra).rstrip("."), ctx.language):
                big.mentions.extend(small.mentions)
                big.aliases |= small.aliases
                del orgs[key]
                break

    # merge "X-Ghana" into "X", and names that differ only by a leading country into the fuller one
    for key in list(orgs):
        org = orgs.get(key)
        if org is None:
            continue
        base = re.sub(r"[-–]\s*[A-Z][\w]+$", "", org.name)
        if base != org.name and fold(base) in orgs and fold(base) != key:
            target = orgs[fold(base)]
            target.mentions.extend(org.mentions)
            del orgs[key]

    _merge_word_orders(orgs, gaz, ctx.language)

    for org in orgs.values():
        kind = org.kind or "other"
        spans = sorted(org.mentions, key=lambda s: s.start)
        for sp in spans:
            ctx.mentions.append(Mention(sp.start, sp.end, sp.text, "org", fold(org.name), {"kind": kind}))
        evidence = ctx.evidence_of(sp.start for sp in spans)
        ctx.facts.organizations.append(Organization(org.name, kind, evidence, aliases=sorted(org.aliases)))
