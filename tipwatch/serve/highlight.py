"""A document's facts as a list beside its text, and the text with each fact's sentence marked.

Takes a Document and its Facts (already redacted for a viewer: offsets stay true) and
gives: ``fact_items`` (one entry per fact, each evidence span with an id such as ``f3-0``)
and ``mark_text`` (the text as safe HTML, every evidence span inside ``<mark>`` elements
that carry the ids of the spans covering them, and an empty anchor where each span
starts). Everything from the document is escaped here; nothing else builds this HTML.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..model import Amount, Event, Evidence, Facts, Place


def _place(p: Place) -> str:
    where = ", ".join(x for x in (p.country, p.subdivision) if x)
    return f"{p.name} ({where})" if where else p.name


def _event(e: Event) -> str:
    parts = [
        f"{k} {v}" for k, v in (("count", e.count), ("date", e.date), ("country", e.country)) if v is not None
    ]
    return ", ".join([e.type.replace("_", " "), *parts])


def _amount(m: Amount) -> str:
    upper = f"–{m.amount_max:,.0f}" if m.amount_max is not None else ""
    return f"{m.amount:,.0f}{upper} {m.currency} ({m.context.replace('_', ' ')})"


def fact_items(facts: Facts | None) -> list[dict[str, Any]]:
    """Every fact as ``{id, kind, label, evidence: [{id, start, end, quote}]}``, in reading order."""
    if facts is None:
        return []
    raw: list[tuple[str, str, list[Evidence]]] = []
    for p in facts.persons:
        about = ", ".join(p.roles) or "named"
        age = f", age {p.age}" if p.age is not None else ""
        raw.append(("person", f"{p.name} — {about}{age}", p.evidence))
    raw += [
        ("organization", f"{o.name} ({o.kind.replace('_', ' ')})", o.evidence) for o in facts.organizations
    ]
    raw += [("place", _place(p), p.evidence) for p in facts.places]
    raw += [("country", c.value, c.evidence) for c in facts.countries]
    raw += [("exploitation", x.value.replace("_", " "), x.evidence) for x in facts.exploitation]
    raw += [("indicator", x.value.replace("_", " "), x.evidence) for x in facts.indicators]
    v = facts.victims
    for name, value in (
        ("count", v.count),
        ("minors", v.minors),
        ("age_min", v.age_min),
        ("age_max", v.age_max),
        ("sexes", ", ".join(v.sexes) or None),
    ):
        if value is not None:
            raw.append(("victims", f"{name.replace('_', ' ')}: {value}", v.evidence.get(name, [])))
    raw += [("event", _event(e), e.evidence) for e in facts.events]
    raw += [("money", _amount(m), m.evidence) for m in facts.money]
    items = []
    for n, (kind, label, evidence) in enumerate(raw):
        fid = f"f{n}"
        spans = [
            {"id": f"{fid}-{i}", "start": e.start, "end": e.end, "quote": e.quote}
            for i, e in enumerate(evidence)
        ]
        first = min((e.start for e in evidence), default=None)
        items.append({"id": fid, "kind": kind, "label": label, "evidence": spans, "first": first})
    # In reading order: the list beside the text follows the text; facts without evidence last.
    items.sort(key=lambda it: (it["first"] is None, it["first"] or 0))
    return items


def mark_text(text: str, items: list[dict[str, Any]]) -> Markup:
    """The text as HTML with each evidence span in ``<mark class="ev" data-ev="f3-0 ...">``.

    Overlapping spans (one sentence supporting several facts) split into segments; each
    segment lists every span covering it. Spans whose offsets fall outside the text are
    left out of the marking (they are still listed).
    """
    spans = [
        (s["start"], s["end"], s["id"])
        for it in items
        for s in it["evidence"]
        if 0 <= s["start"] < s["end"] <= len(text)
    ]
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[str]] = {}
    for s, _, sid in spans:
        starts.setdefault(s, []).append(sid)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        out += [f'<span class="anchor" id="{escape(sid)}"></span>' for sid in starts.get(a, [])]
        covering = [sid for s, e, sid in spans if s <= a and e >= b]
        piece = str(escape(text[a:b]))
        if covering:
            out.append(f'<mark class="ev" data-ev="{escape(" ".join(covering))}">{piece}</mark>')
        else:
            out.append(piece)
    return Markup("".join(out))
