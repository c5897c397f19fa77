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

from ..model import Evidence, Organization
from .context import Context, Mention, Span
from .entities import EntityCues, entity_cues, is_acronym, org_kind
from .names import fold

# Acronyms that are never organisations: units, currencies, time zones, cable captions and tags,
# document markers. Country codes and ISO currency codes are rejected separately.
NOT_ORGS = frozenset(
    """TIP SBU UNCLAS SIPDIS NOFORN FOUO EO GMT EST EDT PST CST UTC BST CET USD EUR AM PM TV OK ID DNA HIV AIDS
    STI STIs NB PS PDF HTML URL FAQ CEO CFO COVID SUV GPS SMS VIP LGBT LGBTI LGBTQ CCTV ATM PIN NGO NGOS ONG ONGS
    ELAB PHUM KCRM KFRD KWMN PREF SMIG PGOV KTIP SOCI ECON PREL ASEC CASC CVIS KJUS SNAR PINR
    RR ZNR ZZH DE FM TO INFO DEPT FOR WHA PPC INL VZCZC UUUUU N/A NA DF CDMX""".split()
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


def _kind_for(name: str, cues: EntityCues) -> str | None:
    k = known_orgs().get(fold(name))
    if k is not None:
        return k.kind
    # Cable shorthand: GOG, GOB, GOH... is the host government.
    if re.fullmatch(r"GO[A-Z]", name):
        return "government"
    return org_kind(name, cues)


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
    for p in full:
        add(p.text, p, _kind_for(p.text, cues))

    # acronyms defined in parentheses right after a full name: "National Civil Police (PNC)"
    for p in full:
        m = re.match(r"\s*\(\s*([^()\s][^()]{0,30}?)\s*\)", text[p.end : p.end + 40])
        if m:
            acr = m.group(1).split("/")[0].strip()
            if acr and (is_acronym(acr) or (acr[:1].isupper() and len(acr.split()) == 1)):
                alias_of[acr] = fold(p.text)
                orgs[fold(p.text)].aliases.add(acr)
    # "Seido" and other mixed-case acronyms are proposed as CAP; catch those defined above too
    acronyms = [p for p in proposals if p.label == "ACRONYM" or (p.label == "CAP" and p.text in alias_of)]
    codes = _country_and_currency_codes()
    ner_org = {(e.start, e.end) for e in ctx.ents if e.label == "ORG"}
    for p in acronyms:
        acr = p.text
        if acr in alias_of:
            orgs[alias_of[acr]].mentions.append(p)
            continue
        # initials of a named organisation: MPS = Ministry of Public Security
        match = next((o for o in orgs.values() if len(acr) >= 3 and _initials(o.name, cues).endswith(acr)), None)
        if match is not None and match.kind is not None:
            match.aliases.add(acr)
            match.mentions.append(p)
            continue
        if acr.upper() in NOT_ORGS or acr.replace(".", "") in codes or acr in codes:
            continue
        known = known_orgs().get(fold(acr))
        if known is not None or re.fullmatch(r"GO[A-Z]", acr) or (p.start, p.end) in ner_org:
            kind = _kind_for(acr, cues)
            # listed under the full name when the text spells it out somewhere
            name = known.name if known is not None and known.name in text else acr
            add(name, p, kind or "other")

    # publishers named as sources ("reported Prensa Libre", "El Comercio reported")
    for p in proposals:
        if p.label not in ("CAP", "PERSON") or fold(p.text) in orgs:
            continue
        before = text[max(0, p.start - 30) : p.start]
        after = text[p.end : p.end + 20]
        if re.search(r"(?:reported|reports|told|according to the|the (?:local )?(?:daily|newspaper))\s+$", before) or re.match(
            r"\s+(?:reported|reports|newspaper|daily)\b", after
        ):
            add(p.text, p, "media")

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

    for org in orgs.values():
        kind = org.kind or "other"
        evidence: list[Evidence] = []
        seen: set[int] = set()
        for sp in sorted(org.mentions, key=lambda s: s.start):
            sent = ctx.sentence_at(sp.start)
            if sent.index not in seen:
                seen.add(sent.index)
                evidence.append(ctx.evidence(sent))
            ctx.mentions.append(Mention(sp.start, sp.end, sp.text, "org", fold(org.name), {"kind": kind}))
        ctx.facts.organizations.append(
            Organization(org.name, kind, evidence, aliases=sorted(org.aliases))
        )
