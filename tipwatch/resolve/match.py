"""Scoring a candidate pair of mentions: names (rapidfuzz) plus context (country, roles, co-mentions).

Takes two Profiles (a mention with its comparable forms and its document's context) and
returns a Score: a number in [0, 1], the part of it the names alone give, and a reason an
analyst can read. Thresholds turn the number into a verdict: POSITIVE_AT and above links,
UNSURE_AT and above is left for an analyst, below is a non-match. A common name alone is
never enough across countries: a person's or a national body's name that matches
exactly in two different countries scores below POSITIVE_AT unless the documents share
other people or bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from ..extract.gazetteer import Gazetteer
from ..extract.orgs import known_orgs
from .mentions import DocContext
from .model import EntityKind, Mention
from .names import acronym_of, fold, initials, is_acronym, name_tokens, org_key, org_tokens

POSITIVE_AT = 0.80  # link
UNSURE_AT = 0.60  # keep the pair for an analyst; below: not one
RECORD_AT = 0.50  # a pair whose names score at least this gets a stored judgement
NAMES_DIFFER = "names differ"

STRONG_ROLES = frozenset({"suspect", "victim", "official", "civil_society", "client"})
INTERNATIONAL_KINDS = frozenset({"international"})
# Bodies of one state: the same name in another country is another body (Guatemala's and El
# Salvador's "National Civil Police" are two).
STATE_KINDS = frozenset({"government", "law_enforcement", "judiciary", "legislature"})


@dataclass(frozen=True, slots=True)
class Score:
    """How alike two mentions are: ``value`` decides, ``names`` is the names' share, ``reason`` explains."""

    value: float
    names: float
    reason: str


@dataclass(slots=True)
class Profile:
    """A mention prepared for blocking and scoring (computed once per mention)."""

    index: int
    mention: Mention
    tokens: tuple[str, ...]
    norm: str
    is_short: bool  # a surname alone, or a bare acronym
    acronyms: frozenset[str]  # an organisation's own acronym, its defined aliases and its initials
    defined: frozenset[str]  # acronyms its document defines for it ("National Civil Police (PNC)")
    known: str | None  # the canonical name of a well-known body
    country: str | None
    countries: frozenset[str]
    roles: frozenset[str]
    names: frozenset[str]  # what its document mentions ("p:..." persons, "o:..." bodies), shared
    own: str = ""  # its own entry in ``names``: not a co-mention of itself

    @property
    def key(self) -> str:
        return self.mention.key


@cache
def known_names() -> dict[str, str]:
    """Folded name or alias -> canonical name, for bodies whose names share nothing."""
    out: dict[str, str] = {}
    for folded, org in known_orgs().items():
        out.setdefault(folded, org.name)
    path = resources.files("tipwatch") / "data" / "resolve" / "org_aliases.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, _, others = line.partition("\t")
        for n in [canonical, *others.split("|")]:
            if n.strip():
                out[fold(n.strip())] = canonical.strip()
    return out


def _known(m: Mention) -> str | None:
    table = known_names()
    for n in [m.name, *(m.data.get("aliases") or [])]:
        hit = table.get(fold(str(n)).strip())
        if hit:
            return hit
    return None


def make_profile(index: int, m: Mention, ctx: DocContext | None) -> Profile:
    """The comparable forms of one mention, with its document's context."""
    countries = ctx.countries if ctx else frozenset(m.data.get("countries") or [])
    names = ctx.names if ctx else frozenset()
    roles = frozenset(m.data.get("roles") or [])
    if m.kind == EntityKind.PERSON:
        tokens = name_tokens(m.name)
        return Profile(
            index, m, tokens, " ".join(tokens), len([t for t in tokens if len(t) > 1]) <= 1,
            frozenset(), frozenset(), None, m.country, countries, roles, names, "p:" + " ".join(tokens),
        )  # fmt: skip
    if m.kind == EntityKind.ORGANIZATION:
        acronym = is_acronym(m.name)
        defined = frozenset(acronym_of(a) for a in m.data.get("aliases") or [] if is_acronym(a))
        own = (
            {acronym_of(m.name)} if acronym else {initials(m.name)} if len(org_tokens(m.name)) >= 2 else set()
        )
        tokens = (acronym_of(m.name).lower(),) if acronym else org_tokens(m.name)
        return Profile(
            index, m, tokens, org_key(m.name), acronym, frozenset(own) | defined, defined, _known(m),
            m.country, countries, roles, names, "o:" + org_key(m.name),
        )  # fmt: skip
    tokens = tuple(fold(m.name).split())
    return Profile(
        index, m, tokens, " ".join(tokens), False, frozenset(), frozenset(), _known_place(m),
        m.country, frozenset({m.country} if m.country else ()), roles, frozenset(),
    )  # fmt: skip


def _known_place(m: Mention) -> str | None:
    """The gazetteer's own name of a place in its country, so "Assunção" and "Asunción" or
    "Cuzco" and "Cusco" are one place; None when the gazetteer does not place it there."""
    if not m.country:
        return None
    found = Gazetteer.load().places(m.name, [m.country])
    if not found or found[0].country != m.country:
        return None
    best, subdivision = found[0], m.data.get("subdivision")
    if subdivision and best.subdivision != subdivision:
        return None  # the text put it elsewhere than the gazetteer's first reading
    return f"{best.country}/{fold(best.name)}/{best.subdivision or ''}"


# -- persons ----------------------------------------------------------------------------------


def _token_match(x: str, y: str) -> float:
    """How well one name word matches another: exactly, as an initial, or with a typo."""
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return 0.9 if x[0] == y[0] else 0.0
    if len(x) >= 4 and len(y) >= 4:
        r = fuzz.ratio(x, y)
        if r >= 85:
            return r / 100
    return 0.0


def _align(short: Sequence[str], long: Sequence[str]) -> tuple[float, list[int]] | None:
    """Match every word of the shorter name to a later word of the longer, in order.

    Returns the product of the word scores and the matched positions, or None when some
    word has no match ("Juan Pérez" and "José Pérez" do not align).
    """
    quality, pos, start = 1.0, [], 0
    for tok in short:
        best, best_j = 0.0, -1
        for j in range(start, len(long)):
            s = _token_match(tok, long[j])
            if s > best:
                best, best_j = s, j
                if s == 1.0:
                    break
        if best_j < 0:
            return None
        quality *= best
        pos.append(best_j)
        start = best_j + 1
    return quality, pos


def person_names_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when two person names could be one person (one is a form of the other)."""
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return _align(short, long) is not None


def score_person_names(a: Sequence[str], b: Sequence[str]) -> tuple[float, str]:
    """How alike two person names are, and why."""
    if not a or not b:
        return 0.0, "no name"
    if tuple(a) == tuple(b):
        return 1.0, "same name"
    if sorted(a) == sorted(b):
        return 0.95, "same name, words in another order"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    aligned = _align(short, long)
    if aligned is not None:
        quality, pos = aligned
        if len(short) == len(long):
            how = "initials" if any(len(t) == 1 for t in (*a, *b)) else "spelling variant"
            return 0.97 * quality, f"same name up to {how}"
        content = [t for t in short if len(t) > 1]
        if len(content) >= 2:
            return 0.9 * quality, "one name is a shorter form of the other"
        if len(content) == 1 and len(short) == 1 and pos[0] > 0:
            return 0.72 * quality, "surname only"
        return 0.45 * quality, "given name or initials only"
    sort_ratio = fuzz.token_sort_ratio(" ".join(a), " ".join(b)) / 100
    return 0.6 * sort_ratio, NAMES_DIFFER


def _context(a: Profile, b: Profile, *, national: bool = True) -> tuple[float, list[str]]:
    """What the documents around two mentions add to or take from their names' score."""
    delta, why = 0.0, []
    if national and a.country and b.country:
        if a.country == b.country:
            delta += 0.1
            why.append(f"same country {a.country}")
        elif a.countries & b.countries:
            delta -= 0.05
            why.append(f"main countries differ ({a.country}, {b.country}) but overlap")
        else:
            delta -= 0.35
            why.append(f"different countries ({a.country}, {b.country})")
    shared = a.names & b.names  # the documents' own name sets, shared by their mentions
    if shared:
        shared -= {a.own, b.own}
    if shared:
        people = sum(1 for n in shared if n.startswith("p:"))
        bonus = min(0.2, 0.1 * people + 0.05 * (len(shared) - people))
        delta += bonus
        why.append(f"{len(shared)} co-mentioned name(s) shared")
    return delta, why


def score_persons(a: Profile, b: Profile) -> Score:
    names, reason = score_person_names(a.tokens, b.tokens)
    if names < 0.4 or reason == NAMES_DIFFER:
        return Score(round(names, 4), round(names, 4), reason)  # context never makes two names one
    delta, why = _context(a, b)
    common = a.roles & b.roles & STRONG_ROLES
    if common:
        delta += 0.05
        why.append("same role " + "/".join(sorted(common)))
    if ("victim" in a.roles and "suspect" in b.roles and "victim" not in b.roles) or (
        "victim" in b.roles and "suspect" in a.roles and "victim" not in a.roles
    ):
        delta -= 0.15
        why.append("a victim and a suspect")
    value = max(0.0, min(1.0, names + delta))
    return Score(round(value, 4), round(names, 4), "; ".join([reason, *why]))


# -- organisations ----------------------------------------------------------------------------


def score_org_names(a: Profile, b: Profile) -> tuple[float, str]:
    """How alike two organisation names are (acronyms and translations included), and why."""
    if a.known and a.known == b.known:
        return 1.0, f"one well-known body ({a.known})"
    if a.norm == b.norm:
        same_words = fold(a.mention.name) == fold(b.mention.name)
        return 0.95, "same name" if same_words else "same name in translation or word order"
    if a.is_short != b.is_short:
        short, long = (a, b) if a.is_short else (b, a)
        acr = short.tokens[0].upper()
        if acr in long.defined:
            return 0.9, f"acronym {acr} defined for {long.mention.name}"
        if acr in long.acronyms:
            return 0.8, f"acronym {acr} is the initials of {long.mention.name}"
        return 0.0, "acronym does not fit"
    if a.is_short and b.is_short:
        return 0.0, "different acronyms"
    if a.defined & b.defined:
        acr = sorted(a.defined & b.defined)[0]
        return 0.9, f"both define the acronym {acr}"
    r = fuzz.ratio(a.norm, b.norm) / 100
    if r >= 0.9:
        return 0.9 * r, "similar name"
    return 0.5 * r, "names differ"


def _is_national(a: Profile, b: Profile) -> bool:
    kinds = {a.mention.data.get("org_kind"), b.mention.data.get("org_kind")}
    return not (kinds & INTERNATIONAL_KINDS) and not (a.known and a.known == b.known)


def score_orgs(a: Profile, b: Profile) -> Score:
    names, reason = score_org_names(a, b)
    if names < 0.4:
        return Score(names, names, reason)
    delta, why = 0.0, []
    if _is_national(a, b):
        state = bool({a.mention.data.get("org_kind"), b.mention.data.get("org_kind")} & STATE_KINDS)
        acronym = a.is_short or b.is_short
        if a.country and b.country:
            if a.country == b.country:
                delta += 0.05
                why.append(f"same country {a.country}")
            elif state:
                delta -= 0.5
                why.append(f"a state body in different countries ({a.country}, {b.country})")
            else:
                delta -= 0.3 if acronym else 0.05
                why.append(f"different countries ({a.country}, {b.country})")
        elif acronym:
            delta -= 0.1
            why.append("an acronym with no country")
    value = max(0.0, min(1.0, names + delta))
    return Score(round(value, 4), round(names, 4), "; ".join([reason, *why]))


def org_names_compatible(a: Profile, b: Profile) -> bool:
    """True when two full organisation names may stand in one entity (acronyms fit anything)."""
    if a.is_short or b.is_short:
        return True
    if (a.known and a.known == b.known) or a.norm == b.norm or (a.defined & b.defined):
        return True
    return fuzz.ratio(a.norm, b.norm) >= 85


# -- places -----------------------------------------------------------------------------------


def score_places(a: Profile, b: Profile) -> Score:
    if a.country and b.country and a.country != b.country:
        return Score(0.0, 0.0, f"different countries ({a.country}, {b.country})")
    if a.norm == b.norm:
        return Score(1.0, 1.0, "same place name" + (f" in {a.country}" if a.country else ""))
    if a.known and a.known == b.known:
        return Score(1.0, 1.0, f"one place in the gazetteer ({a.known.split('/')[1]}, {a.country})")
    r = fuzz.ratio(a.norm, b.norm) / 100
    sub_a, sub_b = a.mention.data.get("subdivision"), b.mention.data.get("subdivision")
    if r >= 0.9 and (not sub_a or not sub_b or sub_a == sub_b):
        return Score(round(0.9 * r, 4), round(r, 4), "similar place name in one subdivision")
    return Score(round(0.5 * r, 4), round(r, 4), "place names differ")


def score_pair(a: Profile, b: Profile) -> Score:
    """The score of two mentions of one kind."""
    kind = a.mention.kind
    if kind == EntityKind.PERSON:
        return score_persons(a, b)
    if kind == EntityKind.ORGANIZATION:
        return score_orgs(a, b)
    return score_places(a, b)


def names_compatible(a: Profile, b: Profile) -> bool:
    """Whether two mentions' names may stand in one entity; used to stop chains of weak links."""
    kind = a.mention.kind
    if kind == EntityKind.PERSON:
        return person_names_compatible(a.tokens, b.tokens)
    if kind == EntityKind.ORGANIZATION:
        return org_names_compatible(a, b)
    return not (a.country and b.country and a.country != b.country)
