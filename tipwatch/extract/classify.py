"""Exploitation and indicator labels: sentences -> ``Facts.exploitation`` and ``Facts.indicators``.

A label is given when a sentence reports the crime, not when it only names it. So a cue
(per-language data in ``data/cues/<lang>/labels.yaml``) counts only where

* it is not negated ("no evidence of forced labour"),
* it is not the scope of a mission ("the fight against child prostitution", "luta contra a
  exploração laboral"),
* it lies outside an organisation's name ("the Unit against Organised Crime"),
* the sentence does not deny the claim ("ruled out reports that ..."),
* and, for exploitation labels, the sentence does not define, legislate or advocate
  ("... is a form of modern slavery", "must be criminalised", "called for ...").

Some labels need two ideas in one sentence (sexual exploitation + minors gives
child_sexual_exploitation), declared as ``combos``; sexual exploitation of a victim whose
stated age is under 18 is child sexual exploitation too. ``cross_border`` also comes from
a movement word (not a planned or intercepted one), the victims' origin or migrants named
with a country other than the document's main one. The small regex helpers here are
shared with ``events`` and ``victims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..labels import Exploitation, Indicator
from ..model import Evidence, Label
from .context import Context, Mention, Sentence
from .cues import compile_words, load_cues
from .numbers import find_ages

_GROUP_REF = re.compile(r"\{(\w+)\}")
NEVER = re.compile(r"(?!x)x")


def expand_groups(items: list[str], groups: dict[str, list[str]]) -> list[str]:
    """Replace ``{name}`` in each cue by the alternation of ``groups[name]``."""

    def sub(m: re.Match[str]) -> str:
        words = groups.get(m.group(1))
        if words is None:
            return m.group(0)
        return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"

    return [_GROUP_REF.sub(sub, item) for item in items]


def compile_tail(words: list[str], max_between: int) -> re.Pattern[str]:
    """A pattern that matches when the text ends at most ``max_between`` words after a cue.

    Searched on the text just before an occurrence, it tells whether that occurrence falls
    under a negation ("no", "sin", "não") or a scope word ("fight against").
    """
    if not words:
        return NEVER
    alts = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?:\W+[\w-]+){{0,{max_between}}}\W*$", re.IGNORECASE)


def spans_overlap(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def org_spans(ctx: Context, sent: Sentence) -> list[tuple[int, int]]:
    """Organisation names in a sentence, in sentence offsets: cue words inside them are names."""
    return [(m.start - sent.start, m.end - sent.start) for m in ctx.mentions_in(sent, "org")]


def mention_country(m: Mention) -> str | None:
    """The ISO2 code a country or place mention stands for."""
    if m.kind == "country":
        return m.key
    value = m.attrs.get("country")
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class _Cue:
    label: str
    exploitation: bool
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    exclude: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class LabelRules:
    """The compiled label cues of one language."""

    cues: tuple[_Cue, ...]
    groups: dict[str, re.Pattern[str]]
    combos: tuple[tuple[str, tuple[str, ...]], ...]
    implies: dict[str, tuple[str, ...]]
    exclude: re.Pattern[str]
    negation: re.Pattern[str]
    scope: re.Pattern[str]
    not_reported: re.Pattern[str]
    denied: re.Pattern[str]
    movement: re.Pattern[str]
    origin_nouns: re.Pattern[str]
    origin_end: re.Pattern[str]
    migrants: re.Pattern[str]
    planned: re.Pattern[str]
    stopped: re.Pattern[str]


def _cue_list(section: dict[str, Any], groups: dict[str, list[str]], exploitation: bool) -> list[_Cue]:
    out: list[_Cue] = []
    for label, spec in (section or {}).items():
        spec = spec if isinstance(spec, dict) else {"cues": spec}
        pattern = compile_words(expand_groups(list(spec.get("cues", [])), groups))
        unless = compile_words(list(spec["unless"])) if spec.get("unless") else None
        exclude = compile_words(list(spec["exclude"])) if spec.get("exclude") else None
        out.append(_Cue(str(label), exploitation, pattern, unless, exclude))
    return out


@cache
def load_label_rules(lang: str) -> LabelRules:
    """Compile ``labels.yaml`` of a language once per process."""
    data = load_cues(lang, "labels")
    groups: dict[str, list[str]] = {k: list(v) for k, v in (data.get("groups") or {}).items()}
    cues = _cue_list(data.get("exploitation", {}), groups, True) + _cue_list(
        data.get("indicators", {}), groups, False
    )
    filters = data.get("filters") or {}
    border = data.get("cross_border") or {}
    preps = "|".join(sorted(border.get("origin_preps", []), key=len, reverse=True)) or "(?!x)x"
    # "victims ... from [the] <country>", also "from countries including <country>"
    origin_end = re.compile(
        rf"(?<!\w)(?:{preps})\s+(?:(?:the|la|el|los|las|o|a|os|as)\s+)?"
        rf"(?:(?:countries|países|nations|naciones|nações)\s+(?:including|such as|like|como|tais como|incluindo|incluyendo),?\s+)?$",
        re.IGNORECASE,
    )
    return LabelRules(
        cues=tuple(cues),
        groups={k: compile_words(v) for k, v in groups.items()},
        combos=tuple((str(c["label"]), tuple(c["all"])) for c in data.get("combos") or []),
        implies={str(k): tuple(v) for k, v in (data.get("implies") or {}).items()},
        exclude=compile_words(list(data.get("exclude", []))),
        negation=compile_tail(list(filters.get("negation", [])), 2),
        scope=compile_tail(list(filters.get("scope", [])), 6),
        not_reported=compile_words(list(filters.get("not_reported", []))),
        denied=compile_words(list(filters.get("denied", []))),
        movement=compile_words(list(border.get("movement", []))),
        origin_nouns=compile_words(list(border.get("origin_nouns", []))),
        origin_end=origin_end,
        migrants=compile_words(list(border.get("migrants", []))),
        planned=compile_tail(list(border.get("planned", [])), 1),
        stopped=compile_words(list(border.get("stopped", []))),
    )


def occurrence_ok(
    rules: LabelRules,
    text: str,
    start: int,
    end: int,
    blocked: list[tuple[int, int]],
    names: list[tuple[int, int]],
) -> bool:
    """True when a cue at text[start:end] counts: not excluded, inside a name, negated or under a scope word.

    A cue inside an organisation's name is part of the name ("Unidad contra la Trata"); a
    cue that is the whole name is the organisation itself ("recruited on Facebook").
    """
    if spans_overlap(start, end, blocked) or any(
        a <= start and end <= b and (a, b) != (start, end) for a, b in names
    ):
        return False
    before = text[max(0, start - 120) : start]
    return not (rules.negation.search(before) or rules.scope.search(before))


def _any_ok(
    rules: LabelRules,
    pattern: re.Pattern[str],
    text: str,
    blocked: list[tuple[int, int]],
    names: list[tuple[int, int]],
) -> bool:
    return any(occurrence_ok(rules, text, m.start(), m.end(), blocked, names) for m in pattern.finditer(text))


def _crosses_border(
    ctx: Context,
    rules: LabelRules,
    sent: Sentence,
    blocked: list[tuple[int, int]],
    names: list[tuple[int, int]],
) -> bool:
    """A movement word, the victims' origin or migrants, with a country other than the main one."""
    if not ctx.main_country:
        return False
    foreign = [
        m
        for m in ctx.mentions_in(sent)
        if m.kind in ("country", "place") and mention_country(m) not in (None, ctx.main_country)
    ]
    if not foreign:
        return False
    text = sent.text
    if _any_ok(rules, rules.migrants, text, blocked, names):
        return True
    stopped = bool(rules.stopped.search(text))
    for mv in rules.movement.finditer(text):
        if stopped or rules.planned.search(text[max(0, mv.start() - 40) : mv.start()]):
            continue  # "were to be taken to ...", "intercepted before crossing"
        if occurrence_ok(rules, text, mv.start(), mv.end(), blocked, names) and any(
            0 <= (f.start - sent.start) - mv.end() <= 80 for f in foreign
        ):
            return True
    for f in foreign:
        rel = f.start - sent.start
        before = text[max(0, rel - 70) : rel]
        if rules.origin_end.search(before) and rules.origin_nouns.search(before):
            return True
    return False


def sentence_labels(ctx: Context, sent: Sentence, rules: LabelRules | None = None) -> set[str]:
    """The labels one sentence reports."""
    rules = rules or load_label_rules(ctx.language)
    text = sent.text
    blocked = [m.span() for m in rules.exclude.finditer(text)]
    names = org_spans(ctx, sent)
    if rules.denied.search(text):
        return set()  # "rejected the reports that the babies were meant for organ trafficking"
    reported = not rules.not_reported.search(text)
    found: set[str] = set()
    for cue in rules.cues:
        if cue.label in found or (cue.exploitation and not reported):
            continue
        if cue.unless is not None and cue.unless.search(text):
            continue
        own = blocked + [m.span() for m in cue.exclude.finditer(text)] if cue.exclude else blocked
        if _any_ok(rules, cue.pattern, text, own, names):
            found.add(cue.label)
    if reported:
        for label, groups in rules.combos:
            if label not in found and all(
                g in rules.groups and _any_ok(rules, rules.groups[g], text, blocked, names) for g in groups
            ):
                found.add(label)
    for label in list(found):
        found.update(rules.implies.get(label, ()))
    if Indicator.CROSS_BORDER not in found and _crosses_border(ctx, rules, sent, blocked, names):
        found.add(Indicator.CROSS_BORDER)
    return found


def _minor_victim_age(rules: LabelRules, text: str, lang: str) -> bool:
    """An age under 18 stated in a sentence about the victims ("one of them a 17-year-old girl")."""
    victim = rules.groups.get("victim")
    if victim is None or not victim.search(text):
        return False
    return any(a.age_max < 18 for a in find_ages(text, lang))


def extract_labels(ctx: Context) -> None:
    """Fill ctx.facts.exploitation and ctx.facts.indicators, each label with its sentences."""
    rules = load_label_rules(ctx.language)
    evidence: dict[str, list[Evidence]] = {}
    for sent in ctx.sentences:
        for label in sentence_labels(ctx, sent, rules):
            evs = evidence.setdefault(label, [])
            ev = ctx.evidence(sent)
            if ev not in evs:
                evs.append(ev)
    # sexual exploitation of a victim whose stated age is under 18 is child sexual exploitation
    if Exploitation.SEX_TRAFFICKING in evidence and Exploitation.CHILD_SEXUAL_EXPLOITATION not in evidence:
        for sent in ctx.sentences:
            if _minor_victim_age(rules, sent.text, ctx.language):
                evidence[Exploitation.CHILD_SEXUAL_EXPLOITATION] = [ctx.evidence(sent)]
                break
    # a public official among the suspects is an official taking part in the crime
    if Indicator.OFFICIAL_COMPLICITY not in evidence:
        complicit = [p for p in ctx.facts.persons if {"suspect", "official"} <= set(p.roles) and p.evidence]
        if complicit:
            evidence[Indicator.OFFICIAL_COMPLICITY] = [complicit[0].evidence[0]]
    ctx.facts.exploitation = [Label(str(x), evidence[x]) for x in Exploitation if x in evidence]
    ctx.facts.indicators = [Label(str(x), evidence[x]) for x in Indicator if x in evidence]
