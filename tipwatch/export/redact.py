"""The one place that decides what a viewer may see of victims and minors.

Takes a document and its facts (plus, optionally, names known to be protected anywhere in
the store) and returns copies in which every victim and every minor is a placeholder:
``victim 1``, ``victim 2``, ``minor 1`` (a minor who is not reported as a victim),
numbered per document in order of first mention. Exports, the API and the web UI all
call this module, so a rule changed here changes everywhere.

What is matched (``Redactor``):

* the full name of each protected person of the document, and its distinctive parts (each
  token of three letters or more that is not a title or a particle: ``Ana Lucía Pérez``
  gives ``Ana``, ``Lucia``, ``Perez``), because a later sentence names her by one of them;
* full names (two tokens or more) protected anywhere in the store, so a victim is hidden
  in a document whose extraction missed her role. Their single tokens are not used store
  wide: one victim called Ana must not erase every Ana of the corpus;
* case and accents do not matter, whole words only (``Perez`` matches ``PÉREZ``, not
  ``Perezoso``).

A longer known name that is not protected wins over a protected part inside it: when the
victim is ``Ana Pérez`` and the suspect ``Jorge Pérez``, ``Jorge Pérez`` stays and a bare
``Pérez`` becomes ``[name withheld]`` only if two protected people share it, else the
victim's placeholder. Places and organisations of the document count as known names, so
``Santa Rosa`` is not cut to ``Santa victim 1`` when the victim is called Rosa.

Limits: a name the text spells differently from every extracted form (a nickname, a
misspelling) is not found; ages and other details written in free text stay.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    Amount,
    Document,
    Event,
    Evidence,
    Facts,
    Label,
    Organization,
    Person,
    Place,
    Victims,
)
from ..resolve.model import Entity, Mention
from .protect import protected_persons

__all__ = [
    "PROTECTED_ENTITY",
    "WITHHELD",
    "Redactor",
    "is_protected_entity",
    "name_parts",
    "protected_names",
    "redact_entity",
    "store_protected_names",
    "with_parts",
]

WITHHELD = "[name withheld]"  # a token two protected people share: neither placeholder is right
PROTECTED_ENTITY = "protected person"  # the name a redacted cross-document entity shows
MIN_PART = 3  # tokens of one or two letters (initials, "Li") match too much text to be parts

# Titles, honorifics and name particles: never a distinctive part of a name.
_NOT_PARTS = frozenset(
    """mr mrs ms miss mx dr prof sir madam lady lord sr sra srta sres don dona dom senor senora
    senorita senhor senhora sen rev fr father sister brother sgt cpl lt capt col gen gov hon judge
    fiscal agent officer inspector de del la las los le les da das do dos di du van von der den ter
    bin ibn al el y e and the jr junior snr filho neto sobrinho hijo""".split()
)
# Words between two parts of the same person that still belong to the name ("Ana de la Paz").
_PARTICLES = frozenset("de del la las los da das do dos di du van von der y e".split())
_GAP_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_TOKEN = re.compile(r"\w+")
_NAME_JOINER = re.compile(r"[\s,\-_'’]{1,3}")


# -- folding: case- and accent-insensitive matching that keeps offsets -------------------


def _fold_char(c: str) -> str:
    if c.isascii():
        return " " if c == "_" else c.lower()
    parts = unicodedata.normalize("NFKD", c)
    return "".join(ch for ch in parts if not unicodedata.combining(ch)).casefold()


# Each character's fold, for str.translate; grown as new characters are seen (a few hundred).
_FOLD_TABLE: dict[int, str] = {ord(c): _fold_char(c) for c in map(chr, range(128)) if _fold_char(c) != c}
_FOLD_SEEN: set[str] = {chr(i) for i in range(128)}
# Characters whose fold is not one character ("…" -> "...", "ß" -> "ss", a lone accent -> "").
_FOLD_UNEVEN: set[str] = set()
_uneven_pattern: tuple[int, re.Pattern[str] | None] = (0, None)


def _uneven_in(text: str) -> Iterator[re.Match[str]]:
    global _uneven_pattern
    size, pattern = _uneven_pattern
    if pattern is None or size != len(_FOLD_UNEVEN):
        chars = sorted(_FOLD_UNEVEN)
        pattern = re.compile("[" + "".join(re.escape(c) for c in chars) + "]")
        _uneven_pattern = (len(chars), pattern)
    return pattern.finditer(text)


def _fold_with_index(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, where folding changed lengths, each folded char's source index.

    ``None`` means positions are the same in both (every character folds to one). Underscores
    fold to spaces so that ``ana_perez.html`` splits into words like ``Ana Pérez``. The text
    is folded by one ``str.translate``; only the few characters that fold to more or fewer
    than one character are visited one by one, to build the index.
    """
    if text.isascii():
        return text.lower().replace("_", " "), None
    chars = set(text)
    for c in chars - _FOLD_SEEN:
        f = _fold_char(c)
        if f != c:
            _FOLD_TABLE[ord(c)] = f
        if len(f) != 1:
            _FOLD_UNEVEN.add(c)
        _FOLD_SEEN.add(c)
    folded = text.translate(_FOLD_TABLE)
    if chars.isdisjoint(_FOLD_UNEVEN):
        return folded, None
    index: list[int] = []
    last = 0
    for m in _uneven_in(text):
        i = m.start()
        index.extend(range(last, i))
        index.extend([i] * len(_FOLD_TABLE.get(ord(text[i]), text[i])))
        last = i + 1
    index.extend(range(last, len(text)))
    return folded, index


def fold(text: str) -> str:
    """Lower case without accents, underscores as spaces: the form names are compared in."""
    return _fold_with_index(text)[0]


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(name)))


def name_parts(name: str) -> list[str]:
    """The distinctive single-word parts of a multi-word name, as written in ``name``.

    ``Dr. Ana Lucía de la Paz`` gives ``Ana``, ``Lucía``, ``Paz``: titles, particles and
    tokens shorter than three letters are left out because they would match ordinary words.
    """
    words = _TOKEN.findall(name.replace("_", " "))
    if len(words) < 2:
        return []
    return [w for w in words if len(w) >= MIN_PART and fold(w) not in _NOT_PARTS and not w.isdigit()]


# -- which names are protected ------------------------------------------------------------


def is_protected_entity(entity: Entity) -> bool:
    """True for a resolved entity any of whose mentions is a victim or a minor."""
    if entity.protected:
        return True
    return any(m.protected or _mention_is_protected(m) for m in entity.mentions)


def _mention_is_protected(m: Mention) -> bool:
    roles = m.data.get("roles") or []
    age = m.data.get("age")
    return "victim" in roles or (isinstance(age, int | float) and not isinstance(age, bool) and age < 18)


def _entity_names(entity: Entity) -> list[str]:
    return [entity.name, *entity.names, *(m.name for m in entity.mentions)]


def protected_names(facts_list: Iterable[Facts | None], entities: Iterable[Entity] = ()) -> set[str]:
    """Every name of every victim or minor: full names and their distinctive parts.

    Reads ``Person.is_protected`` of each document's facts and ``Entity.protected`` (or any
    protected mention) of resolved entities. Use it to check an output for leaks; a
    ``Redactor`` decides which of these it replaces where.
    """
    full: list[str] = []
    for facts in facts_list:
        if facts is None:
            continue
        full += [p.name for p in facts.persons if p.is_protected]
    for entity in entities:
        if entity.kind == "person" and is_protected_entity(entity):
            full += _entity_names(entity)
    return with_parts(full)


def with_parts(full_names: Iterable[str]) -> set[str]:
    """Each name of two characters or more (stripped) and its distinctive parts (``name_parts``)."""
    names: set[str] = set()
    for name in full_names:
        if len(name.strip()) >= 2:
            names.add(name.strip())
            names.update(name_parts(name))
    return names


def store_protected_names(store: Any, page: int = 500) -> set[str]:
    """Full names (two words or more) of every protected person in a store, for ``extra``.

    Reads every document's facts and every resolved person entity: O(store), so callers
    that answer many requests (the API) should compute it once per change, not per request.
    """
    facts_list = (protected_facts(doc, store.get_facts(doc.id)) for doc in store.iter_documents())
    entities: list[Entity] = []
    offset = 0
    while True:
        batch = store.list_entities(kind="person", limit=page, offset=offset)
        entities += batch
        if len(batch) < page:
            break
        offset += page
    return {n for n in protected_names(facts_list, entities) if len(_tokens(n)) >= 2}


def protected_facts(doc: Document, facts: Facts | None) -> Facts | None:
    """The facts with each person as ``protected_persons`` treats her (for name lists)."""
    if facts is None:
        return None
    return Facts(doc=facts.doc, persons=protected_persons(doc, facts))


# -- the redactor --------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """One protected person of a document, under all the names it goes by there."""

    kind: str  # "victim", "minor" or PROTECTED_ENTITY (a store-wide name)
    names: list[tuple[str, ...]] = field(default_factory=list)
    placeholder: str = ""

    def covers(self, tokens: tuple[str, ...]) -> bool:
        s = set(tokens)
        return any(s <= set(n) or set(n) <= s for n in self.names)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    replacement: str


class Redactor:
    """Replaces the protected people of one document by placeholders, in text and in facts.

    A plain class because building it does real work: it groups the document's protected
    persons (``Ana Pérez`` and ``Ana`` are one), numbers them by first mention and compiles
    one regular expression over every name it must find or keep.

    Args:
        persons: the document's persons; only those with ``is_protected`` are hidden.
        keep: names that are not protected and must survive when they contain a protected
            part (other persons, organisations, places of the document).
        extra: names protected elsewhere in the store (see ``store_protected_names``);
            only full names of two words or more are used.
        text: the document's text (and title), to number placeholders by first mention.
    """

    def __init__(
        self,
        persons: Iterable[Person] = (),
        *,
        keep: Iterable[str] = (),
        extra: Iterable[str] = (),
        text: str = "",
    ) -> None:
        self._groups: list[_Group] = []
        self._hidden: set[tuple[str, ...]] = set()
        for person in persons:
            if person.is_protected:
                self._hidden.add(_tokens(person.name))
                self._add(_tokens(person.name), "victim" if "victim" in person.roles else "minor")
        for name in sorted(set(extra)):
            tokens = _tokens(name)
            if len(tokens) < 2:
                continue  # store-wide names are hidden as full names only
            group = next((g for g in self._groups if g.covers(tokens)), None)
            if group is None:
                self._groups.append(_Group(PROTECTED_ENTITY, [tokens]))
            elif tokens not in group.names:
                # "Ana Perez" beside "Ana Maria Perez": both spellings must be hidden
                group.names.append(tokens)
        self._candidates = self._build_candidates(keep)
        self._pattern = self._compile()
        self._number(text)

    @classmethod
    def for_document(cls, doc: Document | None, facts: Facts | None, extra: Iterable[str] = ()) -> Redactor:
        """The redactor of one document: its protected persons, its other names kept.

        Who is protected is decided by ``protect.protected_persons``: the facts' victims and
        minors, and those the text shows to be (an age under 18 beside the name, a rescue).
        """
        persons = protected_persons(doc, facts)
        keep: list[str] = []
        if facts is not None:
            keep += [p.name for p in persons if not p.is_protected]
            for org in facts.organizations:
                keep += [org.name, *org.aliases]
            keep += [pl.name for pl in facts.places]
        text = "" if doc is None else f"{doc.title or ''}\n{doc.text}"
        return cls(persons, keep=keep, extra=extra, text=text)

    # -- building ------------------------------------------------------------------------

    def _add(self, tokens: tuple[str, ...], kind: str) -> None:
        if not tokens:
            return
        for g in self._groups:
            if g.covers(tokens):
                if tokens not in g.names:
                    g.names.append(tokens)
                if kind == "victim":
                    g.kind = "victim"
                return
        self._groups.append(_Group(kind, [tokens]))

    def _build_candidates(self, keep: Iterable[str]) -> dict[tuple[str, ...], int]:
        """Token sequence -> group index, or -1 for a kept name, -2 for a shared part."""
        cands: dict[tuple[str, ...], int] = {}
        for gi, g in enumerate(self._groups):
            for tokens in g.names:
                if len(tokens) == 1 and len(tokens[0]) < 2:
                    continue
                cands[tokens] = gi if cands.get(tokens, gi) == gi else -2
        local_parts: dict[tuple[str, ...], set[int]] = {}
        for gi, g in enumerate(self._groups):
            if g.kind == PROTECTED_ENTITY:
                continue  # store-wide names give no single-word parts (see the module docstring)
            for tokens in g.names:
                for word in name_parts(" ".join(tokens)):
                    local_parts.setdefault((word,), set()).add(gi)
        for part, owners in local_parts.items():
            if part in cands:
                continue  # a whole name of its own (a victim known only as "Ana")
            cands[part] = min(owners) if len(owners) == 1 else -2
        protected_tokens = [set(t) for t in cands if cands[t] != -1]
        full_names = [t for t, gi in cands.items() if gi >= 0 and len(t) >= 2]
        for name in keep:
            tokens = _tokens(name)
            if not tokens or tokens in cands:
                continue
            if not any(set(tokens) & p for p in protected_tokens):
                continue  # shares nothing with a protected name: no need to guard it
            if any(set(tokens) <= set(p) for p in full_names) or any(
                _contains(tokens, p) for p in full_names
            ):
                continue  # could be the protected person herself
            if len(tokens) == 1:
                continue  # a lone word equal to a protected part stays ambiguous: hide it
            cands[tokens] = -1
        return cands

    def _compile(self) -> re.Pattern[str] | None:
        if not self._candidates:
            return None
        # Longest first, so at each position the alternation takes the longest name.
        order = sorted(self._candidates, key=lambda t: (-len(t), -sum(map(len, t)), t))
        alts = [r"\W{1,3}".join(map(re.escape, t)) for t in order]
        return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)")

    def _number(self, text: str) -> None:
        first: dict[int, int] = {}
        for start, _end, gi in self._matches(text):
            if gi >= 0:
                first.setdefault(gi, start)
        order = sorted(range(len(self._groups)), key=lambda gi: (first.get(gi, len(text) + gi), gi))
        counters: dict[str, int] = {}
        for gi in order:
            g = self._groups[gi]
            counters[g.kind] = counters.get(g.kind, 0) + 1
            g.placeholder = f"{g.kind} {counters[g.kind]}"

    # -- matching ------------------------------------------------------------------------

    def _matches(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(start, end, candidate) of each name found in ``text``, offsets into ``text``."""
        if self._pattern is None or not text:
            return
        folded, index = _fold_with_index(text)
        for m in self._pattern.finditer(folded):
            gi = self._candidates.get(tuple(_TOKEN.findall(m.group())), -2)
            if index is None:
                yield m.start(), m.end(), gi
            else:
                yield index[m.start()], index[m.end() - 1] + 1, gi

    def _spans(self, text: str) -> list[_Span]:
        """What to replace in ``text``: protected names, with same-person neighbours joined."""
        raw = [(s, e, gi) for s, e, gi in self._matches(text) if gi != -1]
        spans: list[tuple[int, int, int]] = []
        for s, e, gi in raw:
            if spans and gi >= 0 and spans[-1][2] == gi and _is_name_gap(text[spans[-1][1] : s]):
                spans[-1] = (spans[-1][0], e, gi)  # "Ana María Pérez": one placeholder, middle hidden
            else:
                spans.append((s, e, gi))
        return [_Span(s, e, self._groups[gi].placeholder if gi >= 0 else WITHHELD) for s, e, gi in spans]

    # -- public --------------------------------------------------------------------------

    @property
    def placeholders(self) -> dict[str, str]:
        """Each protected name the redactor knows (folded) -> its placeholder."""
        return {" ".join(t): self._groups[gi].placeholder for t, gi in self._candidates.items() if gi >= 0}

    def placeholder_of(self, name: str) -> str | None:
        """The placeholder that replaces ``name``, or None when the name is not protected."""
        tokens = _tokens(name)
        for g in self._groups:
            if tokens in g.names:
                return g.placeholder
        for g in self._groups:
            if g.covers(tokens):
                return g.placeholder
        return None

    def redact_text(self, text: str) -> str:
        """``text`` with every protected name replaced by its placeholder."""
        out, _ = self._apply(text)
        return out

    def redact_snippet(self, snippet: str) -> str:
        """A search snippet redacted; its ``[match]`` marks survive around a placeholder.

        The marks are blanked while matching (``[Ana] Pérez`` must still match ``Ana Pérez``)
        and then put back around the placeholder so they stay balanced.
        """
        blank = snippet.replace("[", " ").replace("]", " ")
        pieces: list[str] = []
        last = 0
        for span in self._spans(blank):
            inside = snippet[span.start : span.end]
            opens, closes = inside.count("["), inside.count("]")
            pieces.append(snippet[last : span.start])
            pieces.append("[" * max(0, opens - closes) + span.replacement + "]" * max(0, closes - opens))
            last = span.end
        pieces.append(snippet[last:])
        return "".join(pieces)

    def _apply(self, text: str) -> tuple[str, list[tuple[_Span, int]]]:
        """The redacted text and each span with its start in the redacted text."""
        pieces: list[str] = []
        placed: list[tuple[_Span, int]] = []
        last = length = 0
        for span in self._spans(text):
            head = text[last : span.start]
            pieces += [head, span.replacement]
            length += len(head)
            placed.append((span, length))
            length += len(span.replacement)
            last = span.end
        pieces.append(text[last:])
        return "".join(pieces), placed

    def hides(self, person: Person) -> bool:
        """True when ``person`` is shown only as a placeholder (protected here or by the text)."""
        return person.is_protected or _tokens(person.name) in self._hidden

    def redact_person(self, person: Person) -> Person:
        """A protected person becomes its placeholder with roles only; others keep their name."""
        if self.hides(person):
            name = self.placeholder_of(person.name) or ("victim" if "victim" in person.roles else "minor")
            return Person(name, list(person.roles), list(person.evidence), None, None)
        source = self.redact_text(person.source) if person.source else person.source
        return Person(
            self.redact_text(person.name), list(person.roles), list(person.evidence), source, person.age
        )

    def redact_document(self, doc: Document, facts: Facts | None) -> tuple[Document, Facts | None]:
        """Redacted copies of a document and its facts, evidence offsets still true.

        In the copy ``doc.text[e.start:e.end] == e.quote`` holds for every evidence span
        whose original did; protected persons are renamed to their placeholder (one entry
        per person, age and source dropped, roles kept); title, name, metadata and every
        other name and quote are redacted; the victims' aggregate (count, minors, ages,
        sexes) stays. ``path`` is dropped: a local path may hold a name and tells a reader
        nothing.
        """
        text, placed = self._apply(doc.text)
        shift = _OffsetMap(placed, len(doc.text))
        red_doc = Document(
            id=doc.id,
            name=self.redact_text(doc.name),
            format=doc.format,
            text=text,
            language=doc.language,
            published=doc.published,
            title=self.redact_text(doc.title) if doc.title else doc.title,
            meta=self._redact_value(doc.meta),
            path=None,
            size=doc.size,
        )
        if facts is None:
            return red_doc, None

        def ev(items: list[Evidence]) -> list[Evidence]:
            return _map_evidence(items, doc.text, text, shift, self.redact_text)

        def lab(items: list[Label]) -> list[Label]:
            return [Label(x.value, ev(x.evidence)) for x in items]

        def opt(s: str | None) -> str | None:
            return self.redact_text(s) if s else s

        persons: dict[str, Person] = {}
        for p in facts.persons:
            red = self.redact_person(p)
            red.evidence = ev(p.evidence)
            if red.name != p.name:  # hidden, even if extraction missed the role: drop details
                red.age, red.source = None, None
            if red.name in persons:  # "Ana Pérez" and "Ana": one victim, one entry
                known = persons[red.name]
                known.roles += [r for r in red.roles if r not in known.roles]
                known.evidence += [e for e in red.evidence if e not in known.evidence]
                if red.name != p.name:
                    known.age, known.source = None, None
            else:
                persons[red.name] = red
        v = facts.victims
        red_facts = Facts(
            doc=self.redact_text(facts.doc),
            doc_id=facts.doc_id,
            language=facts.language,
            published=facts.published,
            countries=lab(facts.countries),
            places=[
                Place(self.redact_text(p.name), p.country, p.subdivision, ev(p.evidence))
                for p in facts.places
            ],
            persons=list(persons.values()),
            organizations=[
                Organization(
                    self.redact_text(o.name),
                    o.kind,
                    ev(o.evidence),
                    opt(o.source),
                    [self.redact_text(a) for a in o.aliases],
                )
                for o in facts.organizations
            ],
            exploitation=lab(facts.exploitation),
            indicators=lab(facts.indicators),
            victims=Victims(
                v.count,
                v.minors,
                v.age_min,
                v.age_max,
                list(v.sexes),
                {k: ev(x) for k, x in v.evidence.items()},
            ),
            events=[
                Event(e.type, e.count, e.date, e.country, ev(e.evidence), opt(e.source)) for e in facts.events
            ],
            money=[
                Amount(m.amount, m.currency, m.amount_max, m.context, ev(m.evidence), opt(m.source))
                for m in facts.money
            ],
        )
        return red_doc, red_facts

    def redact_evidence(self, text: str, evidence: list[Evidence]) -> list[Evidence]:
        """Evidence spans of ``text`` moved onto the redacted text, quotes redacted to match.

        For evidence kept outside the facts (a case's timeline, an entity's mentions): the
        result is what ``redact_document`` gives for the same spans.
        """
        red, placed = self._apply(text)
        return _map_evidence(evidence, text, red, _OffsetMap(placed, len(text)), self.redact_text)

    def _redact_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact_text(value)
        if isinstance(value, dict):
            return {k: self._redact_value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._redact_value(v) for v in value]
        return value


class _OffsetMap:
    """Maps an offset of the original text to the redacted one.

    A boundary inside a replaced name moves to the edge of its placeholder: a start to its
    beginning, an end to its end, so a quote never holds half a name.
    """

    def __init__(self, placed: list[tuple[_Span, int]], length: int) -> None:
        self._placed = placed
        self._length = length

    def _map(self, pos: int, inside_to_end: bool) -> int:
        delta = 0
        for span, new_start in self._placed:
            if pos <= span.start:
                break
            if pos < span.end:
                return new_start + (len(span.replacement) if inside_to_end else 0)
            delta = new_start + len(span.replacement) - span.end
        return pos + delta

    def start(self, pos: int) -> int:
        return self._map(pos, inside_to_end=False)

    def end(self, pos: int) -> int:
        return self._map(pos, inside_to_end=True)


def _map_evidence(
    items: list[Evidence], text: str, red: str, shift: _OffsetMap, redact_text: Callable[[str], str]
) -> list[Evidence]:
    out = []
    for e in items:
        start, end = shift.start(e.start), shift.end(e.end)
        if text[e.start : e.end] == e.quote and start <= end:
            out.append(Evidence(start, end, red[start:end]))
        else:  # the span never matched the text: keep it, safe, and as it was
            out.append(Evidence(start, max(start, end), redact_text(e.quote)))
    return out


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def _is_name_gap(gap: str) -> bool:
    """True when ``gap`` joins two parts of one name: a space or hyphen (``ANA PEREZ`` matched
    as two parts), a comma (``Pérez, Ana``) or one or two name words, capitalised or particles."""
    if _NAME_JOINER.fullmatch(gap):
        return True
    words = gap.split()
    if not gap[:1].isspace() or not gap[-1:].isspace() or not 1 <= len(words) <= 2:
        return False
    return all(_GAP_WORD.fullmatch(w) and (w[0].isupper() or w.lower() in _PARTICLES) for w in words)


# -- entities ------------------------------------------------------------------------------


def redact_entity(entity: Entity) -> Entity:
    """A copy of an entity a viewer may see: a protected one keeps only its id, kind, countries
    and the documents it appears in.

    Its names, mention keys (they hold the normalised name), evidence and data (roles,
    age) are dropped; each mention's name becomes ``protected person``. The id stays so
    links still work; it is a hash, not a name. An entity that is not protected is
    returned as a copy, unchanged.
    """
    if not is_protected_entity(entity):
        return Entity.from_dict(entity.to_dict())
    mentions = [
        Mention(
            key="redacted:" + hashlib.sha256(m.key.encode()).hexdigest()[:16],
            doc_id=m.doc_id,
            kind=m.kind,
            name=PROTECTED_ENTITY,
            evidence=[],
            country=m.country,
            protected=True,
            data={},
        )
        for m in entity.mentions
    ]
    return Entity(
        id=entity.id,
        kind=entity.kind,
        name=PROTECTED_ENTITY,
        names=[],
        countries=list(entity.countries),
        protected=True,
        mentions=sorted(mentions, key=lambda m: (m.doc_id, m.key)),
        data={},
    )
